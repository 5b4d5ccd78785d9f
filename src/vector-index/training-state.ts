/**
 * TrainingState in and out of an index: export after `train`, import on a warm start or from a
 * prebuilt artifact, and a compact byte format for files (IndexedDB stores the object as is).
 */
import { createError, ErrorCodes } from '../errors.ts';
import { decodeBinary } from './binary-store.ts';
import { InvertedLists } from './lists.ts';
import type { IndexParts } from './parts.ts';
import { decodeInt8 } from './quantizer.ts';
import { trainingRecipe } from './recipe.ts';
import { install } from './training.ts';
import type { TrainingState } from './types.ts';

/** The learnt state of `parts`, copied, or undefined before the first training or for a kind without one. */
export function exportState(parts: IndexParts, kind: string, recipe: string): TrainingState | undefined {
  if (!parts.codesReady) return undefined;
  const int8 = parts.int8?.trainedParams;
  const binary = parts.binary?.trainedParams;
  const lists = parts.lists;
  if (!int8 && !binary && !lists) return undefined;
  return {
    version: 1,
    kind,
    recipe,
    dims: parts.dims,
    trainedSize: parts.trainedSize,
    ...(int8 ? { int8: { lo: int8.lo.slice(), step: int8.step.slice() } } : {}),
    ...(binary ? { binary: { mean: binary.mean.slice(), spread: binary.spread.slice() } } : {}),
    ...(lists ? { ivf: { nlist: lists.count, centroids: lists.centroids.slice() } } : {}),
  };
}

/** Checks `state` against the index it is imported into; throws INVALID_OPTION naming the field. */
export function checkState(state: unknown, parts: IndexParts, kind: string, recipe: string): asserts state is TrainingState {
  const bad = (what: string) => createError(ErrorCodes.INVALID_OPTION, `training state: ${what}`);
  if (state === null || typeof state !== 'object') throw bad('must be an object');
  const s = state as Partial<TrainingState>;
  if (s.version !== 1) throw bad(`version ${String(s.version)} is not supported (expected 1)`);
  if (s.kind !== kind) throw bad(`was trained for a "${String(s.kind)}" index, this one is "${kind}"`);
  const trainedFor = trainingRecipe(s as TrainingState);
  if (trainedFor !== recipe) throw bad(`was trained for recipe "${String(trainedFor)}", this index is "${recipe}"`);
  if (s.dims !== parts.dims) throw bad(`has ${String(s.dims)} dims, the index has ${parts.dims}`);
  if (typeof s.trainedSize !== 'number' || !Number.isInteger(s.trainedSize) || s.trainedSize < 0)
    throw bad('trainedSize must be an integer >= 0');
  const floats = (name: string, v: unknown, length: number) => {
    if (!(v instanceof Float32Array) || v.length !== length) throw bad(`${name} must be a Float32Array of ${length} values`);
    for (let i = 0; i < v.length; i++) if (!Number.isFinite(v[i])) throw bad(`${name}[${i}] is not finite`);
  };
  if (parts.int8) {
    if (!s.int8) throw bad('int8 ranges are missing');
    floats('int8.lo', s.int8.lo, parts.dims);
    floats('int8.step', s.int8.step, parts.dims);
  }
  if (parts.binary) {
    if (!s.binary) throw bad('binary centring is missing');
    floats('binary.mean', s.binary.mean, parts.dims);
    floats('binary.spread', s.binary.spread, parts.dims);
  }
  if (parts.ivf) {
    const nlist = s.ivf?.nlist;
    if (typeof nlist !== 'number' || !Number.isInteger(nlist) || nlist < 1) throw bad('ivf.nlist must be an integer >= 1');
    floats('ivf.centroids', s.ivf!.centroids, nlist * parts.dims);
  }
}

