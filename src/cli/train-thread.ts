/**
 * One training thread of `inpage-rec build --interactions` (train-in-thread.ts starts it): the
 * build's two trainings of the learned space (the held-out one that chooses propagation, and the
 * one on every session) are independent, so they run at once, one per core.
 *
 * Protocol: `workerData` is {@link TrainThreadSetup}; the thread posts `{ step: [done, total] }`
 * for every training step, then `{ result }` (its arrays transferred) or `{ error }`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { LearnRecipe } from '../learn/recipe.ts';
import { type SpaceTraining, trainSpace } from '../learn/train-space.ts';
import type { FlatSessions } from '../signals/build.ts';

/** What a training needs: the text vectors (shared, not copied), the logs, the recipe. */
export interface TrainThreadSetup {
  vectors: Float32Array;
  dims: number;
  logs: readonly (readonly number[])[] | FlatSessions;
  recipe: Pick<LearnRecipe, 'pairs' | 'train' | 'offsetSupport'>;
  outDims: number;
}

/** What the thread posts. */
export type TrainThreadMessage = { step: [number, number] } | { result: SpaceTraining } | { error: string };

function run(setup: TrainThreadSetup): void {
  const port = parentPort!;
  const post = (m: TrainThreadMessage, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);
  try {
    const result = trainSpace(setup.vectors, setup.dims, setup.logs, setup.recipe, setup.outDims, (done, total) =>
      post({ step: [done, total] }),
    );
    const { trained, space, pairs, offsetItems } = result;
    const arrays = [trained.map.weights, trained.offsets, space.query, space.target, pairs.from, pairs.to, offsetItems];
    // Each buffer once (the sides are one array when the space is not directional).
    post({ result }, [...new Set(arrays.map((a) => a.buffer as ArrayBuffer))]);
  } catch (err) {
    post({ error: err instanceof Error ? err.message : String(err) });
  }
}

run(workerData as TrainThreadSetup);
