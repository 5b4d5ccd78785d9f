// The demo shop's page script: one recommender per page (shared by every <inpage-rec> element),
// a backend panel, the widgets' analytics events shown in a log (they stay on the page), and a
// product grid renderer. Catalog data is written with textContent only.
import { createRecommender, setDefaultRecommender } from '/element.js';

// The demo ships prebuilt vectors (`npx inpage-rec build`, run by tools/build.ts): a first visit
// downloads them instead of embedding 659 products. `?embed` shows the other path: the browser
// embeds the whole catalog itself (its own IndexedDB namespace, so the two never mix).
const embed = new URLSearchParams(location.search).has('embed');
export const recommender = createRecommender(
  embed
    ? { catalog: '/demo/catalog.json', namespace: 'demo-embed' }
    : { catalog: '/demo/catalog.json', namespace: 'demo', vectors: '/demo/vectors/manifest.json' },
);
setDefaultRecommender(recommender);
window.inpageRec = recommender;

const t0 = performance.now();
const panel = document.querySelector('#backend-panel');
const field = (name) => panel?.querySelector(`[data-field="${name}"]`);
const set = (name, value) => {
  const el = field(name);
  if (el) el.textContent = value;
};

async function refreshPanel() {
  if (!panel) return;
  const s = await recommender.status();
  set(
    'backend',
    s.backend
      ? `${s.backend.device.toUpperCase()}${s.backend.device === 'wasm' ? `, ${s.backend.threads} thread${s.backend.threads === 1 ? '' : 's'}` : ''}`
      : s.phase === 'loading-model'
        ? 'loading the model…'
        : 'not loaded (nothing to embed)',
  );
  set('reason', s.backend?.reason ?? (s.phase === 'ready' ? 'every vector came from IndexedDB' : '…'));
  set('isolation', crossOriginIsolated ? 'yes (WASM threads allowed)' : 'no (single-threaded WASM)');
  set('phase', s.phase);
  set('items', `${s.indexed} of ${s.items} indexed (${s.indexKind ?? '-'} index)`);
  set(
    'work',
    `${s.embedded} embedded now, ${s.fromArtifact ?? 0} from prebuilt vectors, ${s.fromCache} from IndexedDB, ${s.encoderRuns} model runs`,
  );
  const ms = (v) => (v === undefined ? '…' : `${Math.round(v)} ms`);
  set('timing', `first results ${ms(s.timings.firstResultsMs)}, ready ${ms(s.timings.readyMs)}, embedding ${ms(s.timings.embedMs)}`);
  set('page', `${Math.round(performance.now() - t0)} ms since page start`);
}
recommender.on('progress', ({ done, total, unit }) => {
  set(
    'progress',
    unit !== 'bytes'
      ? `${done} / ${total}`
      : done < total
        ? `downloading prebuilt vectors: ${Math.round(done / 1024)} / ${Math.round(total / 1024)} KiB`
        : `prebuilt vectors downloaded: ${Math.round(total / 1024)} KiB`,
  );
  void refreshPanel();
});
recommender.on('phase', () => void refreshPanel());
recommender.ready.then(refreshPanel, (e) => set('phase', `failed: ${e.message}`));
void refreshPanel();

document.querySelector('#forget')?.addEventListener('click', async () => {
  await recommender.forget();
  document.querySelector('#forget-done')?.removeAttribute('hidden');
});

/** Fetches the catalog once for page rendering (the worker fetches its own copy). */
export async function catalogItems() {
  const res = await fetch('/demo/catalog.json');
  return res.json();
}

/** The widgets' analytics events, newest first: what a shop would hand to its own analytics. */
const log = document.querySelector('#event-log');
for (const type of ['inpage-rec:impression', 'inpage-rec:click', 'inpage-rec:dismiss', 'inpage-rec:error']) {
  document.addEventListener(type, (e) => {
    if (!log) return;
    const d = e.detail;
    const row = document.createElement('li');
    const where = e.target.id ? `#${e.target.id}` : e.target.localName;
    row.textContent = d.code ? `${type.slice(11)} ${where}: ${d.code}` : `${type.slice(11)} ${where}: ${d.id} (position ${d.position + 1})`;
    log.prepend(row);
    while (log.childElementCount > 30) log.lastElementChild.remove();
  });
}

/** The URL if it is http(s), else undefined (catalog data is untrusted). */
export function safeUrl(value) {
  try {
    const u = new URL(value, location.href);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : undefined;
  } catch {
    return undefined;
  }
}

/** Renders a grid of product links (text only). */
export function renderGrid(list, items) {
  list.replaceChildren(
    ...items.map((item) => {
      const li = document.createElement('li');
      const a = document.createElement('a');
      const href = safeUrl(item.url);
      if (href) a.href = href;
      const src = safeUrl(item.image);
      if (src) {
        const img = document.createElement('img');
        img.src = src;
        img.alt = '';
        a.append(img);
      }
      const title = document.createElement('span');
      title.textContent = item.title;
      a.append(title);
      li.append(a);
      return li;
    }),
  );
}
