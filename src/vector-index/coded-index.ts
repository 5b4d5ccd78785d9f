/**
 * The one VectorIndex implementation, composed from parts (FAISS-style, composed not copied):
 * a scan code (float32 rows, int8 codes or binary codes), an optional re-rank code (float32 =
 * exact, or int8), and optional IVF lists that restrict the scan to the lists nearest the query.
 * `createIndex` names the useful combinations; the classes in flat.ts, quantized-flat.ts,
 * binary.ts and ivf.ts are this one with their parts fixed.
 *
 * Memory: only the codes a kind reads are kept. The full rows exist only for 'flat', for a
 * float32 or 16-bit re-rank (the latter at half the bytes), and until the first training
 * (searches are exact until then). The default
 * large-catalog kind (binary scan + int8 + residual re-rank) holds 64 + 512 + 64 bytes per
 * 512-d row.
 */
import { createError, ErrorCodes } from '../errors.ts';
import { checkInt, checkKnownOptions } from './args.ts';
import { BinaryStore } from './binary-store.ts';
import { type CodedIndexOptions, type CodedSpec, OPTION_NAMES } from './coded-options.ts';
import { FloatStore } from './float-store.ts';
import { Int8Store } from './int8-store.ts';
import { Int16Store } from './int16-store.ts';
import { KernelMemory } from './kernels/memory.ts';
import { runToEnd } from './kmeans.ts';
import { type IndexParts, REFINE_KINDS, readRow } from './parts.ts';
import { recipeOf } from './recipe.ts';
import { ResidualStore } from './residual-store.ts';
import { exportCodes, importCodes } from './row-codes.ts';
import { KeyedRows } from './rows.ts';
import { SearchRun } from './search-run.ts';
import { scanAndRerank } from './search-stage.ts';
import { runSliced } from './slices.ts';
import { int8Stale, trainSteps } from './training.ts';
import { checkState, exportState, importState } from './training-state.ts';
import type { Hit, IndexCodes, SearchOptions, TrainAsyncOptions, TrainingState, VectorIndex } from './types.ts';

/** IVF lists are refit once the index has grown past this many times its size at training. */
const RETRAIN_GROWTH = 4;
/** Binary centring is refit after more writes than this many times the size at training. */
const BINARY_REFIT_WRITES = 2;

/** A VectorIndex composed of a scan code, a re-rank code and optional IVF lists. */
export class CodedIndex implements VectorIndex {
  readonly kind: string;
  readonly recipe: string;
  readonly kernels: 'wasm-simd' | 'js';
  /** int8 candidates per wanted hit. */
  readonly rerank: number;
  /** binary candidates, at least. */
  readonly candidates: number;
  protected readonly parts: IndexParts;
  protected probes: number;
  private readonly nlistOption: number | undefined;
  private readonly minTrainSize: number;
  private readonly seed: number;
  private readonly iterations: number;
  private running: Promise<void> | undefined;

