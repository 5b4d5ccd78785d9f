/**
 * `inpage-rec/react`: `<Recommendations mode="similar" itemId="sku-42" catalog="/catalog.json" />`.
 *
 * Same options as the element, as props. Cards: default markup, or `renderItem(rec)` (render prop)
 * or `itemComponent` (component prop). Safe on a server: it renders a placeholder there and on the
 * first client render, and starts the worker in an effect.
 */
import { type ComponentType, Fragment, createElement as h, type ReactNode, useEffect, useRef, useState } from 'react';
import { createRecommender, setDefaultAssetsBase } from '../recommender.ts';
import type { RankOptions, Recommendation, Recommender, RecommenderOptions } from '../types.ts';
import { type ClickLike, trackThenFollow } from '../ui/click.ts';
import { becauseOf, priceOf, titleOf } from '../ui/format.ts';
import { MODES, type Mode } from '../ui/modes.ts';
import { sharedRecommender } from '../ui/registry.ts';
import { safeHttpUrl } from '../ui/safe-url.ts';

if (typeof document !== 'undefined') setDefaultAssetsBase(import.meta.url);

export interface RecommendationsProps {
  mode: Mode;
  itemId?: string | number;
  query?: string;
  k?: number;
  filter?: RankOptions['filter'];
  /** A catalog (URL or items): one recommender per distinct URL is shared across components. */
  catalog?: RecommenderOptions['catalog'];
  /** Or pass a recommender you created. */
  recommender?: Recommender;
  /** Further `createRecommender` options, used when `catalog` is given. */
  options?: Omit<RecommenderOptions, 'catalog'>;
  heading?: string;
  /** similar: record a view of `itemId` when mounted. */
  trackView?: boolean;
  renderItem?: (rec: Recommendation) => ReactNode;
  itemComponent?: ComponentType<{ rec: Recommendation }>;
  className?: string;
}

function useRecommender(props: RecommendationsProps): Recommender | undefined {
  const [r, setR] = useState<Recommender | undefined>(props.recommender);
  // Options are read when a recommender is created; a new options object on every render must not
  // create a new worker.
  const options = useRef(props.options);
  options.current = props.options;
  const { recommender, catalog } = props;
  useEffect(() => {
    if (recommender) return setR(recommender);
    if (!catalog) return;
    if (Array.isArray(catalog)) {
      const own = createRecommender({ ...options.current, catalog });
      setR(own);
      return () => void own.destroy();
    }
    // Shared with every element and component naming the same catalog: one worker per catalog.
    setR(sharedRecommender(catalog, options.current));
  }, [recommender, catalog]);
  return r;
}

/** The recommendations widget as a React component. */
export function Recommendations(props: RecommendationsProps): ReactNode {
  const r = useRecommender(props);
  const [recs, setRecs] = useState<Recommendation[] | undefined>(undefined);
  const [progress, setProgress] = useState<{ done: number; total: number } | undefined>();
  const viewed = useRef('');
  const { mode, itemId, query, trackView } = props;
  const k = props.k ?? 8;
  // Compared by value: a filter literal in the caller's JSX is a new object on every render.
  const filterKey = JSON.stringify(props.filter ?? null);

  useEffect(() => {
    if (!r) return;
    const off = r.on('progress', (p) => setProgress(p.done >= p.total ? undefined : p));
    if (mode === 'similar' && trackView && itemId !== undefined && viewed.current !== String(itemId)) {
      viewed.current = String(itemId);
      void r.track({ type: 'view', itemId }).catch(() => undefined);
    }
    return off;
  }, [r, mode, itemId, trackView]);

  useEffect(() => {
    if (!r) return;
    let live = true;
    const opts = { k, filter: JSON.parse(filterKey) ?? undefined };
    const load = () => {
      MODES[mode].fetch(r, { itemId, query }, opts).then(
        (x) => live && setRecs(x),
        () => live && setRecs([]),
      );
    };
    const offs = [
      r.on('phase', ({ phase }) => (phase === 'ready' || phase === 'cached') && load()),
      r.on('history', (e) => MODES[mode].refreshOn(e) && load()),
      r.on('refresh', load),
    ];
    load();
    return () => {
      live = false;
      for (const off of offs) off();
    };
  }, [r, mode, itemId, query, k, filterKey]);

  const heading = props.heading ?? MODES[props.mode].heading;
  if (!r || recs === undefined) {
    return h(
      'section',
      { className: props.className, 'aria-label': heading, 'aria-busy': true, 'data-inpage-rec': 'placeholder' },
      h('h2', null, heading),
    );
  }
  const card = (rec: Recommendation): ReactNode => {
    if (props.itemComponent) return h(props.itemComponent, { rec });
    if (props.renderItem) return props.renderItem(rec);
    const href = safeHttpUrl(rec.item.url);
    const src = safeHttpUrl(rec.item.image);
    const body = h(
      Fragment,
      null,
      src ? h('img', { src, alt: '', loading: 'lazy' }) : null,
      h('span', { className: 'title' }, titleOf(rec.item)),
      priceOf(rec.item) ? h('span', { className: 'price' }, priceOf(rec.item)) : null,
      becauseOf(rec) ? h('span', { className: 'because' }, becauseOf(rec)) : null,
    );
    return href ? h('a', { href, onClick: (e: ClickLike) => void trackThenFollow(e, r, rec, href) }, body) : h('div', null, body);
  };
  return h(
    'section',
    { className: props.className, 'aria-label': heading, 'data-inpage-rec': 'ready' },
    h('h2', null, heading),
    progress
      ? h(
          'div',
          { role: 'status' },
          `Warming up: learning the catalog (${progress.done} of ${progress.total})…`,
          h('progress', { max: progress.total, value: progress.done }),
        )
      : null,
    recs.length === 0
      ? h('p', null, MODES[props.mode].emptyText({ itemId, query }))
      : h(
          'ul',
          { role: 'list' },
          recs.map((rec) =>
            h(
              'li',
              { key: String(rec.id), 'data-id': String(rec.id) },
              card(rec),
              h(
                'button',
                {
                  type: 'button',
                  'aria-label': `Not interested in ${titleOf(rec.item)}`,
                  onClick: () => void r.track({ type: 'dismiss', itemId: rec.id }).catch(() => undefined),
                },
                '×',
              ),
            ),
          ),
        ),
  );
}

export { createRecommender } from '../recommender.ts';
export type { Recommendation, Recommender, RecommenderOptions } from '../types.ts';
