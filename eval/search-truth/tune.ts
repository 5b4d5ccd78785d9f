/**
 * `npx tsx eval/search-truth/tune.ts [--split validation|test]`
 *
 * Chooses the search policy (src/modes/search.ts `SearchPolicy`) on the VALIDATION split of the
 * judged queries: every policy of a small grid ranks every validation query through the shipped
 * search ranker (`rankSearch(policy)`), and the policies are ordered by the mean natural-query
 * NDCG@10 over the catalogs, among those that meet the issue's floors (>= 95% of gibberish queries
 * answered with nothing, >= 95% of answerable queries with a relevant item in the first 8).
 * `--split test` reports the shipped policy and the chosen one on the test split (never used to
 * choose); with `--feedback`, each feedback setting of the grid.
 */
import { parseArgs } from 'node:util';
import { rankerFor } from '../../src/modes/ranker.ts';
import { rankSearch, SEARCH_POLICY, type SearchPolicy, search } from '../../src/modes/search.ts';
import { evalOptions, rankRows } from '../mode-context.ts';
import { evaluateSearchTruth, type SearchMethod, type TruthRow } from './evaluate.ts';
import { TRUTH_K, type TruthCatalog, truthCatalogs } from './shipped.ts';

const { values } = parseArgs({
  options: {
    split: { type: 'string', default: 'validation' },
    failures: { type: 'boolean', default: false },
    // Only the vector floor for unknown real-looking words, the rest as shipped (a quick sweep).
    'unknown-only': { type: 'boolean', default: false },
    // Only the weight of add-ons the query did not ask for (product-line.ts), the rest as shipped.
    'add-ons': { type: 'boolean', default: false },
    // Only how many first results re-rank a broad query (search-feedback.ts), the rest as shipped.
    feedback: { type: 'boolean', default: false },
  },
});
const split = values.split as 'validation' | 'test';

/** The grid: each value around the shipped one; then the unknown-word floor with the rest as shipped. */
function grid(): SearchPolicy[] {
  const out: SearchPolicy[] = [];
  if (values.feedback) {
    for (const feedbackHits of [0, 5, 10, 20]) out.push({ ...SEARCH_POLICY, feedbackHits });
    return out;
  }
  if (values['add-ons']) {
    for (const addOnWeight of [1, 0.9, 0.8, 0.7, 0.6]) out.push({ ...SEARCH_POLICY, addOnWeight });
    return out;
  }
  for (const minUnknownWordCosine of [0.3, 0.4, 0.45, 0.5, 1]) out.push({ ...SEARCH_POLICY, minUnknownWordCosine });
  if (values['unknown-only']) return out;
  for (const commonShare of [0.2, 0.3, 0.5])
    for (const fullMatchWeight of [1, 0.9, 0.8, 0.7, 0.6])
      for (const keywordWeight of [0.1, 0.2])
        for (const minCosine of [0.2, 0.3]) out.push({ ...SEARCH_POLICY, commonShare, fullMatchWeight, keywordWeight, minCosine });
  return out;
}

const name = (p: SearchPolicy) =>
  `share ${p.commonShare} cos ${p.minCosine} unknown ${p.minUnknownWordCosine} full ${p.fullMatchWeight} kw ${p.keywordWeight} add-ons ${p.addOnWeight} feedback ${p.feedbackHits}${p.scaleVectors ? ' scaled' : ''}${p.requireKnownWord ? '' : ' nogate'}`;

/** A search method ranking with `policy`. */
function method(all: readonly TruthCatalog[], policy: SearchPolicy): SearchMethod {
  const ranker = rankerFor(search, rankSearch(policy));
  return async (q) => {
    const { catalog } = all.find((c) => c.catalog.data.name === q.dataset)!;
    return rankRows(catalog, ranker, catalog.context(), q.text, evalOptions(TRUTH_K));
  };
}

const all = await truthCatalogs();
const policies = (split === 'test' && !values.feedback) || values.failures ? [SEARCH_POLICY] : grid();
const methods = Object.fromEntries(policies.map((p) => [name(p), method(all, p)]));
const result = await evaluateSearchTruth(
  all.flatMap((c) => c.queries),
  methods,
  split,
);
const mean = (rows: TruthRow[], pick: (r: TruthRow) => number | undefined) => {
  const v = rows.map(pick).filter((x): x is number => x !== undefined);
  return v.reduce((s, x) => s + x, 0) / v.length;
};
const pooled = (method: string, kinds: readonly string[], pick: (m: (typeof result.perQuery)[string][number]) => number) => {
  const values = result.queries.flatMap((q, i) => (kinds.includes(q.kind) ? [pick(result.perQuery[method]![i]!)] : []));
  return values.reduce((a, b) => a + b, 0) / values.length;
};
const summary = policies.map((p) => {
  const rows = result.rows.filter((r) => r.method === name(p));
  return {
    policy: name(p),
    natural: mean(
      rows.filter((r) => r.kind === 'natural'),
      (r) => r.ndcg10?.mean,
    ),
    hand: mean(
      rows.filter((r) => r.kind === 'hand'),
      (r) => r.ndcg10?.mean,
    ),
    success: pooled(name(p), ['natural', 'hand'], (m) => m.success8),
    gibberish: pooled(name(p), ['gibberish'], (m) => m.empty),
    unanswerable: pooled(name(p), ['unanswerable'], (m) => m.empty),
  };
});
summary.sort(
  (a, b) => Number(b.success >= 0.95 && b.gibberish >= 0.95) - Number(a.success >= 0.95 && a.gibberish >= 0.95) || b.natural - a.natural,
);
console.log(`| policy (${split}) | natural NDCG@10 | hand NDCG@10 | success@8 (all answerable) | gibberish empty | unanswerable empty |`);
console.log('|---|---|---|---|---|---|');
for (const s of summary)
  console.log(
    `| ${s.policy} | ${s.natural.toFixed(3)} | ${s.hand.toFixed(3)} | ${s.success.toFixed(3)} | ${s.gibberish.toFixed(3)} | ${s.unanswerable.toFixed(3)} |`,
  );
// --failures: the answerable queries the shipped policy answers with no relevant item in the first 8.
if (values.failures)
  result.queries.forEach((q, i) => {
    const m = result.perQuery[name(SEARCH_POLICY)]![i]!;
    if ((q.kind === 'natural' || q.kind === 'hand') && m.success8 === 0)
      console.log(`miss: ${q.dataset} ${q.kind} "${q.text}" (empty: ${m.empty})`);
  });
// Each catalog's natural and hand NDCG@10 by policy, and the paired difference to the grid's first
// policy with its 95% interval (for the tables in docs/quality.md).
const ci = (d: { mean: number; ci: [number, number] } | undefined) =>
  d ? ` (${d.mean >= 0 ? '+' : ''}${d.mean.toFixed(3)} [${d.ci[0].toFixed(3)}, ${d.ci[1].toFixed(3)}])` : '';
for (const p of policies)
  console.log(
    `${name(p)}: ${result.rows
      .filter((r) => r.method === name(p) && (r.kind === 'natural' || r.kind === 'hand'))
      .map((r) => `${r.dataset} ${r.kind} ${r.ndcg10?.mean.toFixed(3)}${p === policies[0] ? '' : ci(r.ndcgVs?.[name(policies[0]!)])}`)
      .join(', ')}`,
  );
