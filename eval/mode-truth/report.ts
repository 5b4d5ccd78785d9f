/**
 * The per-mode report: the issue's goals beside what ships today, then one table per mode (every
 * dataset and method, 95% bootstrap intervals, Δ to the strongest peer baseline) and the truths'
 * distributions. The same markdown goes to eval.md and quality-summary.md.
 */
import type { MethodResult } from '../evaluate.ts';
import type { ModeEvalResult } from './evaluate.ts';
import { fmt } from './format.ts';
import { goalsTable } from './goals.ts';
import type { JudgedMode } from './rankers.ts';
import type { TruthStats } from './truth.ts';

const LABEL: Record<string, string> = { hr10: 'HR@10', ndcg10: 'NDCG@10', p8: 'P@8', overlap8: "shared with similar's top 8" };

/** The columns of each mode's table; the first is the one Δ is shown for. */
const COLUMNS: Record<JudgedMode, string[]> = {
  similar: ['p8', 'ndcg10', 'hr10'],
  complements: ['hr10', 'ndcg10', 'p8', 'overlap8'],
  'for-you': ['hr10', 'ndcg10', 'p8'],
};

const TITLE: Record<JudgedMode, string> = {
  similar: 'similar (substitutes)',
  complements: 'complements (bought together, not substitutes)',
  'for-you': 'for you (next item; cold visitor)',
};

const signed = (x: number) => (x >= 0 ? '+' : '') + fmt(x);
const cell = (m: MethodResult, k: string) => `${fmt(m.values[k]!)} [${fmt(m.ci95[k]![0])}, ${fmt(m.ci95[k]![1])}]`;
const short = (dataset: string) => dataset.replace(/-.*$/, '');

function methodLabel(m: MethodResult): string {
  if (m.kind === 'shipped') return `**${m.name}** (shipped)`;
  return m.kind === 'baseline' ? `${m.name} (baseline)` : m.name;
}

/** One mode's table over every dataset. */
export function modeTable(mode: JudgedMode, results: readonly ModeEvalResult[]): string {
  const cols = COLUMNS[mode];
  const first = cols[0]!;
  const out = [
    `### ${TITLE[mode]}`,
    '',
    `| set | task (queries) | method | ${cols.map((c) => LABEL[c]).join(' | ')} | Δ ${LABEL[first]} vs best peer | ms/query |`,
    `|---|---|---|${cols.map(() => '---|').join('')}---|---|`,
  ];
  for (const r of results)
    for (const t of r.modes.find((m) => m.mode === mode)?.tasks ?? []) {
      const task = `${t.task.replace(/^[a-z-]+: /, '')} (${t.queries.toLocaleString('en-US')})`;
      for (const m of t.methods) {
        const vs = m.vsReference?.[first];
        const delta = vs
          ? `${signed(vs.delta)} [${signed(vs.ci95[0])}, ${signed(vs.ci95[1])}]`
          : m.name === t.reference
            ? '(best peer)'
            : '';
        const cells = cols.map((c) => (m.values[c] === undefined ? '' : cell(m, c)));
        out.push(
          `| ${short(r.dataset)} | ${task} | ${methodLabel(m)} | ${cells.join(' | ')} | ${delta} | ${(m.ms / t.queries).toFixed(2)} |`,
        );
      }
    }
  return out.join('\n');
}

/** The truths' distributions. */
export function truthTable(results: readonly ModeEvalResult[]): string {
  const row = (dataset: string, s: TruthStats) =>
    `| ${short(dataset)} | ${s.name} | ${s.queries.toLocaleString('en-US')} | ${s.relevant.median} [${s.relevant.p10}, ${s.relevant.p90}] | ${s.grade2Median} | ${(100 * s.underEight).toFixed(1)}% |`;
  return [
    '### The truths',
    '',
    'Relevant items (grade >= 1) per query over every query of both halves (docs/mode-truth.md has the rules).',
    '',
    '| set | truth | queries | relevant per query: median [p10, p90] | grade 2, median | queries with < 8 relevant |',
    '|---|---|---|---|---|---|',
    ...results.flatMap((r) => r.truths.map((s) => row(r.dataset, s))),
  ].join('\n');
}

/** The whole per-mode section. */
export function modeReport(results: readonly ModeEvalResult[]): string {
  const split = results[0]?.split ?? 'test';
  const seconds = results.map((r) => `${short(r.dataset)} ${r.seconds.toFixed(0)} s`).join(', ');
  return [
    '## Each mode on its own truth',
    '',
    `Issue 27: every mode judged on what a shopper expects of it, through \`RANKERS\` as a page runs them, on the ${split} half of the queries (docs/mode-truth.md). 95% bootstrap intervals; Δ is the paired difference to the strongest peer baseline. Run time: ${seconds}.`,
    '',
    goalsTable(results),
    '',
    ...(['similar', 'complements', 'for-you'] as const).flatMap((m) => [modeTable(m, results), '']),
    truthTable(results),
  ].join('\n');
}
