/** bench/results/bench.svg: one chart per section, the conditions printed under every title. */
import { conditionsLine } from './conditions.ts';
import type { BenchReport } from './report.ts';
import { groupedBarsPanel, hBarsPanel, type Panel, type Series, svgDocument } from './svg.ts';

const WIDTH = 980;
const PALETTE = ['#4e79a7', '#f28e2b', '#59a14f', '#e15759', '#76b7b2', '#b07aa1', '#9c755f'];
const series = (names: string[]): Series[] => names.map((name, i) => ({ name, color: PALETTE[i % PALETTE.length]! }));
const k = (n: number) => (n >= 1000 ? `${n / 1000}k` : String(n));

type Sections = BenchReport['sections'];
/** The whole run's conditions: every caption names the machine. */
type Machine = BenchReport['conditions'];

/** Query latency per index size and kind (p50, p95, recall), then what building each index cost. */
function latencyPanels(q: NonNullable<Sections['queryLatency']>, c: Machine): Panel[] {
  const kinds = [...new Set(q.rows.map((r) => r.kind))];
  const sizes = [...new Set(q.rows.map((r) => r.n))];
  const cell = (n: number, kind: string) => q.rows.find((r) => r.n === n && r.kind === kind);
  const data = `${q.data.realVectorsInIndex.toLocaleString('en-US')} real Steam vectors + perturbed copies above that (${q.data.perturbedCopies.toLocaleString('en-US')} at the largest size); ${q.data.heldOutQueries} held-out real queries`;
  return [
    groupedBarsPanel(
      {
        title: `Query latency, top-${q.k}: p50 bar, p95 whisker; the number on top is recall@10 vs exact flat`,
        caption: [conditionsLine(q.conditions, c), data],
        unit: 'ms per query',
        log: true,
        series: series(kinds),
        groups: sizes.map((n) => ({
          label: `${k(n)} vectors`,
          bars: kinds.map((kind) => {
            const r = cell(n, kind);
            return r ? { value: r.p50Ms, whisker: r.p95Ms, label: r.recallAt10 === null ? '' : r.recallAt10.toFixed(2) } : { value: null };
          }),
        })),
      },
      WIDTH,
    ),
    groupedBarsPanel(
      {
        title: 'Index build: add() of every vector, then train() (int8 quantizer fit / IVF k-means + filing)',
        caption: [conditionsLine(q.conditions, c)],
        unit: 'ms',
        log: true,
        series: series(kinds),
        groups: sizes.flatMap((n) => [
          { label: `${k(n)}: add()`, bars: kinds.map((kind) => ({ value: cell(n, kind)?.addMs ?? null })) },
          { label: `${k(n)}: train()`, bars: kinds.map((kind) => ({ value: cell(n, kind)?.trainMs ?? null })) },
        ]),
      },
      WIDTH,
    ),
  ];
}

/** The worker's memory per 100k vectors of each index kind. */
function memoryPanel(m: NonNullable<Sections['memory']>, c: Machine): Panel {
  return groupedBarsPanel(
    {
      title: `Worker memory per 100k vectors (measured at ${k(m.measuredAt)}${m.scaledTo100k ? ', scaled' : ''})`,
      caption: [
        conditionsLine(m.conditions, c),
        "heap growth with the index alive, via CDP Runtime.getHeapUsage after GC; memoryBytes() is the index's own estimate",
      ],
      unit: 'MiB',
      log: false,
      series: series(['JS heap', 'ArrayBuffers', 'index.memoryBytes()']),
      groups: m.perKind.map((r) => ({
        label: r.kind,
        bars: [{ value: r.jsHeapMiBPer100k }, { value: r.arrayBufferMiBPer100k }, { value: r.memoryBytesMiBPer100k }],
      })),
    },
    WIDTH,
  );
}

/** Encoder throughput per runtime and dtype, one bar per batch size. */
function encoderPanel(e: NonNullable<Sections['encoder']>, c: Machine): Panel {
  const keys = [...new Set(e.results.map((r) => `${r.runtime}|${r.dtype}`))];
  const batches = [...new Set(e.results.map((r) => r.batchSize))];
  return groupedBarsPanel(
    {
      title: 'Encoder throughput on Steam texts (items/s, higher is better)',
      caption: [conditionsLine(e.conditions, c)],
      unit: 'items/s',
      log: false,
      series: series(batches.map((b) => `batch ${b}`)),
      groups: keys.map((key) => {
        const rows = e.results.filter((r) => `${r.runtime}|${r.dtype}` === key);
        const b = rows[0]!.backend;
        return {
          label: `${rows[0]!.runtime.replace('chromium-wasm-', 'wasm ')} ${rows[0]!.dtype}\n${b.device}, ${b.threads ? `${b.threads} thread${b.threads === 1 ? '' : 's'}` : 'ORT default threads'}`,
          bars: batches.map((size) => ({ value: rows.find((r) => r.batchSize === size)?.itemsPerSecond ?? null })),
        };
      }),
    },
    WIDTH,
  );
}

