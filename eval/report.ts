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
      const name = label(m);
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

function label(m: { name: string; kind: string }): string {
  if (m.kind === 'shipped') return `**${m.name}** (shipped)`;
  if (m.kind === 'proposed') return `**${m.name}** (proposed)`;
  return m.kind === 'baseline' ? `${m.name} (baseline)` : m.name;
}

/**
 * One table with every method and setting of every dataset: HR@10 with its 95% interval for each
 * task (and NDCG@10 for item-to-item), methods as rows in first-seen order.
 */
export function summaryTable(reports: readonly { dataset: string; tasks: readonly TaskResult[] }[]): string {
  const columns: { title: string; task: TaskResult; metric: string }[] = [];
  for (const r of reports)
    for (const t of r.tasks) {
      const short = `${r.dataset.replace(/-.*$/, '')} ${t.task.replace('item-to-item: ', '')}`;
      columns.push({ title: `${short} HR@10`, task: t, metric: 'hr10' });
      if (t.metrics.includes('ndcg10') && t.task.startsWith('item-to-item'))
        columns.push({ title: `${short} NDCG@10`, task: t, metric: 'ndcg10' });
    }
  const names: { name: string; kind: string }[] = [];
  for (const c of columns) for (const m of c.task.methods) if (!names.some((n) => n.name === m.name)) names.push(m);
  const out = [
    '## All methods (95% bootstrap intervals)',
    '',
    `| method | ${columns.map((c) => c.title).join(' | ')} |`,
    `|---|${columns.map(() => '---|').join('')}`,
  ];
  for (const n of names) {
    const cells = columns.map((c) => {
      const m = c.task.methods.find((x) => x.name === n.name);
      return m ? `${f(m.values[c.metric]!)} [${f(m.ci95[c.metric]![0])}, ${f(m.ci95[c.metric]![1])}]` : '';
    });
    out.push(`| ${label(n)} | ${cells.join(' | ')} |`);
  }
  const queries = columns
    .filter((c) => c.metric === 'hr10')
    .map((c) => `${c.title.replace(' HR@10', '')}: ${c.task.queries.toLocaleString('en-US')}`);
  out.push('', `Queries per task: ${queries.join('; ')}.`);
  return out.join('\n');
}
