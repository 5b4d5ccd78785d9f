/** Summary rows and the markdown table of the index-kernels bench. */
import type { BuildResult, QueryResult } from './protocol.ts';

/** One measured configuration at one size. */
export interface Row {
  system: string;
  config: string;
  n: number;
  p50Ms: number;
  p95Ms: number;
  recallAt10: number;
  buildS: number;
  trainS: number;
  heapMiB: number;
  indexMiB?: number;
  kernels?: string;
  /** With a 1% filter: p50, p50 relative to unfiltered, share of queries with k hits, recall vs exact filtered. */
  filter1pct?: { p50Ms: number; ratio: number; fullK: number; recallAt10: number };
}

const MiB = 2 ** 20;

function quantile(values: number[], q: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
}

function meanRecall(hits: number[][], exact: number[][]): number {
  let sum = 0;
  hits.forEach((h, q) => {
    const want = new Set(exact[q]);
    sum += want.size === 0 ? 1 : h.filter((id) => want.has(id)).length / want.size;
  });
  return sum / hits.length;
}

/** Summarizes the rounds of one configuration. */
export function summarize(a: {
  system: string;
  config: string;
  n: number;
  built: BuildResult;
  heapBytes: number;
  runs: QueryResult[];
  exact: number[][];
  filtered?: QueryResult;
  exactFiltered?: number[][];
}): Row {
  const times = a.runs.flatMap((r) => r.times);
  const p50 = quantile(times, 0.5);
  const row: Row = {
    system: a.system,
    config: a.config,
    n: a.n,
    p50Ms: p50,
    p95Ms: quantile(times, 0.95),
    recallAt10: meanRecall(a.runs[0]!.hits, a.exact),
    buildS: a.built.addMs / 1000,
    trainS: a.built.trainMs / 1000,
    heapMiB: a.heapBytes / MiB,
    ...(a.built.memoryBytes !== undefined ? { indexMiB: a.built.memoryBytes / MiB } : {}),
    ...(a.built.kernels ? { kernels: a.built.kernels } : {}),
  };
  if (a.filtered && a.exactFiltered) {
    const fp50 = quantile(a.filtered.times, 0.5);
    row.filter1pct = {
      p50Ms: fp50,
      ratio: fp50 / p50,
      fullK: a.filtered.hits.filter((h) => h.length === 10).length / a.filtered.hits.length,
      recallAt10: meanRecall(a.filtered.hits, a.exactFiltered),
    };
  }
  return row;
}

/** Markdown table of `rows`. */
export function table(rows: Row[]): string {
  const head =
    '| n | system | config | kernels | p50 ms | p95 ms | recall@10 | add s | train s | heap MiB | index MiB | 1% filter p50 (x unfiltered) |';
  const lines = rows.map((r) =>
    [
      r.n,
      r.system,
      r.config,
      r.kernels ?? '',
      r.p50Ms.toFixed(3),
      r.p95Ms.toFixed(3),
      r.recallAt10.toFixed(3),
      r.buildS.toFixed(2),
      r.trainS.toFixed(2),
      r.heapMiB.toFixed(1),
      r.indexMiB?.toFixed(1) ?? '',
      r.filter1pct
        ? `${r.filter1pct.p50Ms.toFixed(3)} (${r.filter1pct.ratio.toFixed(2)}x, k hits ${(r.filter1pct.fullK * 100).toFixed(0)}%, recall ${r.filter1pct.recallAt10.toFixed(3)})`
        : '',
    ].join(' | '),
  );
  return [head, `|${'---|'.repeat(12)}`, ...lines.map((l) => `| ${l} |`)].join('\n');
}
