/**
 * Training of a composed index: fit the int8 ranges and binary centring on a sample, run IVF
 * k-means, then (re-)encode and file every row. Written as a generator yielding between slices,
 * so `trainAsync` keeps the worker answering; edits between slices stay consistent because new
 * rows are encoded and filed as they are written, and the remaining old rows are walked from the
 * top row down (a swap-remove only ever moves the top row, which is already done, downwards).
 *
 * Until the first training completes, searches scan the float32 rows exactly; a retraining builds
 * its new lists aside and swaps them in at the end, and re-encodes codes in one synchronous step,
 * so a search never sees codes or lists from two trainings mixed.
 */
import { createError, ErrorCodes } from '../errors.ts';
import { fitBinary } from './binary-store.ts';
import { kmeansSteps } from './kmeans.ts';
import { InvertedLists } from './lists.ts';
import { type IndexParts, readRow } from './parts.ts';
import { decodeInt8, fitInt8, type Int8Params } from './quantizer.ts';
import { sampleRows } from './sample.ts';

/** Tuning of one training run. */
export interface TrainConfig {
  /** Fixed list count, or undefined for round(sqrt(size)). */
  nlist: number | undefined;
  seed: number;
  iterations: number;
}

/**
 * Rows sampled to fit int8 ranges and the binary centring: 16k rows estimate each dimension's
 * extremes and mean closely (fit cost ~8M values, ~20 ms in JS) at any catalog size.
 */
const QUANTIZER_SAMPLE = 16_384;
/** k-means training points per centroid (FAISS warns below 39; more costs time for little gain). */
const POINTS_PER_CENTROID = 40;
/** Rows encoded/filed between yields. */
const ROWS_PER_SLICE = 2048;
/** A retraining refits the int8 ranges only when more than this fraction of encoded values clamped. */
export const INT8_CLAMP_RETRAIN = 1e-3;

/** True when the int8 ranges no longer fit the data written since they were set. */
export function int8Stale(parts: IndexParts): boolean {
  const s = parts.int8;
  return s !== undefined && s.trainedParams !== undefined && s.clamped > INT8_CLAMP_RETRAIN * s.encoded;
}

/** The training run; see the module comment. */
export function* trainSteps(parts: IndexParts, cfg: TrainConfig): Generator<void, void> {
  const { keyed, dims } = parts;
  if (keyed.size === 0) {
    if (parts.ivf) throw createError(ErrorCodes.INVALID_OPTION, 'cannot train an empty IVF index');
    return;
  }
  const nlist = parts.ivf ? Math.min(cfg.nlist ?? Math.max(1, Math.round(Math.sqrt(keyed.size))), keyed.size) : 0;
  const ids = sampleRows(keyed, Math.max(QUANTIZER_SAMPLE, nlist * POINTS_PER_CENTROID), cfg.seed);
  const m = ids.length;
  const sample = new Float32Array(m * dims);
  for (let i = 0; i < m; i++) readRow(parts, ids[i]!, sample, i * dims);
  const qm = Math.min(m, QUANTIZER_SAMPLE);
  const first = !parts.codesReady;
  const oldInt8 = parts.int8?.trainedParams;
  const int8 = parts.int8 && (first || int8Stale(parts)) ? fitInt8(sample, qm, dims) : undefined;
  // Refitting the centring needs a better source than the binary codes themselves.
  const binary = parts.binary && (first || parts.floats || parts.int8) ? fitBinary(sample, qm, dims) : undefined;
  yield;
  let lists: InvertedLists | undefined;
  let installed = false;
  try {
    if (parts.ivf) {
      const km = Math.min(m, nlist * POINTS_PER_CENTROID);
      const centroids = yield* kmeansSteps(sample.subarray(0, km * dims), km, dims, nlist, {
        seed: cfg.seed,
        iterations: cfg.iterations,
        kernels: parts.kernels,
      });
      lists = new InvertedLists(dims, parts.kernels);
      keyed.attach(lists);
      lists.setCentroids(centroids, nlist, keyed.size);
    }
    if (first) {
      // Nothing reads the codes yet: set the params (new writes encode at once) and fill in place.
      if (int8) parts.int8!.setParams(int8);
      if (binary) parts.binary!.setParams(binary);
    }
    const vec = new Float32Array(dims);
    for (let row = keyed.size - 1; row >= 0; row--) {
      if (row >= keyed.size) continue; // rows removed during a yield
      if (first || lists) readRow(parts, row, vec);
      if (first) {
        parts.int8?.encode(row, vec, 0);
        parts.residual?.encode(row, vec, 0);
        parts.binary?.encode(row, vec, 0);
      }
      if (lists && !lists.filed(row)) lists.file(row, vec, 0);
      if (row % ROWS_PER_SLICE === 0) yield;
    }
    if (!first) reencode(parts, oldInt8, int8, binary);
    install(parts, lists);
    installed = true;
  } finally {
    // Aborted (generator closed) or failed: half-built lists must stop following the rows.
    if (!installed && lists) keyed.detach(lists);
  }
}

/** Ends a training or an import: swap in the lists, drop staging floats, reset the counters. */
export function install(parts: IndexParts, lists: InvertedLists | undefined): void {
  if (lists) {
    if (parts.lists) parts.keyed.detach(parts.lists);
    parts.lists = lists;
  }
  if (parts.floats && !parts.keepFloats) {
    parts.keyed.detach(parts.floats);
    parts.floats = undefined;
  }
  parts.codesReady = true;
  parts.trainedSize = parts.keyed.size;
  parts.writesSinceTrain = 0;
}

/**
 * Re-encodes every row with new params in one synchronous pass (searches must not see a mix).
 * Without float rows the source is the current int8 code: re-quantizing adds at most half a new
 * step of error, which is why int8 ranges are refit only when clamping shows they no longer fit.
 */
function reencode(
  parts: IndexParts,
  oldInt8: Int8Params | undefined,
  int8: Int8Params | undefined,
  binary: { mean: Float32Array; spread: Float32Array } | undefined,
): void {
  if (!int8 && !binary) return;
  const vec = new Float32Array(parts.dims);
  const store = parts.int8;
  if (int8 && store) {
    store.setParams(int8);
    for (let r = 0; r < parts.keyed.size; r++) {
      // Row by row in place: each slot is decoded with the old ranges just before it is rewritten.
      if (parts.floats) parts.floats.read(r, vec);
      else if (parts.residual) parts.residual.readWith(oldInt8!, r, vec, 0);
      else decodeInt8(oldInt8!, store.mem.i8, store.rowPtr(r), vec, 0);
      store.encode(r, vec, 0);
      parts.residual?.encode(r, vec, 0);
    }
  }
  if (binary && parts.binary) {
    parts.binary.setParams(binary);
    for (let r = 0; r < parts.keyed.size; r++) {
      readRow(parts, r, vec);
      parts.binary.encode(r, vec, 0);
    }
  }
}
