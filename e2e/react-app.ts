/**
 * A plain React page using the published component, built by e2e/global-setup.ts, served at /e2e-app/.
 * Default: one similar list. `?scenario=full`: a product page's similar and for-you lists with
 * analytics callbacks (recorded in window.__events), a currency, a locale and translations.
 * `?scenario=search`: one search list (its form).
 */
import { createElement as h } from 'react';
import { createRoot } from 'react-dom/client';
import { createRecommender, Recommendations } from '../src/react/index.ts';

// The app bundle lives in /e2e-app/, the library's assets at the site root.
const recommender = createRecommender({ catalog: '/e2e/catalog-small.json', namespace: 'react', assetsBase: '/' });
(window as unknown as { inpageRec: unknown }).inpageRec = recommender;
const events: { type: string; list: string; detail: unknown }[] = [];
(window as unknown as { __events: unknown }).__events = events;
const record = (type: string, list: string) => (detail: unknown) => events.push({ type, list, detail });

const scenario = new URLSearchParams(location.search).get('scenario');
const full = scenario === 'full';
createRoot(document.getElementById('root')!).render(
  full
    ? h(
        'main',
        null,
        h('h1', null, 'React test page'),
        h(
          'div',
          { id: 'react-similar' },
          h(Recommendations, {
            mode: 'similar',
            itemId: 'nw-0001',
            k: 4,
            recommender,
            trackView: true,
            currency: 'EUR',
            locale: 'de-DE',
            translations: { 'heading.similar': 'Ähnliche Artikel', 'card.dismiss': '{title} ausblenden' },
            onItemClick: (detail, event) => {
              events.push({ type: 'click', list: 'similar', detail });
              event.preventDefault(); // the app routes itself
            },
            onImpression: record('impression', 'similar'),
            onDismiss: record('dismiss', 'similar'),
          }),
        ),
        h(
          'div',
          { id: 'react-for-you' },
          h(Recommendations, {
            mode: 'for-you',
            k: 4,
            recommender,
            layout: 'carousel',
            onImpression: record('impression', 'for-you'),
            onDismiss: record('dismiss', 'for-you'),
            onError: record('error', 'for-you'),
          }),
        ),
      )
    : scenario === 'search'
      ? h(Recommendations, { mode: 'search', k: 4, recommender })
      : h(Recommendations, { mode: 'similar', itemId: 'nw-0001', k: 4, recommender, heading: 'You may also like' }),
);
