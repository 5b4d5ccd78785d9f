/**
 * The charts of docs/benchmarks.md, drawn from that page's own tables (the committed numbers) with
 * the bench's chart code (svg.ts), into docs/charts/. No benchmark runs: after `npm run bench`,
 * update a table in docs/benchmarks.md, then run this again.
 *
 *   npx tsx bench/docs-charts.ts           writes docs/charts/{encoder,returning-visit,word-overlap,keyword-search,first-visit}.svg
 *   npx tsx bench/docs-charts.ts --check   exits 1 when a committed chart differs from its table
 *
 * Where a cell gives a range ("0.55-0.67 s"), the bar is its low end and the whisker its high end.
 * docs/charts/index-kernels.svg is not drawn here: it is bench/results/index-kernels.svg of a run.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Bar, groupedBarsPanel, type Panel, type Series, svgDocument } from './svg.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const page = join(root, 'docs', 'benchmarks.md');
const WIDTH = 980;
const SUBTITLE = 'from the committed numbers in docs/benchmarks.md (npx tsx bench/docs-charts.ts)';
const PALETTE = ['#4e79a7', '#f28e2b', '#59a14f', '#e15759', '#76b7b2', '#b07aa1'];
const series = (names: string[]): Series[] => names.map((name, i) => ({ name, color: PALETTE[i % PALETTE.length]! }));

/**
 * The rows (cells, markdown emphasis removed) of the first table whose header starts with `first`
 * and, when given, mentions `also`.
 */
function table(markdown: string, first: string, also = ''): string[][] {
  const lines = markdown.split('\n');
  const start = lines.findIndex((l) => l.replace(/\s+/g, ' ').startsWith(`| ${first} |`) && l.includes(also));
  if (start < 0) throw new Error(`docs/benchmarks.md has no table starting with "| ${first} |"${also ? ` and mentioning "${also}"` : ''}`);
  const rows: string[][] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    rows.push(
      line
        .slice(1, -1)
        .split('|')
        .map((c) => c.replace(/\*\*/g, '').trim()),
    );
  }
  return rows;
}

const UNIT_S: Record<string, number> = { ms: 0.001, s: 1, min: 60 };

/** "0.55-0.67 s (median 0.58 s)" -> { low: 0.55, high: 0.67, unit: 's' }; "~13 min" -> 13 min; "-" -> null. */
function range(cell: string): { low: number; high: number; unit: string } | null {
  const m = /^~?([\d.]+)(?:\s*-\s*([\d.]+))?\s*([A-Za-z]+)?/.exec(cell.replace(/,/g, ''));
  if (!m) return null;
  const low = Number(m[1]);
  return { low, high: m[2] === undefined ? low : Number(m[2]), unit: m[3] ?? '' };
}

/** A cell as seconds, low and high. */
function seconds(cell: string): { low: number; high: number } | null {
  const r = range(cell);
  if (!r) return null;
  const f = UNIT_S[r.unit];
  if (f === undefined) throw new Error(`not a time: "${cell}"`);
  return { low: r.low * f, high: r.high * f };
}

/** "a / b / c" -> numbers (units dropped). */
const parts = (cell: string): number[] => cell.split('/').map((p) => Number.parseFloat(p.replace(/,/g, '')));

