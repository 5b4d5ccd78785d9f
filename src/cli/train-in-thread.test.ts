import { describe, expect, it } from 'vitest';
import { BUILD_RECIPE } from '../learn/recipe.ts';
import { trainSpace } from '../learn/train-space.ts';
import { Prng } from '../vector-index/prng.ts';
import { trainInThread } from './train-in-thread.ts';

/** 40 unit vectors of 16 dimensions and sessions over them. */
function logs() {
  const rng = new Prng(5);
  const dims = 16;
  const vectors = Float32Array.from({ length: 40 * dims }, () => rng.gaussian());
  for (let i = 0; i < 40; i++) {
    const row = vectors.subarray(i * dims, (i + 1) * dims);
    const norm = Math.hypot(...row);
    for (let k = 0; k < dims; k++) row[k]! /= norm;
  }
  const sessions = Array.from({ length: 120 }, () => Array.from({ length: 3 }, () => rng.int(40)));
  return { vectors, dims, sessions: sessions.map((s) => [...new Set(s)]) };
}

describe('trainInThread', () => {
  it('trains in a thread to the same bytes as in this one, its steps heard', async () => {
    const { vectors, dims, sessions } = logs();
    const recipe = { ...BUILD_RECIPE, train: { ...BUILD_RECIPE.train, epochs: 3 } };
    const here = trainSpace(vectors, dims, sessions, recipe, 8);
    const shared = new Float32Array(new SharedArrayBuffer(vectors.byteLength));
    shared.set(vectors);
    const steps: number[] = [];
    const there = await trainInThread({ vectors: shared, dims, logs: sessions, recipe, outDims: 8 }, (done) => steps.push(done));
    expect(there.trained.map.weights).toEqual(here.trained.map.weights);
    expect(there.space.query).toEqual(here.space.query);
    expect(there.space.target).toEqual(here.space.target);
    expect(there.pairs.from).toEqual(here.pairs.from);
    expect(there.offsetItems).toEqual(here.offsetItems);
    expect(steps).toEqual(Array.from({ length: here.trained.steps }, (_, i) => i + 1));
  });

  it("rejects with the thread's error", async () => {
    const { dims, sessions } = logs();
    // 10 floats are no whole number of 16-float rows.
    const setup = { vectors: new Float32Array(10), dims, logs: sessions, recipe: BUILD_RECIPE, outDims: 8 };
    await expect(trainInThread(setup)).rejects.toThrow(/training the learned space failed: .*not a multiple of 16/);
  });
});
