/**
 * Exact search (FAISS `IndexFlatIP`): every query scans every float32 row. The reference the
 * approximate indexes are measured against, and the fastest choice for small catalogs.
 */

import { RowIndex } from './row-index.ts';
import { FloatScanner } from './scanner.ts';
import { SearchRun } from './search-run.ts';
import type { Hit, SearchOptions } from './types.ts';

/** Brute-force inner-product index over float32 vectors. */
export class FlatIndex extends RowIndex {
  /** @inheritdoc */
  readonly kind: string = 'flat';
  private readonly scanner = new FloatScanner(this.vectors);

  /** @inheritdoc */
  search(query: Float32Array, k: number, opts?: SearchOptions): Hit[] {
    const run = new SearchRun(this.vectors, this.scanner, query, k, opts, 1);
    if (!run.empty) run.scan(null, this.vectors.size);
    return run.finish();
  }
}
