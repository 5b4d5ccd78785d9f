/**
 * The binary first stage: Hamming distances of the visited rows (one SIMD pass writing a
 * histogram), then every row within the smallest distance that reaches the wanted candidate
 * count. Taking whole distance levels, never part of one, keeps the candidate set independent of
 * row order (hence of insertion order) and needs no heap: Hamming distances are small integers,
 * so a histogram is a complete sort of them.
 *
 * With a filter or exclude, levels are added (by the match rate seen so far, at most doubling the
 * rows visited each round) until enough rows pass the predicate; the predicate runs only on rows
 * in the levels visited, nearest first.
 */
import type { BinaryStore } from './binary-store.ts';
import { CHUNK, roundUp } from './code-matrix.ts';
import type { RowAccept, RowScorer } from './scorer.ts';

/** A filtered pick visits at most this many times the rows it has seen so far in its next round. */
const MAX_GROWTH = 16;

/** Rows whose codes are nearest the query by Hamming distance. */
export interface BinaryPick {
  /** Candidate row ids (all passed the predicate). */
  rows: Int32Array;
  /** rows.length. */
  count: number;
}

/**
 * Candidates among rows[0..count) (or 0..count when `rows` is null): all rows at the distances up
 * to the first level where at least `want` rows are reached, restricted to rows passing `accept`
 * and extended level-group by level-group until at least `minAccepted` pass (or all were seen).
 */
export function pickBinary(
  store: BinaryStore,
  query: Float32Array,
  rows: Int32Array | null,
  count: number,
  want: number,
  accept: RowAccept | null,
  minAccepted: number,
): BinaryPick {
  const bins = store.dims + 1;
  const histBytes = roundUp(bins * 4, 16);
  const listBytes = rows === null ? 0 : count * 4;
  store.prepare(query, histBytes + listBytes + count * 8);
  const mem = store.mem;
  const hist = store.work;
  const list = hist + histBytes;
  const dist = list + listBytes;
  const out = dist + count * 4;
  mem.i32.fill(0, hist >>> 2, (hist >>> 2) + bins);
  if (rows !== null) store.putRows(list, rows, 0, count);
  const listPtr = rows === null ? 0 : list;
  mem.kernels.hamming(store.query, store.base, store.stride, listPtr, 0, count, dist, hist);
  // cum[d] = rows at distance <= d.
  const cum = mem.i32.slice(hist >>> 2, (hist >>> 2) + bins);
  for (let d = 1; d < bins; d++) cum[d]! += cum[d - 1]!;
  const level = (target: number): number => {
    let d = 0;
    while (d < bins - 1 && cum[d]! < target) d++;
    return d;
  };
  let hi = level(want);
  if (accept === null) {
    const n = mem.kernels.selectRange(dist, -1, hi, listPtr, 0, count, out);
    return { rows: mem.i32.slice(out >>> 2, (out >>> 2) + n), count: n };
  }
  const picked: number[] = [];
  let lo = -1;
  for (;;) {
    const n = mem.kernels.selectRange(dist, lo, hi, listPtr, 0, count, out);
    const i32 = mem.i32;
    for (let j = 0; j < n; j++) {
      const row = i32[(out >>> 2) + j]!;
      if (accept(row)) picked.push(row);
    }
    if (picked.length >= minAccepted || hi >= bins - 1) break;
    lo = hi;
    // Visit about as many more rows as the match rate so far says are needed (+25%), at most
    // MAX_GROWTH times the rows seen: each round is a pass over every distance, so rounds cost
    // more than predicate calls (a 1% filter at 100k took 5 doubling rounds, 2.1x the unfiltered
    // time). Whole levels only, so the stopping point depends on the data, not on row order.
    const seen = cum[hi]!;
    const rate = picked.length / seen;
    const more = rate > 0 ? ((minAccepted - picked.length) / rate) * 1.25 : seen * MAX_GROWTH;
    hi = level(seen + Math.max(1, Math.min(seen * MAX_GROWTH, Math.ceil(more))));
  }
  return { rows: Int32Array.from(picked), count: picked.length };
}

/** Scores rows by their binary codes alone: 1 - 2 * hamming / dims, the sign-agreement estimate of the cosine. */
export class BinaryScorer implements RowScorer {
  readonly exact = false;

  constructor(private readonly store: BinaryStore) {}

  /** @inheritdoc */
  prepare(query: Float32Array): void {
    this.store.prepare(query, CHUNK * 8);
  }

  /** @inheritdoc */
  score(rows: Int32Array | null, from: number, count: number, out: Float64Array): void {
    const { store } = this;
    const list = store.work;
    const dist = list + CHUNK * 4;
    let listPtr = 0;
    if (rows !== null) {
      store.putRows(list, rows, from, count);
      listPtr = list;
    }
    store.mem.kernels.hamming(store.query, store.base, store.stride, listPtr, from, count, dist, 0);
    const i32 = store.mem.i32;
    for (let i = 0; i < count; i++) out[i] = 1 - (2 * i32[(dist >>> 2) + i]!) / store.dims;
  }
}
