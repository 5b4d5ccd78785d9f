/**
 * One scan of a composed index over a set of rows: the scan code picks candidates, then each
 * re-rank code narrows them: binary -> int8 (-> residual bits) or -> float32 / int16 rows; int8 -> rows or
 * -> residual bits. IVF calls it once per widening of its probe (coded-index.ts).
 */
import { BinaryScorer, pickBinary } from './binary-select.ts';
import type { TopK } from './heap.ts';
import type { IndexParts } from './parts.ts';
import type { RowScorer } from './scorer.ts';
import type { SearchRun } from './search-run.ts';

/** How many candidates each stage passes on. */
export interface StageTuning {
  /** Candidates per wanted hit that an int8 scan or the residual re-rank sees. */
  readonly rerank: number;
  /** Fewest binary candidates. */
  readonly candidates: number;
}

/** The best k (at most) of rows[0..count) (or all rows when null), scan code then re-rank. */
export function scanAndRerank(p: IndexParts, run: SearchRun, rows: Int32Array | null, count: number, tuning: StageTuning): TopK {
  const { rerank, candidates } = tuning;
  // With residual bits, the int8 codes narrow the candidates to k x rerank and the bits pick the k.
  const residual = p.residual;
  const keep = residual ? run.k * rerank : run.k;
  const fromRows = p.refine === 'float32' || p.refine === 'int16';
  const refiner: RowScorer | undefined = fromRows ? p.floats : residual || p.refine === 'int8' ? p.int8 : undefined;
  let best: TopK;
  if (p.codes === 'binary') {
    const want = Math.max(candidates, run.k * rerank, binaryShare(count));
    const pick = pickBinary(p.binary!, run.query, rows, count, want, run.accept, run.k * rerank);
    best = run.rerank(refiner ?? new BinaryScorer(p.binary!), pick.rows, pick.count, keep);
  } else {
    const scanner: RowScorer = p.codes === 'float32' ? p.floats! : p.int8!;
    const direct = scanner.exact || refiner === undefined || refiner === scanner;
    best = run.heap(direct ? keep : run.k * rerank);
    scanner.prepare(run.query);
    run.collect(scanner, best, rows, count);
    if (!direct) best = run.rerank(refiner, best.rowsUnsorted().slice(), best.size, keep);
  }
  if (!residual) return best;
  return run.rerank(residual, best.rowsUnsorted().slice(), best.size, run.k);
}

/** Binary candidates grow with the rows scanned: see the measurements in factory.ts. */
function binaryShare(count: number): number {
  return Math.ceil(count / 200);
}
