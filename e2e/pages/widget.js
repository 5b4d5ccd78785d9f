// The widget test page: one recommender on the 60-item test catalog, registered as the page
// default. `?catalog=noimage` strips every image (cards without images); `?catalog=<url>` uses
// another catalog, `&vectors=<url>` with its prebuilt vectors. Tests add <inpage-rec> elements to
// #slot and read window.__events.
import { createRecommender, setDefaultRecommender } from '/element.js';

const param = new URLSearchParams(location.search).get('catalog');
let catalog = param && param !== 'noimage' ? param : '/e2e/catalog-small.json';
if (param === 'noimage') {
  const items = await (await fetch(catalog)).json();
  catalog = items.slice(0, 12).map(({ image, ...rest }) => rest);
}
const vectors = new URLSearchParams(location.search).get('vectors') ?? undefined;
const recommender = createRecommender({ catalog, vectors, namespace: `widget-${param ?? 'small'}` });
setDefaultRecommender(recommender);
window.inpageRec = recommender;

/** Every widget event, in order: what a page's analytics would receive. */
window.__events = [];
for (const type of ['inpage-rec:impression', 'inpage-rec:click', 'inpage-rec:dismiss', 'inpage-rec:error', 'inpage-rec:render']) {
  document.addEventListener(type, (e) => window.__events.push({ type: type.slice(11), target: e.target.id, detail: e.detail }));
}
