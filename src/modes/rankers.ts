/**
 * The registry of modes as the worker ranks them: one ranker per mode of `MODES` (index.ts). The
 * compiler checks that none is missing; the router (src/worker/ranking/router.ts) reads this table.
 */
import { complementsRanker } from './complements.ts';
import { forYouRanker } from './for-you.ts';
import type { MODES, ModeName } from './index.ts';
import type { Ranker } from './ranker.ts';
import { searchRanker } from './search.ts';
import { similarRanker } from './similar.ts';

/** Every mode's ranker, by mode name: the compiler rejects a mode of `MODES` without one. */
export const RANKERS: { readonly [N in ModeName]: Ranker<Extract<(typeof MODES)[number], { name: N }>> } = {
  similar: similarRanker,
  complements: complementsRanker,
  'for-you': forYouRanker,
  search: searchRanker,
};

export type {
  CatalogView,
  QueryTools,
  RankContext,
  Ranked,
  Ranker,
  RankInput,
  RemoteAsk,
  RemoteTools,
  ResolvedOptions,
  ScoreScale,
} from './ranker.ts';
export { rankerFor } from './ranker.ts';
