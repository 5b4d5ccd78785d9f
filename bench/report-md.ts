/**
 * The human-readable summary of a bench run: markdown tables, conditions above each one. The
 * machine table is here; each section's table is in report-md-index.ts (encoder and index, mostly
 * in the worker), report-md-visits.ts (page visits) or report-md-node.ts (text ranking in Node).
 */
import { conditionsLine, type SectionConditions } from './conditions.ts';
import { table } from './md-table.ts';
import type { BenchReport } from './report.ts';
import { encoderSection, indexedDbSection, indexKernelsSection, queryLatencySection, workerMemorySection } from './report-md-index.ts';
import { keywordSearchSection, wordOverlapSection } from './report-md-node.ts';
import {
  artifactSizeSection,
  bundleSection,
  catalogEditVisitSection,
  cliBuildSection,
  demoVisitSection,
  firstVisitSection,
  phoneVisitSection,
  transferSection,
  warmStartSection,
  widgetsSection,
} from './report-md-visits.ts';

/** The table of what the whole run ran on: machine, browser, runtimes, model, commit, time and load. */
function machineTable(report: BenchReport): string {
  const c = report.conditions;
  return table(
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
  );
}

/** Markdown for `report`: one table per section, each headed by the conditions it ran under. */
export function markdownSummary(report: BenchReport): string {
  const s = report.sections;
  const cond = (sc: SectionConditions) => `_${conditionsLine(sc, report.conditions)}_`;
  const out: string[] = [`# inpage-rec benchmark${report.quick ? ' (--quick)' : ''}`, '', machineTable(report), ''];
  // A failed or skipped section is absent from the report, so it is absent here too.
  if (s.encoder) out.push(...encoderSection(s.encoder, cond));
  if (s.queryLatency) out.push(...queryLatencySection(s.queryLatency, cond));
  if (s.memory) out.push(...workerMemorySection(s.memory, cond));
  if (s.indexedDB) out.push(...indexedDbSection(s.indexedDB, cond));
  if (s.demoVisit) out.push(...demoVisitSection(s.demoVisit, cond));
  if (s.widgets) out.push(...widgetsSection(s.widgets, cond));
  if (s.transfer) out.push(...transferSection(s.transfer, cond));
  if (s.bundle) out.push(...bundleSection(s.bundle, cond));
  if (s.wordOverlap) out.push(...wordOverlapSection(s.wordOverlap));
  if (s.keywordSearch) out.push(...keywordSearchSection(s.keywordSearch));
  if (s.warmStart) out.push(...warmStartSection(s.warmStart));
  if (s.firstVisit) out.push(...firstVisitSection(s.firstVisit, cond));
  if (s.phoneVisit) out.push(...phoneVisitSection(s.phoneVisit));
  if (s.artifactSize) out.push(...artifactSizeSection(s.artifactSize));
  if (s.cliBuild) out.push(...cliBuildSection(s.cliBuild));
  if (s.catalogEditVisit) out.push(...catalogEditVisitSection(s.catalogEditVisit));
  if (s.indexKernels) out.push(...indexKernelsSection(s.indexKernels));
  if (report.errors.length > 0) out.push('## Errors', '', ...report.errors.map((e) => `- ${e.split('\n')[0]}`), '');
  return out.join('\n');
}
