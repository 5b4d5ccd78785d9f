/**
 * bench/results/index-kernels.svg, the chart docs/benchmarks.md shows (copied to docs/charts/): per catalog size, every system's
 * p50 query time (log scale) with its recall@10 in the row label, and the build time beside it,
 * so "as fast at equal recall, and how long to build" reads at a glance.
 */
import { hBarsPanel, type Panel, svgDocument } from '../svg.ts';
import type { Row } from './report.ts';

const WIDTH = 980;
const OURS = '#4e79a7';
const PEER = '#e15759';

/** The SVG document for `rows` (one panel of query times and one of build times per size). */
export function indexKernelsChart(rows: Row[], caption: string[]): string {
  const sizes = [...new Set(rows.map((r) => r.n))].sort((a, b) => a - b);
  const panels: Panel[] = [];
  for (const n of sizes) {
    const at = rows.filter((r) => r.n === n).sort((a, b) => a.p50Ms - b.p50Ms);
    const label = (r: Row) => `${r.system === 'ours' ? 'ours' : r.system} ${r.config}, recall ${r.recallAt10.toFixed(3)}`;
    const series = [
      { name: 'inpage-rec', color: OURS },
      { name: 'peer', color: PEER },
    ];
    const values = (r: Row, v: number) => (r.system === 'ours' ? [v, null] : [null, v]);
    panels.push(
      hBarsPanel(
        {
          title: `${n.toLocaleString('en-US')} vectors: p50 per query, top-10`,
          caption,
          unit: 'ms per query',
          log: true,
          series,
          rows: at.map((r) => ({ label: label(r), values: values(r, r.p50Ms) })),
        },
        WIDTH,
      ),
      hBarsPanel(
        {
          title: `${n.toLocaleString('en-US')} vectors: build (add + train)`,
          caption: ['one worker per system; peers build their graph on add'],
          unit: 's',
          log: true,
          series,
          rows: at.map((r) => ({ label: label(r), values: values(r, Math.max(0.01, r.buildS + r.trainS)) })),
        },
        WIDTH,
      ),
    );
  }
  return svgDocument('Index kernels vs hnswlib-wasm and EdgeVec', 'bench/index-kernels (npm run bench)', panels, WIDTH);
}
