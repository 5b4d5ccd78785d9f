/**
 * The build's per-site choice of graph propagation (propagate.ts): on the eval's validation sets it
 * lifts dense logs (MovieLens's next item +20%) and costs sparse ones (Office -6%), so no one
 * setting serves every site. The build scores each setting on a held-out slice of the site's own
 * sessions (held-out.ts) and keeps the best, or none.
 */
import type { FlatSessions } from '../signals/build.ts';
import { type HeldOutQuery, heldOutHitRate, holdOutLast } from './held-out.ts';
import { eachSession, type PairOptions, type Pairs, sessionPairs, supportedItems } from './pairs.ts';
import { type PropagateOptions, type PropagationGraph, propagateOver, propagationGraph } from './propagate.ts';

/** The settings tried besides none: one hop, three strengths (validation: more hops added nothing). */
export const PROPAGATION_SETTINGS: readonly Readonly<PropagateOptions>[] = Object.freeze([
  { layers: 1, alpha: 0.3 },
  { layers: 1, alpha: 0.5 },
  { layers: 1, alpha: 0.7 },
]);

/**
 * A setting is kept only when its held-out hit rate is at least this much above none's (relative),
 * so near-equal scores (noise) leave the trained space as it is.
 */
export const MIN_LIFT = 0.03;

/** What the choice saw: each setting's held-out HR@10 (none first), and the one kept. */
export interface PropagationChoice {
  chosen: Readonly<PropagateOptions> | null;
  hitRates: { setting: Readonly<PropagateOptions> | null; hitRate: number }[];
  queries: number;
}

/** A trained space's two sides (the same array twice when it is not directional). */
export interface SpaceSides {
  query: Float32Array;
  target: Float32Array;
  dims: number;
}

/**
 * Both sides of `space` propagated by `setting` (each side on its own) over `graph`
 * (propagate.ts `propagationGraph`), or `space` for null.
 */
export function propagateSides(space: SpaceSides, graph: PropagationGraph, setting: Readonly<PropagateOptions> | null): SpaceSides {
  if (!setting) return space;
  const target = propagateOver(graph, space.target, space.dims, setting);
  const query = space.query === space.target ? target : propagateOver(graph, space.query, space.dims, setting);
  return { query, target, dims: space.dims };
}

/**
 * Scores no propagation and each of `PROPAGATION_SETTINGS` on `queries`, for a space trained
 * without them (`pairs` and `eligible` of that training), and picks one. Deterministic.
 */
export function choosePropagation(
  space: SpaceSides,
  pairs: Pairs,
  eligible: ArrayLike<number>,
  queries: readonly HeldOutQuery[],
): PropagationChoice {
  const hitRates: PropagationChoice['hitRates'] = [];
  const graph = propagationGraph(pairs, eligible, space.target.length / space.dims);
  for (const setting of [null, ...PROPAGATION_SETTINGS]) {
    const s = propagateSides(space, graph, setting);
    hitRates.push({ setting, hitRate: heldOutHitRate(s.query, s.target, s.dims, queries) });
  }
  const none = hitRates[0]!.hitRate;
  let best = hitRates[0]!;
  for (const h of hitRates.slice(1)) if (h.hitRate > best.hitRate) best = h;
  const chosen = best.setting && best.hitRate >= none * (1 + MIN_LIFT) ? best.setting : null;
  return { chosen, hitRates, queries: queries.length };
}

/** A space trained on some sessions, with that training's pairs and offset items. */
export interface TrainedSpace {
  space: SpaceSides;
  pairs: Pairs;
  offsetItems: Uint8Array;
}

/** The recipe's parts the choice reads (recipe.ts `LearnRecipe`). */
export interface ChoiceRecipe {
  pairs: Readonly<Partial<PairOptions>>;
  offsetSupport: number;
  choose: Readonly<{ retrainUpToRows: number }>;
}

/** True when `trainChoosingPropagation` trains twice: logs of at most `choose.retrainUpToRows` rows. */
export function trainsTwice(sessions: readonly (readonly number[])[] | FlatSessions, recipe: Readonly<ChoiceRecipe>): boolean {
  let rows = 0;
  for (const s of eachSession(sessions)) rows += s.length;
  return rows <= recipe.choose.retrainUpToRows;
}

/**
 * The build's way to a propagated space, around a `train` it is given (the build's trainer, in a
 * thread per training; or the eval's cached one): train without some sessions' last items
 * (held-out.ts), choose propagation on them, train again on every session when the logs have at
 * most `choose.retrainUpToRows` rows (else ship the first training), and propagate as chosen over
 * every session's pairs. `n` items. The two trainings are independent: both are started before
 * either is awaited, so an asynchronous `train` runs them at once.
 */
export async function trainChoosingPropagation<T extends TrainedSpace>(
  sessions: readonly (readonly number[])[] | FlatSessions,
  n: number,
  recipe: Readonly<ChoiceRecipe>,
  train: (logs: readonly (readonly number[])[] | FlatSessions, phase: 'choice' | 'space') => T | Promise<T>,
): Promise<{ shipped: T; choice: PropagationChoice; final: SpaceSides; pairs: Pairs; offsetItems: Uint8Array }> {
  const split = holdOutLast(sessions);
  const retrain = trainsTwice(sessions, recipe);
  const heldInTraining = Promise.resolve(train(split.train, retrain ? 'choice' : 'space'));
  const [heldIn, shipped] = await Promise.all([heldInTraining, retrain ? train(sessions, 'space') : heldInTraining]);
  const choice = choosePropagation(heldIn.space, heldIn.pairs, heldIn.offsetItems, split.queries);
  // Propagated over every session's pairs, held-out items included: no choice is scored on them now.
  const pairs = retrain ? shipped.pairs : sessionPairs(sessions, recipe.pairs);
  const offsetItems = retrain ? shipped.offsetItems : supportedItems(sessions, n, recipe.offsetSupport);
  const final = propagateSides(shipped.space, propagationGraph(pairs, offsetItems, n), choice.chosen);
  return { shipped, choice, final, pairs, offsetItems };
}
