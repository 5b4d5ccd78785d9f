/**
 * `tsx bench/render.ts [bench/results/bench.json]`: redraws bench.svg and bench.md from a saved
 * bench.json, so a chart or table change needs no 20-minute rerun.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ROOT } from '../test/paths.ts';
import type { BenchReport } from './report.ts';
import { markdownSummary } from './report-md.ts';
import { svgReport } from './report-svg.ts';

const file = process.argv[2] ?? join(ROOT, 'bench', 'results', 'bench.json');
const report = JSON.parse(readFileSync(file, 'utf8')) as BenchReport;
writeFileSync(join(dirname(file), 'bench.svg'), svgReport(report));
writeFileSync(join(dirname(file), 'bench.md'), markdownSummary(report));
console.log(`wrote ${join(dirname(file), 'bench.svg')} and bench.md`);
