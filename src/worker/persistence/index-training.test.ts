import { describe, expect, it } from 'vitest';
import type { VectorIndex } from '../../vector-index/index.ts';
import { IndexTraining } from './index-training.ts';

/** An index stub that records when it trains. */
function trainable(fail = false): VectorIndex & { trainedAt: number[] } {
  let needs = true;
  const trainedAt: number[] = [];
  return {
    trainedAt,
    get needsTraining() {
      return needs;
    },
    async trainAsync() {
      if (fail) throw new Error('k-means exploded');
      trainedAt.push(performance.now());
      needs = false;
    },
  } as unknown as VectorIndex & { trainedAt: number[] };
}

describe('IndexTraining', () => {
  it('trains in a later task, not inside the call, and only once for concurrent requests', async () => {
    const training = new IndexTraining(
      () => undefined,
      () => undefined,
    );
    const index = trainable();
    const a = training.schedule(index);
    const b = training.schedule(index);
    expect(index.trainedAt).toHaveLength(0);
    await Promise.all([a, b]);
    expect(index.trainedAt).toHaveLength(1);
    expect(training.ms).toBeGreaterThanOrEqual(0);
    await training.schedule(index);
    expect(index.trainedAt).toHaveLength(1);
  });

  it('reports a failed training instead of throwing into the worker', async () => {
    const errors: unknown[] = [];
    const training = new IndexTraining(
      () => undefined,
      (e) => errors.push(e),
    );
    await training.schedule(trainable(true));
    expect(String(errors[0])).toContain('k-means exploded');
  });

  it('does nothing for an index without a training step or no index at all', async () => {
    const training = new IndexTraining(
      () => undefined,
      () => undefined,
    );
    await training.schedule(undefined);
    await training.schedule({ needsTraining: false } as VectorIndex);
    expect(training.ms).toBe(0);
  });
});
