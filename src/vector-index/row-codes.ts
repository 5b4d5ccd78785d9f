/**
 * An index's rows as the codes it holds (FAISS `write_index` / `read_index` for the code part),
 * so a returning visit loads them straight into the code matrices instead of reading float32
 * vectors and encoding them again. Measured at 100k x 512 in a Chromium worker: float32 rows are
 * 205 MB to read from IndexedDB (~0.7 s) plus ~0.5 s to copy and encode; the default index's
 * codes are 64 MB (64 B binary + 512 B int8 + 64 B residual per row) and are copied as they are.
 *
 * Only indexes that hold no float32 rows export codes: an exact or float-re-ranked index needs
 * the floats anyway (and those are small catalogs, see factory.ts), an untrained one has no codes.
 */
import { createError, ErrorCodes } from '../errors.ts';
import { checkKeys } from './args.ts';
import type { CodeMatrix } from './code-matrix.ts';
import type { IndexParts } from './parts.ts';
import { checkState, exportState, importState } from './training-state.ts';
import type { IndexCodes, TrainingState } from './types.ts';

/** The code matrices of `parts` by name, in a fixed order. */
function matrices(parts: IndexParts): Array<[keyof IndexCodes['codes'], CodeMatrix]> {
  const out: Array<[keyof IndexCodes['codes'], CodeMatrix]> = [];
  if (parts.binary) out.push(['binary', parts.binary]);
  if (parts.int8) out.push(['int8', parts.int8]);
  if (parts.residual) out.push(['residual', parts.residual]);
  return out;
}

/** The rows of `parts` as codes, copied; undefined while float32 rows are held (see the module comment). */
export function exportCodes(parts: IndexParts, kind: string, recipe: string, trained: boolean): IndexCodes | undefined {
  if (!trained || parts.floats) return undefined;
  const state = exportState(parts, kind, recipe) as TrainingState;
  const n = parts.keyed.size;
  const keys = Array.from({ length: n }, (_, r) => parts.keyed.keyAt(r));
  const codes: IndexCodes['codes'] = {};
  for (const [name, m] of matrices(parts)) codes[name] = m.mem.u8.slice(m.base, m.base + n * m.stride);
  const out: IndexCodes = { version: 1, state, keys, codes };
  const lists = parts.lists;
  if (lists) {
    const lengths = Int32Array.from({ length: lists.count }, (_, l) => lists.rows(l).length);
    const rows = new Int32Array(n);
    for (let l = 0, off = 0; l < lists.count; off += lengths[l]!, l++) rows.set(lists.rows(l), off);
    out.lists = { lengths, rows };
  }
  return out;
}

/**
 * Loads `codes` into the empty index `parts`: installs its training state, then copies every
 * code matrix and files each row under its recorded list. Throws INVALID_OPTION, changing
 * nothing, when the index is not empty or the codes do not fit it (naming the field).
 */
export function importCodes(parts: IndexParts, kind: string, recipe: string, codes: IndexCodes): void {
  const bad = (what: string) => createError(ErrorCodes.INVALID_OPTION, `index codes: ${what}`);
  if (parts.keyed.size !== 0) throw bad(`can only be loaded into an empty index (this one holds ${parts.keyed.size} rows)`);
  if (codes === null || typeof codes !== 'object' || codes.version !== 1) throw bad('not a version 1 object');
  if (parts.keepFloats) throw bad(`a "${kind}" index keeps float32 rows and cannot be loaded from codes`);
  checkState(codes.state, parts, kind, recipe);
  const { keys } = codes;
  if (!Array.isArray(keys)) throw bad('keys must be an array');
  checkKeys(keys);
  if (new Set(keys).size !== keys.length) throw bad('keys must be distinct');
  const n = keys.length;
  for (const [name, m] of matrices(parts)) {
    const bytes = codes.codes?.[name];
    if (!(bytes instanceof Uint8Array) || bytes.length !== n * m.stride)
      throw bad(`codes.${name} must be a Uint8Array of ${n} x ${m.stride} bytes`);
  }
  const nlist = codes.state.ivf?.nlist ?? 0;
  if (parts.ivf) checkLists(codes.lists, n, nlist, bad);

  importState(parts, codes.state);
  parts.keyed.appendKeys(keys);
  for (const [name, m] of matrices(parts)) m.mem.u8.set(codes.codes[name]!, m.base);
  const lists = parts.lists;
  if (lists) {
    const { lengths, rows } = codes.lists!;
    for (let l = 0, i = 0; l < nlist; l++) for (const end = i + lengths[l]!; i < end; i++) lists.fileIn(rows[i]!, l);
  }
  parts.trainedSize = codes.state.trainedSize;
}

/** Throws unless `lists` files each of `n` rows exactly once under one of `nlist` lists. */
function checkLists(lists: IndexCodes['lists'], n: number, nlist: number, bad: (what: string) => Error): void {
  const { lengths, rows } = lists ?? {};
  if (!(lengths instanceof Int32Array) || lengths.length !== nlist) throw bad(`lists.lengths must be an Int32Array of ${nlist} lengths`);
  if (!(rows instanceof Int32Array) || rows.length !== n) throw bad(`lists.rows must be an Int32Array of ${n} rows`);
  let total = 0;
  for (const length of lengths) total += length >= 0 ? length : Number.NaN;
  if (total !== n) throw bad(`lists.lengths must be >= 0 and add up to ${n}`);
  const seen = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const r = rows[i]!;
    if (!(r >= 0 && r < n) || seen[r]) throw bad(`lists.rows[${i}] = ${r} is not a row or files one twice`);
    seen[r] = 1;
  }
}