/** A bar for a range: the low end, a whisker at the high end, labelled with the range as written. */
function rangeBar(cell: string, toUnit: (c: string) => { low: number; high: number } | null): Bar {
  const r = toUnit(cell);
  if (!r) return { value: null };
  // The axis gives the unit: "0.55-0.67 s" is labelled "0.55-0.67" (other units, "~13 min", stay).
  const text = cell.replace(/\s*\(.*$/, '').replace(/ s$/, '');
  return r.high > r.low ? { value: r.low, whisker: r.high, label: text } : { value: r.low, label: text };
}

const from = (section: string) => `docs/benchmarks.md, "${section}" (conditions there)`;

function encoder(md: string): string {
  const rows = table(md, 'runtime');
  const groups = rows.flatMap((r) => {
    const label = r[0]!.replace(/\s*\(.*\)$/, '').replace('Node, onnxruntime-node', 'Node (onnxruntime-node)');
    return [
      { label: `${label}\nfp32`, bars: r.slice(1, 4).map((v) => ({ value: Number(v) })) },
      { label: `${label}\nint8`, bars: r.slice(4, 7).map((v) => ({ value: Number(v) })) },
    ];
  });
  const panel = groupedBarsPanel(
    {
      title: 'Encoder throughput on Steam texts (items/s, higher is better)',
      caption: [from('Encoder'), 'use-lite-en; Chromium rows: onnxruntime-web WASM, 2 threads cross-origin isolated, 1 thread not'],
      unit: 'items/s',
      log: false,
      series: series(['batch 1', 'batch 32', 'batch 128']),
      groups,
    },
    WIDTH,
  );
  return svgDocument('inpage-rec: encoder', SUBTITLE, [panel], WIDTH);
}

function returningVisit(md: string): string {
  const rows = table(md, 'returning visit');
  const panel = groupedBarsPanel(
    {
      title: 'A returning visit: navigation start to the first vector-ranked answer, and to ready',
      caption: [from('A returning visit'), 'bar: fastest of the reloads, whisker: slowest; lower is better'],
      unit: 's',
      log: true,
      series: series(['first vector-ranked', 'ready']),
      groups: rows.map((r) => ({
        label: r[0]!.replace(/\s*\((.*)\)$/, '\n($1)'),
        bars: [rangeBar(r[1]!, seconds), rangeBar(r[2]!, seconds)],
      })),
    },
    WIDTH,
  );
  return svgDocument('inpage-rec: a returning visit', SUBTITLE, [panel], WIDTH);
}

function wordOverlap(md: string): string {
  const rows = table(md, 'items', 'typed arrays');
  const panels: Panel[] = [
    groupedBarsPanel(
      {
        title: 'Word overlap: time to build the index, and to read a stored one back',
        caption: [from('Word overlap'), 'Node, one thread; texts = the text rule over every item'],
        unit: 's',
        log: true,
        series: series(['texts', 'build', 'read back']),
        groups: rows.map((r) => ({
          label: `${r[0]} items`,
          bars: [r[1]!, r[2]!, r[5]!].map((c) => ({ value: seconds(c)?.low ?? null })),
        })),
      },
      WIDTH,
    ),
    groupedBarsPanel(
      {
        title: 'Word overlap: memory of the built index and its stored size',
        caption: [from('Word overlap')],
        unit: 'MiB',
        log: false,
        series: series(['typed arrays', 'stored']),
        groups: rows.map((r) => ({ label: `${r[0]} items`, bars: [r[3]!, r[4]!].map((c) => ({ value: Number.parseFloat(c) })) })),
      },
      WIDTH,
    ),
  ];
  return svgDocument('inpage-rec: word overlap', SUBTITLE, panels, WIDTH);
}

function keywordSearch(md: string): string {
  const kw = table(md, 'items', 'MiniSearch');
  const ours = '#4e79a7';
  const mini = '#e15759';
  const pair: Series[] = [
    { name: 'inpage-rec', color: ours },
    { name: 'MiniSearch', color: mini },
  ];
  const panels: Panel[] = [
    groupedBarsPanel(
      {
        title: 'Keyword search: one query, p50 bar and p95 whisker (top 50)',
        caption: [from('Keyword search'), 'MiniSearch: its own search of the same query on its own index of the same documents'],
        unit: 'ms',
        log: true,
        series: pair,
        groups: kw.map((r) => {
          const [o50, o95] = parts(r[3]!);
          const [m50, m95] = parts(r[4]!);
          return {
            label: `${r[0]} items`,
            bars: [
              { value: o50!, whisker: o95! },
              { value: m50!, whisker: m95! },
            ],
          };
        }),
      },
      WIDTH,
    ),
    groupedBarsPanel(
      {
        title: 'Keyword search: building the index',
        caption: [from('Keyword search')],
        unit: 's',
        log: false,
        series: pair,
        groups: kw.map((r) => ({ label: `${r[0]} items`, bars: parts(r[1]!).map((v) => ({ value: v })) })),
      },
      WIDTH,
    ),
    groupedBarsPanel(
      {
        title: 'Keyword search: memory kept by the index (JS heap + typed arrays after a full GC)',
        caption: [from('Keyword search')],
        unit: 'MiB',
        log: false,
        series: pair,
        groups: kw.map((r) => ({ label: `${r[0]} items`, bars: parts(r[2]!).map((v) => ({ value: v })) })),
      },
      WIDTH,
    ),
  ];
  return svgDocument('inpage-rec: keyword search', SUBTITLE, panels, WIDTH);
}

function firstVisit(md: string): string {
  const rows = table(md, 'catalog');
  const panel = groupedBarsPanel(
    {
      title: 'First visit: navigation start to the first vector-ranked answer, and to ready',
      caption: [
        from('First visit with and without prebuilt vectors'),
        'bar: fastest visit, whisker: slowest; Steam without prebuilt vectors is projected from the measured rate',
      ],
      unit: 's',
      log: true,
      series: series(['first vector-ranked', 'ready']),
      groups: rows.map((r) => ({
        label: `${r[0]}\n${r[1] === 'yes' ? 'prebuilt vectors' : 'embedded in the browser'}`,
        bars: [rangeBar(r[2]!, seconds), rangeBar(r[3]!, seconds)],
      })),
    },
    WIDTH,
  );
  return svgDocument('inpage-rec: first visit, with and without prebuilt vectors', SUBTITLE, [panel], WIDTH);
}

const md = readFileSync(page, 'utf8');
const charts: Record<string, string> = {
  'encoder.svg': encoder(md),
  'returning-visit.svg': returningVisit(md),
  'word-overlap.svg': wordOverlap(md),
  'keyword-search.svg': keywordSearch(md),
  'first-visit.svg': firstVisit(md),
};
const check = process.argv.includes('--check');
let stale = 0;
for (const [name, svg] of Object.entries(charts)) {
  const file = join(root, 'docs', 'charts', name);
  if (check) {
    let old = '';
    try {
      old = readFileSync(file, 'utf8');
    } catch {
      // missing: stale
    }
    if (old !== `${svg}\n`) {
      console.error(`docs/charts/${name} differs from its table in docs/benchmarks.md: run npx tsx bench/docs-charts.ts`);
      stale++;
    }
  } else {
    writeFileSync(file, `${svg}\n`);
    console.log(`wrote docs/charts/${name}`);
  }
}
if (stale) process.exit(1);
