/**
 * Markdown of the search-truth evaluation (eval/search-truth/evaluate.ts): one table per split with
 * every dataset, query kind and method, the paired NDCG@10 differences of hybrid search against
 * keyword and vector search, and a compact summary for docs/quality.md.
 */
import type { Stat, TruthResult, TruthRow } from './evaluate.ts';
import { TRUTH_K } from './shipped.ts';

const f = (x: number) => x.toFixed(3).replace(/^0\./, '.').replace(/^-0\./, '-.');
const signed = (x: number) => (x >= 0 ? '+' : '') + f(x);
const cell = (s: Stat | undefined) => (s ? `${f(s.mean)} [${f(s.ci[0])}, ${f(s.ci[1])}]` : '');
const delta = (s: Stat | undefined) => (s ? `${signed(s.mean)} [${signed(s.ci[0])}, ${signed(s.ci[1])}]` : '');
const short = (dataset: string) => dataset.replace(/-.*$/, '');

/** The full table of one split's rows (every dataset, kind and method), plus the paired differences. */
export function truthTable(result: TruthResult, split: 'validation' | 'test', reference = 'hybrid'): string {
  const rows = result.rows.filter((r) => r.split === split);
  const others = [...new Set(rows.map((r) => r.method))].filter((m) => m !== reference);
  const ms = Object.entries(result.ms)
    .map(([m, t]) => `${m} ${(t / Math.max(1, result.queries.length)).toFixed(1)} ms/query`)
    .join(', ');
  const out = [
    `**search, natural queries** (judged queries, ${split} split; k = ${TRUTH_K}; NDCG@10 and P@8 on graded judgments, success@8: at least one relevant item in the first 8, empty: the share answered with no result; 95% bootstrap intervals over queries; ${ms}; see docs/search-truth.md)`,
    '',
    `| dataset | queries | method | NDCG@10 | P@8 | success@8 | empty | ${others.map((o) => `Δ NDCG@10 ${reference} − ${o}`).join(' | ')} |`,
    `|---|---|---|---|---|---|---|${others.map(() => '---|').join('')}`,
  ];
  for (const r of rows) {
    const vs = others.map((o) => (r.method === reference ? delta(r.ndcgVs?.[o]) : ''));
    const name = r.method === reference ? `**${r.method}**` : r.method;
    out.push(
      `| ${short(r.dataset)} | ${r.kind} (${r.queries}) | ${name} | ${cell(r.ndcg10)} | ${cell(r.p8)} | ${cell(r.success8)} | ${cell(r.empty)} | ${vs.join(' | ')} |`,
    );
  }
  return out.join('\n');
}

/**
 * The summary for docs/quality.md: per dataset (test split), NDCG@10 of natural and hand queries
 * and the empty shares of unanswerable and gibberish queries, one column per method.
 */
export function truthSummary(result: TruthResult, split: 'validation' | 'test' = 'test'): string {
  const rows = result.rows.filter((r) => r.split === split);
  const methods = [...new Set(rows.map((r) => r.method))];
  const get = (dataset: string, kind: string, method: string) =>
    rows.find((r) => r.dataset === dataset && r.kind === kind && r.method === method);
  const columns: { title: string; value: (r: TruthRow | undefined) => string }[] = [
    { title: 'natural NDCG@10', value: (r) => (r?.ndcg10 ? f(r.ndcg10.mean) : '') },
    { title: 'natural P@8', value: (r) => (r?.p8 ? f(r.p8.mean) : '') },
    { title: 'hand NDCG@10', value: (r) => (r?.ndcg10 ? f(r.ndcg10.mean) : '') },
    { title: 'unanswerable empty', value: (r) => (r?.empty ? f(r.empty.mean) : '') },
    { title: 'gibberish empty', value: (r) => (r?.empty ? f(r.empty.mean) : '') },
  ];
  const kindOf = ['natural', 'natural', 'hand', 'unanswerable', 'gibberish'];
  const out = [
    `**Search on judged queries** (${split} split; ${methods.join(' / ')}; full table with intervals in eval.md)`,
    '',
    `| dataset | ${columns.map((c) => c.title).join(' | ')} |`,
    `|---|${columns.map(() => '---|').join('')}`,
  ];
  for (const dataset of [...new Set(rows.map((r) => r.dataset))])
    out.push(
      `| ${short(dataset)} | ${columns.map((c, i) => methods.map((m) => c.value(get(dataset, kindOf[i]!, m)) || '–').join(' / ')).join(' | ')} |`,
    );
  return out.join('\n');
}
