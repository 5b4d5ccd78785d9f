/** A plain React page using the published component, built by e2e/global-setup.ts, served at /e2e-app/. */
import { createElement as h } from 'react';
import { createRoot } from 'react-dom/client';
import { createRecommender, Recommendations } from '../src/react/index.ts';

// The app bundle lives in /e2e-app/, the library's assets at the site root.
const recommender = createRecommender({ catalog: '/e2e/catalog-small.json', namespace: 'react', assetsBase: '/' });
(window as unknown as { inpageRec: unknown }).inpageRec = recommender;
createRoot(document.getElementById('root')!).render(
  h(Recommendations, { mode: 'similar', itemId: 'nw-0001', k: 4, recommender, heading: 'You may also like' }),
);
