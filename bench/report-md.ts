/** The human-readable summary of a bench run: markdown tables, conditions above each one. */
import { conditionsLine, type SectionConditions } from './conditions.ts';
import { table as kernelsTable } from './index-kernels/report.ts';
import type { BenchReport } from './report.ts';
import { median, mib } from './stats.ts';

const table = (head: string[], rows: (string | number | null | undefined)[][]): string =>
  [
    `| ${head.join(' | ')} |`,
    `|${head.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.map((c) => (c === null || c === undefined ? '-' : String(c))).join(' | ')} |`),
  ].join('\n');

/** A section of a sub-benchmark that writes its own JSON: a heading, its conditions verbatim, one table. */
const ownSection = (title: string, conditions: unknown, head: string[], rows: (string | number)[][]): string[] => [
  `## ${title}`,
  '',
  `Conditions: ${JSON.stringify(conditions)}`,
  '',
  table(head, rows),
  '',
];

const kib = (bytes: number) => (bytes / 1024).toFixed(1);
const int = (n: number) => n.toLocaleString('en-US');

/** Markdown for `report`: one table per section, each headed by the conditions it ran under. */
export function markdownSummary(report: BenchReport): string {
  const c = report.conditions;
  const s = report.sections;
  const out: string[] = [`# inpage-rec benchmark${report.quick ? ' (--quick)' : ''}`, ''];
  const cond = (sc: SectionConditions) => `_${conditionsLine(sc, c)}_`;
  out.push(
    table(
      ['condition', 'value'],
      [
        ['machine', `${String(c.cpu)}, ${String(c.cores)} cores, ${String(c.memoryGiB)} GiB, ${String(c.os)}`],
        ['browser', `Chromium ${String(c.chromium)} headless (Debian /usr/bin/chromium, --disable-gpu)`],
        [
          'node / ORT',
          `${String(c.node)}; transformers.js ${String(c.transformers)}; onnxruntime-node ${String(c.onnxruntimeNode)}; onnxruntime-web ${String(c.onnxruntimeWeb).split(' ')[0]}`,
        ],
        ['model', String(c.model)],
        ['commit / date', `${String(c.commit)} / ${String(c.date)}`],
        [
          'run time',
          Object.entries(report.durationsS)
            .map(([k, v]) => `${k} ${v} s`)
            .join(', '),
        ],
        [
          'load average (1 min, step start/end)',
          Object.entries(report.loadAverage1m ?? {})
            .map(([k, v]) => `${k} ${v[0]}/${v[1]}`)
            .join(', '),
        ],
      ],
    ),
    '',
  );

  if (s.encoder) {
    out.push('## Encoder throughput (items/s, Steam texts)', '', cond(s.encoder.conditions), '');
    const keys = [...new Set(s.encoder.results.map((r) => `${r.runtime}|${r.dtype}`))];
    const batches = [...new Set(s.encoder.results.map((r) => r.batchSize))];
    out.push(
      table(
        ['runtime', 'dtype', 'backend', 'threads', ...batches.map((b) => `batch ${b}`)],
        keys.map((key) => {
          const rows = s.encoder!.results.filter((r) => `${r.runtime}|${r.dtype}` === key);
          return [
            rows[0]!.runtime,
            rows[0]!.dtype,
            rows[0]!.backend.device,
            rows[0]!.backend.threads,
            ...batches.map((b) => rows.find((r) => r.batchSize === b)?.itemsPerSecond),
          ];
        }),
      ),
      '',
    );
  }

  if (s.queryLatency) {
    const q = s.queryLatency;
    out.push(`## Query latency, top-${q.k}, in a browser worker`, '', cond(q.conditions), '');
    out.push(
      `Data: ${int(q.data.realVectorsInIndex)} real Steam vectors in the index (of ${int(q.data.realVectorsEmbedded)} embedded; ${q.data.heldOutQueries} held out as queries), then perturbed copies: ${q.data.perturbation}. Recall@10 is against exact float32 flat at the same size. First search = int8 quantizer fit / IVF k-means training + filing.`,
      '',
    );
    out.push(
      table(
        [
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
        ],
        q.rows.map((r) => [
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
        ]),
      ),
      '',
    );
  }

  if (s.memory) {
    const m = s.memory;
    out.push('## Worker memory per 100k vectors', '', cond(m.conditions), '');
    out.push(
      `Method: ${m.method}. Measured at n = ${int(m.measuredAt)}${m.scaledTo100k ? ', scaled linearly to 100k' : ''}. Baseline worker after loading the bench data: JS heap ${m.baselineAfterLoad.jsHeapMiB} MiB, ArrayBuffers ${m.baselineAfterLoad.arrayBufferMiB} MiB.`,
      '',
    );
    out.push(
      table(
        ['kind', 'JS heap MiB', 'ArrayBuffer MiB', 'total MiB', 'index.memoryBytes() MiB'],
        m.perKind.map((r) => [r.kind, r.jsHeapMiBPer100k, r.arrayBufferMiBPer100k, r.totalMiBPer100k, r.memoryBytesMiBPer100k]),
      ),
      '',
    );
  }

  if (s.indexedDB) {
    const d = s.indexedDB;
    out.push('## IndexedDB (library store, in the worker)', '', cond(d.conditions), '');
    out.push(
      'Read = open the database afresh + loadVectors, right after the write; warm read = the same again. No cold (new browser) read.',
      '',
    );
    out.push(
      table(
        ['n', 'MiB', 'write ms', 'write MiB/s', 'read ms', 'warm read ms', 'warm read MiB/s', 'open ms'],
        d.rows.map((r) => [int(r.n), r.mib, r.writeMs, r.writeMiBps, r.readMs, r.warmReadMs, r.readMiBps, r.openMs]),
      ),
      '',
    );
  }

  if (s.demoVisit) {
    const d = s.demoVisit;
    out.push('## Demo page: navigation start to first recommendations rendered', '', cond(d.conditions), '');
    out.push(
      `Warm = the same browser context navigating to the page again (vectors in IndexedDB, no model download); median of ${d.runs[0]?.warmVisits.length ?? 0} visits. Rendered = first \`li.item\` in \`#for-you\`'s shadow root (+-1 frame). On a first visit the first list is the catalog order the widget shows before any vector exists; "ready" is when every item is embedded and indexed.`,
      '',
    );
    out.push(
      table(
        [
          'page',
          'encoder backend (first visit)',
          'first visit: first list ms',
          'first visit: ready ms',
          'warm: first recs ms',
          'warm: ready ms',
          'warm: DOMContentLoaded ms',
          'MiB served first / warm',
        ],
        d.runs.map((r) => {
          const b = r.backend as { device?: string; threads?: number } | undefined;
          return [
            r.crossOriginIsolated ? 'cross-origin isolated' : 'not isolated',
            b ? `${b.device}, ${b.threads} thread(s)` : null,
            r.firstVisit.firstRecommendationsMs,
            r.firstVisit.readyMs,
            r.warmMedian.firstRecommendationsMs,
            r.warmMedian.readyMs,
            r.warmMedian.domContentLoadedMs,
            `${mib(r.firstVisit.bytesServed)} / ${mib(r.warmMedian.bytesServed)}`,
          ];
        }),
      ),
      '',
    );
  }

  if (s.transfer) {
    const t = s.transfer;
    const top = (r: (typeof t.runs)[number], suffix: string) => r.files.find((f) => f.path.endsWith(suffix));
    out.push('## First visit: bytes over the wire', '', cond(t.conditions), '', t.method, '');
    out.push(
      table(
        ['server', 'requests', 'MiB sent', 'ORT WASM MiB', 'model MiB', 'worker KiB'],
        t.runs.map((r) => [
          r.compressed ? 'precompressed .br/.gz' : 'uncompressed',
          r.requests,
          mib(r.bytes),
          mib(top(r, '.wasm')?.bytes ?? 0),
          mib(top(r, '.onnx')?.bytes ?? 0),
          kib(top(r, '.worker.js')?.bytes ?? 0),
        ]),
      ),
      '',
    );
  }

  if (s.bundle) {
    const b = s.bundle;
    out.push('## Bundle and download sizes', '', cond(b.conditions), '');
    out.push(
      table(
        ['file', 'what', 'raw KiB', 'gzip KiB', 'first visit'],
        [
          ...b.files.map((f) => [f.file, f.what, kib(f.rawBytes), kib(f.gzipBytes), f.firstVisit ? 'yes' : '']),
          [
            '**first visit total**',
            `${b.firstVisitTotal.files.length} files`,
            kib(b.firstVisitTotal.rawBytes),
            kib(b.firstVisitTotal.gzipBytes),
            '',
          ],
        ],
      ),
      '',
    );
  }

  if (s.wordOverlap) {
    out.push(
      ...ownSection(
        'Word overlap (term index), Node',
        s.wordOverlap.conditions,
        [
          'items',
          'texts ms',
          'build ms',
          'typed arrays MiB',
          'neighbours p50 / p95 ms',
          'pair similarity us',
          'similar() p50 ms: cosine only / with words',
        ],
        s.wordOverlap.rows.map((r) => [
          int(r.items),
          int(r.textsMs),
          int(r.buildMs),
          r.arraysMiB.toFixed(1),
          `${r.neighboursP50Ms.toFixed(2)} / ${r.neighboursP95Ms.toFixed(2)}`,
          r.similarityUs.toFixed(2),
          `${r.similarP50Ms.cosineOnly.toFixed(2)} / ${r.similarP50Ms.withWords.toFixed(2)}`,
        ]),
      ),
    );
  }

  if (s.keywordSearch) {
    const ms = (x: { p50Ms: number; p95Ms: number; maxMs: number }) =>
      `${x.p50Ms.toFixed(2)} / ${x.p95Ms.toFixed(2)} / ${x.maxMs.toFixed(1)}`;
    out.push(
      ...ownSection(
        "Keyword search (hybrid search's keyword half), Node",
        s.keywordSearch.conditions,
        [
          'items',
          'build ms, shipped / MiniSearch',
          'memory MiB, shipped / MiniSearch',
          'shipped p50 / p95 / max ms',
          "MiniSearch's search of the same query p50 / p95 / max ms",
          'before (MiniSearch string query) p50 / p95 / max ms',
          'top 50 as MiniSearch',
          'known-item MRR',
        ],
        s.keywordSearch.rows.map((r) => [
          int(r.items),
          `${int(r.buildMs.shipped)} / ${int(r.buildMs.miniSearch)}`,
          `${r.memoryMiB.shipped.toFixed(1)} / ${r.memoryMiB.miniSearch.toFixed(1)}`,
          ms(r.shipped),
          ms(r.miniSearch),
          ms(r.before),
          r.sameTop50.toFixed(3),
          r.knownItemMrr.shipped.toFixed(4),
        ]),
      ),
    );
  }

  if (s.warmStart) {
    const w = s.warmStart;
    out.push(
      ...ownSection(
        'Returning visit: IndexedDB to the first vector-ranked answer',
        w.conditions,
        [
          'items',
          'first vector-ranked ms (median, min-max)',
          'ready ms (median)',
          'slowest similar() before ready ms',
          'similar() after ready ms',
          'from IndexedDB',
          'embedded',
        ],
        w.rows.map((r) => [
          int(r.items),
          `${int(r.medianFirstVectorMs)} (${int(r.minMs)}-${int(r.maxMs)})`,
          int(median(r.warm.map((v) => v.readyMs))),
          Math.max(0, ...r.warm.flatMap((v) => v.laterMs)).toFixed(1),
          median(r.warm.map((v) => v.afterReadyMs)).toFixed(1),
          int(r.warm[0]?.fromCache ?? 0),
          int(r.warm[0]?.embedded ?? 0),
        ]),
      ),
    );
  }

  if (s.firstVisit) {
    const f = s.firstVisit;
    out.push('## First visit, with and without prebuilt vectors', '', cond(f.conditions), '');
    out.push(
      table(
        [
          'catalog',
          'items',
          'prebuilt vectors',
          'first vector-ranked ms',
          'ready ms',
          'MiB transferred',
          'CPU ms',
          'from artifact',
          'embedded',
        ],
        f.rows.map((r) => [
          r.catalog,
          int(r.items),
          r.artifact ? 'yes' : 'no',
          r.firstVectorMs === null
            ? null
            : `${int(r.firstVectorMs)}${r.projected ? ` (projected at ${r.projected.itemsPerSecond} items/s)` : ''}`,
          r.readyMs === null ? (r.projected ? 'not waited for' : null) : int(r.readyMs),
          (r.bytes / 1048576).toFixed(2),
          int(r.cpuMs),
          int(r.fromArtifact),
          int(r.embedded),
        ]),
      ),
      '',
    );
    if (f.cliBuild) {
      const b = f.cliBuild;
      out.push(
        `\`inpage-rec build\` of that catalog: ${int(b.items)} items, ${int(b.embedded)} embedded in ${int(b.ms)} ms${b.itemsPerSecond ? ` (${b.itemsPerSecond} items/s in the encoder)` : ' (incremental: nothing changed)'}`,
        '',
      );
    }
  }

  if (s.indexKernels) {
    out.push('## Index kernels and peers (bench/index-kernels)', '', `_${Object.values(s.indexKernels.conditions).join('; ')}_`, '');
    out.push(kernelsTable(s.indexKernels.rows), '');
  }

  if (report.errors.length > 0) out.push('## Errors', '', ...report.errors.map((e) => `- ${e.split('\n')[0]}`), '');
  return out.join('\n');
}
