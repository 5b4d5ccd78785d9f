/**
 * Runs the index's training step (quantizer ranges, IVF centroids) off the query path: after the
 * catalog is ready and after each update, in a task of its own, never inside a query. Until it has
 * run the index answers by an exact scan, so nothing waits for it.
 */
import type { VectorIndex } from '../../vector-index/index.ts';

/** Schedules and times index training. */
export class IndexTraining {
  private pending: Promise<void> | undefined;
  private totalMs = 0;

  /**
   * `onTrained` gets each new learnt state (the engine persists it, so the next visit imports it
   * instead of training); `onError` hears a failed training, after which the index keeps
   * answering from its previous state.
   */
  constructor(
    private readonly onTrained: (index: VectorIndex) => Promise<void> | void,
    private readonly onError: (err: unknown) => void,
  ) {}

  /** Milliseconds spent training so far (wall time of the cooperative training). */
  get ms(): number {
    return this.totalMs;
  }

  /**
   * Trains `index` in later tasks when it asks for it; resolves when that is done. The training
   * yields to the event loop every few milliseconds (`trainAsync`), so queries keep being answered
   * meanwhile. Calls while a training is pending share it.
   */
  schedule(index: VectorIndex | undefined): Promise<void> {
    if (!index?.needsTraining) return this.pending ?? Promise.resolve();
    this.pending ??= (async () => {
      // A macrotask first: queries already queued on the worker run before any training.
      await new Promise((ok) => setTimeout(ok, 0));
      try {
        if (index.needsTraining) {
          const t0 = performance.now();
          await index.trainAsync();
          this.totalMs += performance.now() - t0;
          await this.onTrained(index);
        }
      } catch (err) {
        this.onError(err);
      } finally {
        this.pending = undefined;
      }
    })();
    return this.pending;
  }
}
