/**
 * Sections "query latency" and "memory": for each size and index kind, builds the index in the
 * bench worker, times the first search (int8 fits its quantizer, IVF trains k-means there), then
 * times every held-out query one by one (p50/p95) with recall@10 against exact float32 flat, and
 * reads the worker heap over CDP with the index alive.
 */
import type { IndexKind } from '../src/types/index.ts';
import type { LoadResult } from './browser/index-bench-protocol.ts';
import type { IndexSession } from './index-session.ts';
import { mib, percentile, round } from './stats.ts';
import { HEAP_METHOD, type HeapReading } from './worker-heap.ts';

/** Flat first: it is the exact reference the other kinds' recall is measured against. */
export const INDEX_KINDS: IndexKind[] = ['flat', 'int8', 'binary', 'ivf', 'ivf-int8', 'ivf-binary'];

/** One size x kind measurement. */
export interface LatencyRow {
  n: number;
  kind: IndexKind;
  realVectors: number;
  perturbedCopies: number;
  addMs: number;
  /** The explicit train() after add: int8 quantizer fit / IVF k-means training and filing. */
  trainMs: number;
  /** The first search after training. */
  firstSearchMs: number;
  nlist?: number;
  queries: number;
  p50Ms: number;
  p95Ms: number;
  meanMs: number;
  recallAt10: number | null;
  recallAt10Min: number | null;
  memoryBytes: number;
  /** Worker heap growth while this index is alive, against the same worker with no index. */
  heapDelta: HeapReading;
}

/** What the latency run needs to know; `load` is the worker's answer to preparing the data. */
export interface LatencyOptions {
  sizes: number[];
  warmup: number;
  load: LoadResult;
  log: (line: string) => void;
}

/** Runs every kind at every size in `session`; a failure of one cell is recorded, not thrown. */
export async function runLatency(session: IndexSession, opts: LatencyOptions) {
  const baseline = await session.heap.measure();
  const rows: LatencyRow[] = [];
  const errors: string[] = [];
  for (const n of opts.sizes) {
    for (const kind of INDEX_KINDS) {
      try {
        const built = await session.call('build', { kind, n });
        const heap = await session.heap.measure();
        const q = await session.call('query', { k: 10, warmup: opts.warmup });
        await session.call('drop', {});
        const realVectors = Math.min(n, opts.load.realInIndex);
        const row: LatencyRow = {
          n,
          kind,
          realVectors,
          perturbedCopies: n - realVectors,
          addMs: round(built.addMs),
          trainMs: round(built.trainMs),
          firstSearchMs: round(built.firstSearchMs),
          ...(built.nlist !== undefined ? { nlist: built.nlist } : {}),
          queries: q.times.length,
          p50Ms: round(percentile(q.times, 50), 3),
          p95Ms: round(percentile(q.times, 95), 3),
          meanMs: round(q.times.reduce((a, b) => a + b, 0) / q.times.length, 3),
          recallAt10: q.recall === null ? null : round(q.recall, 4),
          recallAt10Min: q.recallMin === null ? null : round(q.recallMin, 2),
          memoryBytes: built.memoryBytes,
          heapDelta: {
            jsHeapBytes: heap.jsHeapBytes - baseline.jsHeapBytes,
            arrayBufferBytes: heap.arrayBufferBytes - baseline.arrayBufferBytes,
          },
        };
        rows.push(row);
        opts.log(
          `  ${kind.padEnd(8)} n=${n}: add ${row.addMs} ms, train ${row.trainMs} ms, first search ${row.firstSearchMs} ms, p50 ${row.p50Ms} ms, p95 ${row.p95Ms} ms, recall@10 ${row.recallAt10 ?? '-'}`,
        );
      } catch (err) {
        errors.push(`${kind} at ${n}: ${(err as Error).message}`);
        opts.log(`  ${kind} at ${n} FAILED: ${(err as Error).message}`);
        await session.call('drop', {}).catch(() => undefined);
      }
    }
  }
  return { baseline, rows, errors };
}

/**
 * The memory section from the latency rows: per index kind, heap growth per 100k vectors, measured
 * at 100k when that size ran, else at the largest size and scaled linearly (and said so).
 */
export function memorySection(baseline: HeapReading, rows: LatencyRow[]) {
  const largest = rows.some((r) => r.n === 100_000) ? 100_000 : Math.max(...rows.map((r) => r.n));
  return {
    method: HEAP_METHOD,
    note: "heapDelta = worker heap with the index built and trained minus the same worker with no index; the benchmark's own copy of the vectors is in the baseline, not the delta",
    baselineAfterLoad: { jsHeapMiB: mib(baseline.jsHeapBytes), arrayBufferMiB: mib(baseline.arrayBufferBytes) },
    measuredAt: largest,
    scaledTo100k: largest !== 100_000,
    perKind: rows
      .filter((r) => r.n === largest)
      .map((r) => {
        const scale = 100_000 / r.n;
        return {
          kind: r.kind,
          n: r.n,
          jsHeapMiBPer100k: mib(r.heapDelta.jsHeapBytes * scale),
          arrayBufferMiBPer100k: mib(r.heapDelta.arrayBufferBytes * scale),
          totalMiBPer100k: mib((r.heapDelta.jsHeapBytes + r.heapDelta.arrayBufferBytes) * scale),
          memoryBytesMiBPer100k: mib(r.memoryBytes * scale),
        };
      }),
    bySize: rows.map((r) => ({
      kind: r.kind,
      n: r.n,
      jsHeapMiB: mib(r.heapDelta.jsHeapBytes),
      arrayBufferMiB: mib(r.heapDelta.arrayBufferBytes),
      memoryBytesMiB: mib(r.memoryBytes),
    })),
  };
}
