/**
 * Inverted-file index (FAISS `IndexIVFFlat` / `IndexIVFScalarQuantizer`): vectors are filed under
 * their nearest k-means centroid and a query scans only the `nprobe` lists whose centroids score
 * highest. The list scan is composed from a scanner, float32 or int8 (then re-ranked exactly).
 */
import { createError, ErrorCodes } from '../errors.ts';
import { checkInt, checkKnownOptions } from './args.ts';
import { Int8Codes } from './codes.ts';
import { dotF32 } from './dot.ts';
import { trainKMeans } from './kmeans.ts';
import { InvertedLists } from './lists.ts';
import { DEFAULT_RERANK } from './quantized-flat.ts';
import { RowIndex } from './row-index.ts';
import { FloatScanner, Int8Scanner, type RowScanner } from './scanner.ts';
import { SearchRun } from './search-run.ts';
import type { Hit, SearchOptions } from './types.ts';

/** Options of IvfIndex. */
export interface IvfOptions {
  /** Number of lists; default round(sqrt(size)) at training time. */
  nlist?: number;
  /** Lists scanned per query (more = better recall, slower). Default 8. */
  nprobe?: number;
  /** How list entries are scored: 'none' = float32, 'int8' = codes + exact re-rank. Default 'none'. */
  quantizer?: 'none' | 'int8';
  /** With 'int8': candidates per wanted hit re-ranked exactly. Default 4. */
  rerank?: number;
  /** Below this many vectors the index is not trained and searches exactly like FlatIndex. Default 1000. */
  minTrainSize?: number;
  /** k-means seed; a fixed seed makes list assignment, hence results, reproducible. Default 1. */
  seed?: number;
  /** k-means Lloyd iterations. Default 8. */
  iterations?: number;
}

/** Default lists probed per query. */
export const DEFAULT_NPROBE = 8;
/** Default size below which IVF does not train and searches exhaustively. */
export const DEFAULT_MIN_TRAIN_SIZE = 1000;
/** Retrain when the index has grown this many times over since training: lists get long and skewed. */
const RETRAIN_GROWTH = 4;

const OPTION_NAMES = ['nlist', 'nprobe', 'quantizer', 'rerank', 'minTrainSize', 'seed', 'iterations'] as const;

/** IVF index over float32 or int8-coded vectors; searches exactly until `train()` has run. */
export class IvfIndex extends RowIndex {
  /** @inheritdoc */
  readonly kind: string;
  /** Candidates per wanted hit when scanning int8 codes. */
  readonly rerank: number;
  private probes: number;
  private readonly nlistOption: number | undefined;
  private readonly minTrainSize: number;
  private readonly seed: number;
  private readonly iterations: number;
  private readonly lists: InvertedLists;
  private readonly codes: Int8Codes | undefined;
  private readonly exactScanner: FloatScanner;
  private readonly listScanner: RowScanner;
  private trainedSize = 0;

  constructor(dims: number, opts: IvfOptions = {}) {
    super(dims);
    checkKnownOptions(opts, OPTION_NAMES, 'ivf index');
    const quantizer = opts.quantizer ?? 'none';
    if (quantizer !== 'none' && quantizer !== 'int8')
      throw createError(ErrorCodes.INVALID_OPTION, `quantizer must be 'none' or 'int8', got ${String(quantizer)}`);
    this.kind = quantizer === 'int8' ? 'ivf-int8' : 'ivf';
    this.nlistOption = opts.nlist === undefined ? undefined : checkInt('nlist', opts.nlist, 1, 1 << 20);
    this.probes = checkInt('nprobe', opts.nprobe ?? DEFAULT_NPROBE, 1);
    this.rerank = checkInt('rerank', opts.rerank ?? DEFAULT_RERANK, 1, 1024);
    this.minTrainSize = checkInt('minTrainSize', opts.minTrainSize ?? DEFAULT_MIN_TRAIN_SIZE, 1);
    this.seed = checkInt('seed', opts.seed ?? 1, 0, 0xffffffff);
    this.iterations = checkInt('iterations', opts.iterations ?? 8, 0, 1000);
    this.lists = new InvertedLists(this.vectors);
    this.exactScanner = new FloatScanner(this.vectors);
    this.codes = quantizer === 'int8' ? new Int8Codes(this.vectors) : undefined;
    this.listScanner = this.codes ? new Int8Scanner(this.codes) : this.exactScanner;
  }