/** Installs a checked state: encodes and files every row held now (rows added later do so on `add`). */
export function importState(parts: IndexParts, state: TrainingState): void {
  const { keyed, dims } = parts;
  const oldInt8 = parts.int8?.trainedParams;
  const oldBinary = parts.binary?.trainedParams;
  let lists: InvertedLists | undefined;
  if (parts.ivf) {
    lists = new InvertedLists(dims, parts.kernels);
    keyed.attach(lists);
    lists.setCentroids(state.ivf!.centroids.slice(), state.ivf!.nlist, keyed.size);
  }
  if (parts.int8) parts.int8.setParams({ lo: state.int8!.lo.slice(), step: state.int8!.step.slice() });
  if (parts.binary) parts.binary.setParams({ mean: state.binary!.mean.slice(), spread: state.binary!.spread.slice() });
  const vec = new Float32Array(dims);
  for (let r = 0; r < keyed.size; r++) {
    // The old version of the row: float rows when held, else its code under the old params.
    if (parts.floats) parts.floats.read(r, vec);
    else if (oldInt8 && parts.residual) parts.residual.readWith(oldInt8, r, vec, 0);
    else if (oldInt8) decodeInt8(oldInt8, parts.int8!.mem.i8, parts.int8!.rowPtr(r), vec, 0);
    else decodeBinary(oldBinary!, parts.binary!.mem.u8, parts.binary!.rowPtr(r), vec, 0);
    parts.int8?.encode(r, vec, 0);
    parts.residual?.encode(r, vec, 0);
    parts.binary?.encode(r, vec, 0);
    lists?.file(r, vec, 0);
  }
  install(parts, lists);
  parts.trainedSize = state.trainedSize;
}

const MAGIC = 0x53545249; // 'IRTS' little-endian

/** `state` as bytes: magic, header length, JSON header, then the float arrays (4-byte aligned). */
export function encodeTrainingState(state: TrainingState): Uint8Array {
  const arrays: Array<[string, Float32Array]> = [];
  if (state.int8) arrays.push(['int8.lo', state.int8.lo], ['int8.step', state.int8.step]);
  if (state.binary) arrays.push(['binary.mean', state.binary.mean], ['binary.spread', state.binary.spread]);
  if (state.ivf) arrays.push(['ivf.centroids', state.ivf.centroids]);
  const header = JSON.stringify({
    version: state.version,
    kind: state.kind,
    // Absent from the states of earlier releases; their readers ignore the key.
    recipe: state.recipe,
    dims: state.dims,
    trainedSize: state.trainedSize,
    nlist: state.ivf?.nlist,
    arrays: arrays.map(([name, a]) => [name, a.length]),
  });
  const headerBytes = new TextEncoder().encode(header);
  const start = Math.ceil((8 + headerBytes.length) / 4) * 4;
  const total = start + arrays.reduce((n, [, a]) => n + a.byteLength, 0);
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  view.setUint32(0, MAGIC, true);
  view.setUint32(4, headerBytes.length, true);
  out.set(headerBytes, 8);
  let off = start;
  for (const [, a] of arrays) {
    for (let i = 0; i < a.length; i++) view.setFloat32(off + 4 * i, a[i]!, true);
    off += a.byteLength;
  }
  return out;
}

/** The state encoded by `encodeTrainingState`; throws INVALID_OPTION on bytes of another format. */
export function decodeTrainingState(bytes: Uint8Array): TrainingState {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.byteLength < 8 || view.getUint32(0, true) !== MAGIC)
    throw createError(ErrorCodes.INVALID_OPTION, 'not an inpage-rec training state');
  const headerLength = view.getUint32(4, true);
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLength))) as {
    version: 1;
    kind: string;
    recipe?: string;
    dims: number;
    trainedSize: number;
    nlist?: number;
    arrays: Array<[string, number]>;
  };
  let off = Math.ceil((8 + headerLength) / 4) * 4;
  const got = new Map<string, Float32Array>();
  for (const [name, length] of header.arrays) {
    if (off + length * 4 > bytes.byteLength) throw createError(ErrorCodes.INVALID_OPTION, `training state: ${name} is truncated`);
    const a = new Float32Array(length);
    for (let i = 0; i < length; i++) a[i] = view.getFloat32(off + 4 * i, true);
    got.set(name, a);
    off += length * 4;
  }
  const state: TrainingState = {
    version: header.version,
    kind: header.kind,
    // Bytes written before recipes existed have none: see `trainingRecipe`.
    ...(header.recipe === undefined ? {} : { recipe: header.recipe }),
    dims: header.dims,
    trainedSize: header.trainedSize,
  };
  if (got.has('int8.lo')) state.int8 = { lo: got.get('int8.lo')!, step: got.get('int8.step')! };
  if (got.has('binary.mean')) state.binary = { mean: got.get('binary.mean')!, spread: got.get('binary.spread')! };
  if (got.has('ivf.centroids')) state.ivf = { nlist: header.nlist ?? 0, centroids: got.get('ivf.centroids')! };
  return state;
}