  constructor(
    readonly dims: number,
    spec: CodedSpec,
    opts: CodedIndexOptions = {},
  ) {
    checkKnownOptions(opts, OPTION_NAMES, `${spec.kind} index`);
    const refine = opts.refine ?? spec.refine;
    if (!REFINE_KINDS.includes(refine))
      throw createError(ErrorCodes.INVALID_OPTION, `refine must be one of ${REFINE_KINDS.join(', ')}, got ${JSON.stringify(refine)}`);
    const choice = opts.kernels ?? 'auto';
    if (!['auto', 'wasm', 'js'].includes(choice))
      throw createError(ErrorCodes.INVALID_OPTION, `kernels must be 'auto', 'wasm' or 'js', got ${JSON.stringify(choice)}`);
    this.kind = spec.kind;
    this.rerank = checkInt('rerank', opts.rerank ?? 4, 1, 1024);
    this.candidates = checkInt('candidates', opts.candidates ?? 256, 1);
    this.nlistOption = opts.nlist === undefined ? undefined : checkInt('nlist', opts.nlist, 1);
    this.probes = checkInt('nprobe', opts.nprobe ?? (spec.codes === 'binary' ? 16 : 8), 1);
    this.minTrainSize = checkInt('minTrainSize', opts.minTrainSize ?? spec.minTrainSize, 1);
    this.seed = checkInt('seed', opts.seed ?? 1, 0, 0xffffffff);
    this.iterations = checkInt('iterations', opts.iterations ?? 8, 0, 1000);
    const keyed = new KeyedRows(dims);
    const codes = spec.codes;
    const keepFloats = codes === 'float32' || refine === 'float32' || refine === 'int16';
    const hasInt8 = codes === 'int8' || (codes === 'binary' && (refine === 'int8' || refine === 'residual'));
    // A float scan is exact (refine is moot there); a re-rank at 16 bits keeps rows at half the bytes.
    const floats = refine === 'int16' && codes !== 'float32' ? new Int16Store(dims, choice) : new FloatStore(dims, choice);
    keyed.attach(floats);
    const int8 = hasInt8 ? new Int8Store(dims, choice) : undefined;
    const binary = codes === 'binary' ? new BinaryStore(dims, choice) : undefined;
    if (int8) keyed.attach(int8);
    if (binary) keyed.attach(binary);
    // After the int8 store: a row's residual is taken against its new int8 code.
    const residual = refine === 'residual' && hasInt8 ? new ResidualStore(dims, int8!, choice) : undefined;
    if (residual) keyed.attach(residual);
    this.kernels = floats.mem.kernels.name;
    const trainable = int8 !== undefined || binary !== undefined || spec.ivf;
    this.parts = {
      keyed,
      dims,
      kernels: choice,
      codes,
      refine,
      ivf: spec.ivf,
      floats,
      keepFloats,
      int8,
      binary,
      residual,
      lists: undefined,
      codesReady: !trainable,
      trainedSize: 0,
      writesSinceTrain: 0,
    };
    this.recipe = recipeOf(this.parts);
  }

  /** @inheritdoc */
  get size(): number {
    return this.parts.keyed.size;
  }

  /** @inheritdoc */
  add(keys: string[], vectors: Float32Array): void {
    this.parts.keyed.add(keys, vectors);
    this.parts.writesSinceTrain += keys.length;
  }

  /** @inheritdoc */
  remove(keys: string[]): void {
    this.parts.keyed.remove(keys);
  }

  /** @inheritdoc */
  has(key: string): boolean {
    return this.parts.keyed.has(key);
  }

  /** @inheritdoc */
  vector(key: string): Float32Array | undefined {
    const row = this.parts.keyed.rowOf(key);
    if (row === undefined) return undefined;
    const out = new Float32Array(this.dims);
    readRow(this.parts, row, out);
    return out;
  }

  /** @inheritdoc */
  memoryBytes(): number {
    const p = this.parts;
    return (
      p.keyed.memoryBytes() +
      (p.floats?.memoryBytes() ?? 0) +
      (p.int8?.memoryBytes() ?? 0) +
      (p.binary?.memoryBytes() ?? 0) +
      (p.residual?.memoryBytes() ?? 0) +
      (p.lists?.memoryBytes() ?? 0)
    );
  }

  /** Bytes of the code memories (float32 rows, int8 and binary codes, IVF lists): memoryBytes() less the keys. */
  codeBytes(): number {
    return this.memoryBytes() - this.parts.keyed.memoryBytes();
  }

  /** True once the learnt parts exist; before that, searches scan every vector exactly. */
  get trained(): boolean {
    return this.parts.codesReady && (!this.parts.ivf || this.parts.lists !== undefined);
  }

