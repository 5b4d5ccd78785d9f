/**
 * Flat search over int8 codes with exact re-ranking (FAISS `IndexScalarQuantizer` + `IndexRefine`):
 * the scan reads a quarter of the bytes of a float scan, keeps `k * rerank` candidates, and the
 * float32 rows re-score those, so the returned scores are exact and the ranking nearly so.
 */
import { checkInt, checkKnownOptions } from './args.ts';
import { Int8Codes } from './codes.ts';
import { RowIndex } from './row-index.ts';
import { FloatScanner, Int8Scanner } from './scanner.ts';
import { SearchRun } from './search-run.ts';
import type { Hit, SearchOptions } from './types.ts';

/** Options of QuantizedFlatIndex. */
export interface QuantizedFlatOptions {
  /** Candidates scanned from codes per wanted hit, re-ranked exactly. Default 4; higher = better recall. */
  rerank?: number;
}

/** The default candidate multiplier for int8 scans. */
export const DEFAULT_RERANK = 4;

/** Int8 scalar-quantized flat index with exact float32 re-ranking. */
export class QuantizedFlatIndex extends RowIndex {
  /** @inheritdoc */
  readonly kind: string = 'int8';
  /** Candidates per wanted hit. */
  readonly rerank: number;
  private readonly codes: Int8Codes;
  private readonly scanner: Int8Scanner;
  private readonly exactScanner: FloatScanner;

  constructor(dims: number, opts: QuantizedFlatOptions = {}) {
    super(dims);
    checkKnownOptions(opts, ['rerank'], 'int8 index');
    this.rerank = checkInt('rerank', opts.rerank ?? DEFAULT_RERANK, 1, 1024);
    this.codes = new Int8Codes(this.vectors);
    this.scanner = new Int8Scanner(this.codes);
    this.exactScanner = new FloatScanner(this.vectors);
  }

  /** @inheritdoc */
  override get needsTraining(): boolean {
    return this.codes.needsTraining;
  }

  /** Fits the quantizer to the current vectors and encodes every row. */
  override train(): void {
    this.codes.retrain();
  }

  /** @inheritdoc */
  search(query: Float32Array, k: number, opts?: SearchOptions): Hit[] {
    // Until the first training there are no codes: score the float rows exactly.
    const scanner = this.codes.trained ? this.scanner : this.exactScanner;
    const run = new SearchRun(this.vectors, scanner, query, k, opts, this.rerank);
    if (!run.empty) run.scan(null, this.vectors.size);
    return run.finish();
  }

  /** @inheritdoc */
  override memoryBytes(): number {
    return super.memoryBytes() + this.codes.memoryBytes();
  }
}
