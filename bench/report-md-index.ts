/**
 * The bench summary's sections on the encoder and the vector index: encoder throughput (Node and
 * Chromium), and in a browser worker query latency, memory, IndexedDB and the index-kernels peers.
 */
import { table as kernelsTable } from './index-kernels/report.ts';
import { type ConditionsLine, int, table } from './md-table.ts';
import type { BenchReport } from './report.ts';
import { mib } from './stats.ts';

type Sections = BenchReport['sections'];

/** Items per second per runtime and dtype (rows), one column per batch size. */
export function encoderSection(e: NonNullable<Sections['encoder']>, cond: ConditionsLine): string[] {
  const keys = [...new Set(e.results.map((r) => `${r.runtime}|${r.dtype}`))];
  const batches = [...new Set(e.results.map((r) => r.batchSize))];
  const rows = keys.map((key) => {
    const runs = e.results.filter((r) => `${r.runtime}|${r.dtype}` === key);
    return [
      runs[0]!.runtime,
      runs[0]!.dtype,
      runs[0]!.backend.device,
      runs[0]!.backend.threads,
      ...batches.map((b) => runs.find((r) => r.batchSize === b)?.itemsPerSecond),
    ];
  });
  return [
    '## Encoder throughput (items/s, Steam texts)',
    '',
    cond(e.conditions),
    '',
    table(['runtime', 'dtype', 'backend', 'threads', ...batches.map((b) => `batch ${b}`)], rows),
    '',
  ];
}

/** One row per index size and kind: build, first search, p50/p95 and recall, with the data they ran on. */
export function queryLatencySection(q: NonNullable<Sections['queryLatency']>, cond: ConditionsLine): string[] {
  const head = [
    'n',
    'real',
    'perturbed',
    'kind',
    'add ms',
    'train ms',
    'first search ms',
    'p50 ms',
    'p95 ms',
    'recall@10 (min)',
    'memoryBytes MiB',
  ];
  const rows = q.rows.map((r) => [
    int(r.n),
    int(r.realVectors),
    int(r.perturbedCopies),
    r.kind + (r.nlist ? ` (nlist ${r.nlist})` : ''),
    r.addMs,
    r.trainMs,
    r.firstSearchMs,
    r.p50Ms,
    r.p95Ms,
    r.recallAt10 === null ? null : `${r.recallAt10} (${r.recallAt10Min})`,
    mib(r.memoryBytes),
  ]);
  return [
    `## Query latency, top-${q.k}, in a browser worker`,
    '',
    cond(q.conditions),
    '',
    `Data: ${int(q.data.realVectorsInIndex)} real Steam vectors in the index (of ${int(q.data.realVectorsEmbedded)} embedded; ${q.data.heldOutQueries} held out as queries), then perturbed copies: ${q.data.perturbation}. Recall@10 is against exact float32 flat at the same size. First search = int8 quantizer fit / IVF k-means training + filing.`,
    '',
    table(head, rows),
    '',
  ];
}

/** The worker's memory per 100k vectors of each index kind, with the method and the baseline. */
export function workerMemorySection(m: NonNullable<Sections['memory']>, cond: ConditionsLine): string[] {
  return [
    '## Worker memory per 100k vectors',
    '',
    cond(m.conditions),
    '',
    `Method: ${m.method}. Measured at n = ${int(m.measuredAt)}${m.scaledTo100k ? ', scaled linearly to 100k' : ''}. Baseline worker after loading the bench data: JS heap ${m.baselineAfterLoad.jsHeapMiB} MiB, ArrayBuffers ${m.baselineAfterLoad.arrayBufferMiB} MiB.`,
    '',
    table(
      ['kind', 'JS heap MiB', 'ArrayBuffer MiB', 'total MiB', 'index.memoryBytes() MiB'],
      m.perKind.map((r) => [r.kind, r.jsHeapMiBPer100k, r.arrayBufferMiBPer100k, r.totalMiBPer100k, r.memoryBytesMiBPer100k]),
    ),
    '',
  ];
}

/** Write and read times of n vectors through the library's IndexedDB store. */
export function indexedDbSection(d: NonNullable<Sections['indexedDB']>, cond: ConditionsLine): string[] {
  return [
    '## IndexedDB (library store, in the worker)',
    '',
    cond(d.conditions),
    '',
    'Read = open the database afresh + loadVectors, right after the write; warm read = the same again. No cold (new browser) read.',
    '',
    table(
      ['n', 'MiB', 'write ms', 'write MiB/s', 'read ms', 'warm read ms', 'warm read MiB/s', 'open ms'],
      d.rows.map((r) => [int(r.n), r.mib, r.writeMs, r.writeMiBps, r.readMs, r.warmReadMs, r.readMiBps, r.openMs]),
    ),
    '',
  ];
}

/** bench/index-kernels' own table, under its conditions joined on one line. */
export function indexKernelsSection(k: NonNullable<Sections['indexKernels']>): string[] {
  return [
    '## Index kernels and peers (bench/index-kernels)',
    '',
    `_${Object.values(k.conditions).join('; ')}_`,
    '',
    kernelsTable(k.rows),
    '',
  ];
}