  /** @inheritdoc */
  get needsTraining(): boolean {
    const p = this.parts;
    const size = p.keyed.size;
    if (size < this.minTrainSize || (p.int8 === undefined && p.binary === undefined && !p.ivf)) return false;
    if (!this.trained) return true;
    if (p.ivf && size > RETRAIN_GROWTH * p.trainedSize) return true;
    if (int8Stale(p)) return true;
    const binaryRefitSource = p.floats !== undefined || p.int8 !== undefined;
    return (
      p.binary !== undefined && binaryRefitSource && p.writesSinceTrain > BINARY_REFIT_WRITES * Math.max(p.trainedSize, this.minTrainSize)
    );
  }

  /** @inheritdoc */
  train(): void {
    if (this.running) throw createError(ErrorCodes.INVALID_OPTION, 'train() called while trainAsync() is running; await it instead');
    runToEnd(this.steps());
  }

  /** @inheritdoc */
  trainAsync(opts: TrainAsyncOptions = {}): Promise<void> {
    this.running ??= runSliced(this.steps(), opts).finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /** @inheritdoc */
  exportTraining(): TrainingState | undefined {
    return this.trained ? exportState(this.parts, this.kind, this.recipe) : undefined;
  }

  /** @inheritdoc */
  importTraining(state: TrainingState): void {
    if (this.running) throw createError(ErrorCodes.INVALID_OPTION, 'importTraining() called while trainAsync() is running');
    checkState(state, this.parts, this.kind, this.recipe);
    if (!this.parts.int8 && !this.parts.binary && !this.parts.ivf) return;
    importState(this.parts, state);
  }

  /** @inheritdoc */
  exportCodes(): IndexCodes | undefined {
    return exportCodes(this.parts, this.kind, this.recipe, this.trained);
  }

  /** @inheritdoc */
  importCodes(codes: IndexCodes): void {
    if (this.running) throw createError(ErrorCodes.INVALID_OPTION, 'importCodes() called while trainAsync() is running');
    importCodes(this.parts, this.kind, this.recipe, codes);
  }

  /** @inheritdoc */
  search(query: Float32Array, k: number, opts?: SearchOptions): Hit[] {
    const run = new SearchRun(this.parts.keyed, query, k, opts);
    if (run.empty) return [];
    const p = this.parts;
    if (!this.trained) {
      // Before the first training: an exact scan of the float rows, whatever the kind.
      const heap = run.heap(run.k);
      p.floats!.prepare(query);
      run.collect(p.floats!, heap, null, p.keyed.size);
      return run.hits(heap);
    }
    if (!p.lists) return run.hits(scanAndRerank(p, run, null, p.keyed.size, this));
    const order = p.lists.probeOrder(query);
    let probed = Math.min(this.probes, order.length);
    for (;;) {
      const rows = this.listRows(order, probed);
      const best = scanAndRerank(p, run, rows, rows.length, this);
      // A selective filter may leave fewer than k matches in the nearest lists: widen until k
      // are found or every list was seen, so "k matches exist" means "k hits returned".
      if (best.size >= run.k || probed === order.length) return run.hits(best);
      probed = Math.min(order.length, probed * 2);
    }
  }

  private steps() {
    return trainSteps(this.parts, { nlist: this.nlistOption, seed: this.seed, iterations: this.iterations });
  }

  /** The rows of the first `probed` lists of `order`, concatenated. */
  private listRows(order: Int32Array, probed: number): Int32Array {
    const lists = this.parts.lists!;
    let total = 0;
    for (let i = 0; i < probed; i++) total += lists.rows(order[i]!).length;
    const rows = new Int32Array(total);
    for (let i = 0, off = 0; i < probed; i++) {
      const list = lists.rows(order[i]!);
      rows.set(list, off);
      off += list.length;
    }
    return rows;
  }
}

/** True when WASM SIMD kernels can run in this engine. */
export function simdAvailable(): boolean {
  return new KernelMemory('auto').kernels.name === 'wasm-simd';
}
