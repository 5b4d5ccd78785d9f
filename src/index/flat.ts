/**
 * Exact search (FAISS `IndexFlatIP`): every query scans every float32 row. The reference the
 * approximate indexes are measured against, and the fastest choice for small catalogs.
 */
import { FloatScanner } from './scanner.ts';
import { SearchRun } from './search-run.ts';
import { StoredIndex } from './stored-index.ts';
import type { Hit, SearchOptions } from './types.ts';

/** Brute-force inner-product index over float32 vectors. */
export class FlatIndex extends StoredIndex {
  /** @inheritdoc */
  readonly kind: string = 'flat';
  private readonly scanner = new FloatScanner(this.store);

  /** @inheritdoc */
  search(query: Float32Array, k: number, opts?: SearchOptions): Hit[] {
    const run = new SearchRun(this.store, this.scanner, query, k, opts, 1);
    if (!run.empty) run.scan(null, this.store.size);
    return run.finish();
  }
}
