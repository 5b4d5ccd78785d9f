/** The markdown table of an eval report: one table per task, methods side by side. */
import type { TaskResult } from './evaluate.ts';

const LABEL: Record<string, string> = { hr10: 'HR@10', ndcg10: 'NDCG@10', hr20: 'HR@20', recall10: 'Recall@10' };

const f = (x: number) => x.toFixed(4).replace(/^0\./, '.').replace(/^-0\./, '-.');
const signed = (x: number) => (x >= 0 ? '+' : '') + f(x);

/** Markdown for one dataset's tasks, with the conditions line on top. */
export function markdownReport(dataset: string, conditions: string, tasks: readonly TaskResult[]): string {
  const out = [`### ${dataset}`, '', conditions, ''];
  for (const t of tasks) {
    const first = t.metrics[0]!;
    out.push(
      `**${t.task}** (${t.queries.toLocaleString('en-US')} queries; 95% bootstrap intervals; Δ = paired difference to ${t.reference})`,
      '',
    );
    out.push(`| method | ${t.metrics.map((m) => LABEL[m] ?? m).join(' | ')} | Δ ${LABEL[first]} vs ${t.reference} | ms/query |`);
    out.push(`|---|${t.metrics.map(() => '---|').join('')}---|---|`);
    for (const m of t.methods) {
      const name = m.kind === 'shipped' ? `**${m.name}** (shipped)` : m.kind === 'baseline' ? `${m.name} (baseline)` : m.name;
      const cells = t.metrics.map((k) => `${f(m.values[k]!)} [${f(m.ci95[k]![0])}, ${f(m.ci95[k]![1])}]`);
      const vs = m.vsReference?.[first];
      out.push(
        `| ${name} | ${cells.join(' | ')} | ${vs ? `${signed(vs.delta)} [${signed(vs.ci95[0])}, ${signed(vs.ci95[1])}]` : ''} | ${(m.ms / t.queries).toFixed(2)} |`,
      );
    }
    out.push('');
  }
  return out.join('\n');
}