  /** Lists scanned per query. */
  get nprobe(): number {
    return this.probes;
  }

  /** Changes the lists scanned per query (takes effect at the next search). */
  set nprobe(value: number) {
    this.probes = checkInt('nprobe', value, 1);
  }

  /** Number of lists, 0 while untrained. */
  get nlist(): number {
    return this.lists.count;
  }

  /** True once the lists exist; before that, searches scan every vector exactly. */
  get trained(): boolean {
    return this.lists.count > 0;
  }

  /**
   * True once there are `minTrainSize` vectors and no lists yet, after the index grew more than
   * 4x since training (lists get long and skewed), or when the int8 codes need a refit.
   */
  override get needsTraining(): boolean {
    const size = this.vectors.size;
    if (size < this.minTrainSize) return false;
    if (!this.trained || size > RETRAIN_GROWTH * this.trainedSize) return true;
    return this.codes?.needsTraining ?? false;
  }

  /** Runs k-means on the current vectors and refiles them. Needs at least one vector. */
  override train(): void {
    const size = this.vectors.size;
    if (size === 0) throw createError(ErrorCodes.INVALID_OPTION, 'cannot train an empty IVF index');
    const nlist = Math.min(this.nlistOption ?? Math.max(1, Math.round(Math.sqrt(size))), size);
    const centroids = trainKMeans(this.vectors.data, size, this.dims, nlist, {
      seed: this.seed,
      iterations: this.iterations,
    });
    this.lists.build(centroids, nlist);
    this.codes?.retrain();
    this.trainedSize = size;
  }

  /** @inheritdoc */
  search(query: Float32Array, k: number, opts?: SearchOptions): Hit[] {
    if (!this.trained) {
      const run = new SearchRun(this.vectors, this.exactScanner, query, k, opts, 1);
      if (!run.empty) run.scan(null, this.vectors.size);
      return run.finish();
    }
    const run = new SearchRun(this.vectors, this.listScanner, query, k, opts, this.rerank);
    if (run.empty) return run.finish();
    const order = this.probeOrder(query);
    const nlist = order.length;
    let probed = 0;
    for (; probed < Math.min(this.probes, nlist); probed++) this.scanList(run, order[probed]!);
    // A selective filter may leave fewer than k matches in the nearest lists: keep going outward
    // until k are found or every list was seen, so "k matches exist" means "k hits returned".
    while (!run.satisfied && probed < nlist) this.scanList(run, order[probed++]!);
    return run.finish();
  }

  /** @inheritdoc */
  override memoryBytes(): number {
    return super.memoryBytes() + this.lists.memoryBytes() + (this.codes?.memoryBytes() ?? 0);
  }

  private scanList(run: SearchRun, list: number): void {
    const rows = this.lists.rows(list);
    run.scan(rows, rows.length);
  }

  /** List ids by centroid score, best first (ties by id, for determinism). */
  private probeOrder(query: Float32Array): Int32Array {
    const nlist = this.lists.count;
    const centroids = this.lists.centroids;
    const dims = this.dims;
    const scores = new Float64Array(nlist);
    for (let c = 0; c < nlist; c++) scores[c] = dotF32(query, 0, centroids, c * dims, dims);
    const order = new Int32Array(nlist);
    for (let c = 0; c < nlist; c++) order[c] = c;
    return order.sort((a, b) => scores[b]! - scores[a]! || a - b);
  }
}
