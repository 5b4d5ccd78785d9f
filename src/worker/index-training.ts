/**
 * Runs the index's training step (quantizer ranges, IVF centroids) off the query path: after the
 * catalog is ready and after each update, in a task of its own, never inside a query. Until it has
 * run the index answers by an exact scan, so nothing waits for it.
 */
import type { VectorIndex } from '../vector-index/index.ts';

/** Schedules and times index training. */
export class IndexTraining {
  private pending: Promise<void> | undefined;
  private totalMs = 0;

  /** `onError` hears a failed training; the index then keeps answering from its previous state. */
  constructor(private readonly onError: (err: unknown) => void) {}

  /** Milliseconds spent training so far. */
  get ms(): number {
    return this.totalMs;
  }

  /**
   * Trains `index` in a later task when it asks for it; resolves when that is done. Calls while a
   * training is pending share it.
   */
  schedule(index: VectorIndex | undefined): Promise<void> {
    if (!index?.needsTraining) return this.pending ?? Promise.resolve();
    this.pending ??= new Promise<void>((resolve) => {
      // A macrotask: queries already queued on the worker run first.
      setTimeout(() => {
        try {
          if (index.needsTraining) {
            const t0 = performance.now();
            index.train();
            this.totalMs += performance.now() - t0;
          }
        } catch (err) {
          this.onError(err);
        } finally {
          this.pending = undefined;
          resolve();
        }
      }, 0);
    });
    return this.pending;
  }
}
