/**
 * The README's snippets, used verbatim by every bundled app (e2e/bundler-*.spec.ts); a unit test
 * (test/readme-snippets.test.ts) checks that the README shows exactly these. The one-line copy
 * step, the build of the catalog's vectors, the ES-module snippet with the element's markup, and
 * the React snippet, which leads with prebuilt vectors.
 */
export const SNIPPETS = {
  assets: ['inpage-rec', 'assets', 'public/inpage-rec'],
  vectors: ['inpage-rec', 'build', 'public/catalog.json', '--out', 'public/inpage-rec/vectors'],
  element: `import { createRecommender, setDefaultRecommender } from 'inpage-rec/element';
setDefaultRecommender(createRecommender({ catalog: '/catalog.json', assetsBase: '/inpage-rec/' }));
// every <inpage-rec> on the page now uses it
`,
  markup: '<inpage-rec mode="similar" item-id="sku-42" k="8" track-view></inpage-rec>',
  reactImport: "import { Recommendations } from 'inpage-rec/react';",
  react: `<Recommendations
  mode="similar"
  itemId="sku-42"
  catalog="/catalog.json"
  vectors="/inpage-rec/vectors/manifest.json"
  options={{ assetsBase: '/inpage-rec/' }}
  k={8}
  trackView
  renderItem={(rec) => <strong>{String(rec.item.title)}</strong>}
/>`,
};

/**
 * The React snippet without its `vectors` line: what a site that skipped the build gets (the page
 * embeds the catalog with the model). The apps test both ways.
 */
export function withoutVectors(snippet: string): string {
  const out = snippet.replace(/\n {2}vectors=.*\n/, '\n');
  if (out === snippet) throw new Error('the React snippet has no vectors line');
  return out;
}
