/**
 * Keeps what the next visit needs to answer at once: the index's learnt state (so it never trains
 * again) and its codes (so 100k rows load without reading or encoding float32 vectors, see
 * src/vector-index/row-codes.ts). Saved after `ready` and after each training, in the background,
 * only when the index changed since the last save: an unchanged returning visit writes nothing.
 *
 * The codes are a cache derived from the vectors, which stay in IndexedDB as the source of truth
 * (an index of another kind, a retraining from exact values, a catalog that grew past a size
 * threshold all start from them). Cost: 64 B + 512 B + 64 B per 512-d row of the default index,
 * 64 MB at 100k beside the 205 MB of vectors.
 */
import type { EngineContext } from '../context.ts';

/** Where the index's learnt state (quantizer ranges, centroids) is kept between visits. */
export function trainingKey(modelKey: string): string {
  return `index-training:${modelKey}`;
}

/** Saves the index's state and codes when they changed; see the module comment. */
export class IndexSaver {
  private savedVersion = -1;
  private running: Promise<void> | undefined;
  private again = false;
  private lastSavedAt: number | undefined;

  constructor(private readonly ctx: Pick<EngineContext, 'store' | 'state' | 'modelKey'>) {}

  /** `performance.now()` when the state (and codes) were last written, if ever in this worker. */
  get savedAt(): number | undefined {
    return this.lastSavedAt;
  }

  /** What is stored already matches the index as it is now (it was just loaded from there). */
  markSaved(): void {
    this.savedVersion = this.ctx.state.codesVersion;
  }

  /** Saves unless nothing changed; calls during a save run once more after it. Never rejects. */
  save(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.run().finally(() => {
      this.running = undefined;
      if (this.again) {
        this.again = false;
        void this.save();
      }
    });
    return this.running;
  }

  private async run(): Promise<void> {
    const { store, state, modelKey } = this.ctx;
    const index = state.index;
    const version = state.codesVersion;
    // Codes of stand-in vectors (the artifact head's signs) must never reach the next visit.
    if (!index || version === this.savedVersion || state.coarseShare > 0) return;
    const training = index.exportTraining();
    if (!training) return; // untrained, or a kind without a learnt state: nothing to keep
    // The store degrades on failures (resilient-store.ts): a lost write costs the next visit time, not data.
    await store.setSetting(trainingKey(modelKey), training);
    const codes = index.exportCodes();
    if (codes) {
      const hashes = codes.keys.map((key) => state.indexedHashOf(key) ?? '');
      await store.saveIndexCodes(modelKey, codes, hashes);
    } else {
      // A trained index that keeps float rows (the catalog shrank to a float re-rank): codes an
      // earlier visit saved for a larger catalog would only be read and refused.
      await store.deleteIndexCodes(modelKey);
    }
    this.savedVersion = version;
    this.lastSavedAt = performance.now();
  }
}
