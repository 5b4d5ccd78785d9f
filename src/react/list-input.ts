/**
 * The list input of `<Recommendations>` props: the same strict reading as the element's attributes
 * (ui/option-values.ts), so `k={0}`, `diversity={2}`, a `filter` string or an `excludeIds` string is reported as an
 * invalid option naming the prop, as the element does, instead of silently becoming the default.
 */
import type { ListInput } from '../ui/list-types.ts';
import { checkFilter, checkIds, listOptions, readK, readUnit } from '../ui/option-values.ts';
import type { RecommendationsProps } from './recommendations.ts';

/** The list input of `props`, with `query` (the one the visitor typed, else the prop's). */
export function listInputOf(props: RecommendationsProps, query: string | undefined): ListInput {
  return {
    mode: props.mode,
    itemId: props.itemId,
    query,
    ...listOptions({
      k: readK(props.k, 'the k prop'),
      diversity: readUnit(props.diversity, 'the diversity prop'),
      minScore: readUnit(props.minScore, 'the minScore prop'),
      filter: checkFilter(props.filter, 'the filter prop'),
      excludeIds: [checkIds(props.excludeIds, 'the excludeIds prop')],
    }),
    ...(props.allowRepeats ? { allowRepeats: true } : {}),
    ...(props.trackView ? { trackView: true } : {}),
  };
}