/** Write, read and warm read times of n vectors through the library's IndexedDB store. */
function indexedDbPanel(d: NonNullable<Sections['indexedDB']>, c: Machine): Panel {
  return groupedBarsPanel(
    {
      title: 'IndexedDB through the library store: write and read n vectors',
      caption: [conditionsLine(d.conditions, c), 'read = reopen + loadVectors after the write; warm read = the same again'],
      unit: 'ms',
      log: true,
      series: series(['write', 'read', 'warm read']),
      groups: d.rows.map((r) => ({
        label: `${k(r.n)} (${r.mib} MiB)`,
        bars: [{ value: r.writeMs }, { value: r.readMs }, { value: r.warmReadMs }],
      })),
    },
    WIDTH,
  );
}

/** The demo page's first and warm visits, per isolation mode. */
function demoVisitPanel(d: NonNullable<Sections['demoVisit']>, c: Machine): Panel {
  return groupedBarsPanel(
    {
      title: 'Demo page (659 items): navigation start to first recommendations rendered',
      caption: [conditionsLine(d.conditions, c), 'first visit embeds every item; warm = revisit in the same context (IndexedDB), median'],
      unit: 'ms',
      log: true,
      series: series([
        'first visit: first list (catalog order, no vectors yet)',
        'first visit: ready (all embedded)',
        'warm: first recs',
        'warm: ready',
      ]),
      groups: d.runs.map((r) => {
        const b = r.backend as { device?: string; threads?: number } | undefined;
        return {
          label: `${r.crossOriginIsolated ? 'cross-origin isolated' : 'not isolated'}${b ? `\nencoder: ${b.device}, ${b.threads} thread${b.threads === 1 ? '' : 's'}` : ''}`,
          bars: [
            { value: r.firstVisit.firstRecommendationsMs },
            { value: r.firstVisit.readyMs },
            { value: r.warmMedian.firstRecommendationsMs },
            { value: r.warmMedian.readyMs },
          ],
        };
      }),
    },
    WIDTH,
  );
}

/** Raw and gzip size of every shipped file, and the first visit's total. */
function bundlePanel(b: NonNullable<Sections['bundle']>, c: Machine): Panel {
  return hBarsPanel(
    {
      title: 'Bundle and download sizes',
      caption: [
        conditionsLine(b.conditions, c),
        `first visit downloads ${(b.firstVisitTotal.rawBytes / 2 ** 20).toFixed(1)} MiB raw, ${(b.firstVisitTotal.gzipBytes / 2 ** 20).toFixed(1)} MiB gzip`,
      ],
      unit: 'KiB',
      log: true,
      series: series(['raw', 'gzip -9']),
      rows: [
        ...b.files.map((f) => ({
          label: `${f.file.replace('models/use-lite-en/', 'model/')}${f.firstVisit ? ' *' : ''}`,
          values: [f.rawBytes / 1024, f.gzipBytes / 1024],
        })),
        { label: '* first visit total', values: [b.firstVisitTotal.rawBytes / 1024, b.firstVisitTotal.gzipBytes / 1024] },
      ],
    },
    WIDTH,
  );
}

/** Renders every section present in `report` (a failed section is simply absent). */
export function svgReport(report: BenchReport): string {
  const c = report.conditions;
  const s = report.sections;
  const panels: Panel[] = [];
  if (s.queryLatency) panels.push(...latencyPanels(s.queryLatency, c));
  if (s.memory) panels.push(memoryPanel(s.memory, c));
  if (s.encoder) panels.push(encoderPanel(s.encoder, c));
  if (s.indexedDB) panels.push(indexedDbPanel(s.indexedDB, c));
  if (s.demoVisit) panels.push(demoVisitPanel(s.demoVisit, c));
  if (s.bundle) panels.push(bundlePanel(s.bundle, c));

  const subtitle = `${String(c.cpu)}, ${String(c.cores)} cores | Chromium ${String(c.chromium)} headless | Node ${String(c.node)} | ${String(c.model)} | ${report.quick ? '--quick | ' : ''}${String(c.commit)} | ${String(c.date)}`;
  return svgDocument('inpage-rec benchmark', subtitle, panels, WIDTH);
}
