/**
 * Search evaluation: known-item queries (eval/search-queries.ts) answered by keyword search
 * (`KeywordIndex`, BM25+ as MiniSearch scores it), vector search (the query embedded by the same encoder, then
 * the index) and hybrid (`hybridMerge`), side by side per query type: MRR (over the first 50) and
 * HR@10 with 95% bootstrap intervals. The fusion weight is chosen on the validation queries (the
 * best mean MRR over all types among the weights that keep hybrid at or above keyword search on
 * every query type, the issue's goal) and the test queries are reported with it.
 */
import {
  HYBRID_KEYWORD_WEIGHT,
  hybridMerge,
  KeywordIndex,
  KNOWN_ITEM_TOLERANCE,
  keywordDoc,
  type RankedItem,
  reciprocalRankMerge,
} from '../src/recommend/index.ts';
import { Bootstrap, mean } from './bootstrap.ts';
import type { Dataset } from './dataset.ts';
import type { ItemVectors } from './methods.ts';
import { type SearchQuery, searchQuerySet } from './search-queries.ts';

/** One method on one query type. */
export interface SearchRow {
  type: string;
  method: string;
  queries: number;
  mrr: number;
  mrrCi: [number, number];
  hr10: number;
  hr10Ci: [number, number];
  /** MRR minus the first method's (keyword) on the same queries, with a paired 95% interval; absent on the first method's row. */
  mrrDelta?: { delta: number; ci: [number, number] };
}

const DEPTH = 50;

/** Everything needed to answer queries of one dataset. */
export interface SearchSetup {
  keyword: KeywordIndex;
  vectors: ItemVectors;
}

/** The keyword index of a dataset (answer lists `also_*` left out of the indexed text). */
export function searchSetup(data: Dataset, vectors: ItemVectors): SearchSetup {
  const exclude = data.relevance.map((r) => r.field);
  return { keyword: new KeywordIndex(data.items.map((i) => keywordDoc(i.raw, exclude))), vectors };
}

/** Ranked lists of every method for every query. `queryVectors` row q embeds queries[q].text. */
export function answer(setup: SearchSetup, queries: readonly SearchQuery[], queryVectors: Float32Array, weights: readonly number[]) {
  const d = setup.vectors.dims;
  const none = new Set<string>();
  return queries.map((q, i) => {
    const kw = setup.keyword.search(q.text, DEPTH, undefined, none);
    const vec = setup.vectors.index.search(queryVectors.subarray(i * d, (i + 1) * d), DEPTH);
    const lists: Record<string, RankedItem[]> = { keyword: kw, vector: vec, 'hybrid (RRF)': reciprocalRankMerge(kw, vec, DEPTH) };
    for (const w of weights) {
      lists[`hybrid w=${w}`] = hybridMerge(kw, vec, DEPTH, w);
    }
    return lists;
  });
}

/** Reciprocal rank (0 beyond the list) and hit@10 of `key` in `list`. */
function position(list: readonly RankedItem[], key: string): { rr: number; hit: number } {
  const p = list.findIndex((h) => h.key === key);
  return { rr: p < 0 ? 0 : 1 / (p + 1), hit: p >= 0 && p < 10 ? 1 : 0 };
}

/** Per type and method: MRR and HR@10 with intervals, and each method's MRR against the first one's (paired). */
export function searchRows(
  setup: SearchSetup,
  queries: readonly SearchQuery[],
  lists: ReturnType<typeof answer>,
  methods: readonly string[],
  rename: (m: string) => string = (m) => m,
): SearchRow[] {
  const rows: SearchRow[] = [];
  const types = [...new Set(queries.map((q) => q.type))];
  for (const type of [...types, 'all']) {
    const idx = queries.map((q, i) => (type === 'all' || q.type === type ? i : -1)).filter((i) => i >= 0);
    const boot = new Bootstrap(idx.length, 1000);
    let first: Float64Array | undefined;
    for (const m of methods) {
      const rr = new Float64Array(idx.length);
      const hit = new Float64Array(idx.length);
      idx.forEach((qi, j) => {
        const p = position(lists[qi]![m]!, setup.vectors.ids[queries[qi]!.target]!);
        rr[j] = p.rr;
        hit[j] = p.hit;
      });
      rows.push({
        type,
        method: rename(m),
        queries: idx.length,
        mrr: mean(rr),
        mrrCi: boot.interval(rr),
        hr10: mean(hit),
        hr10Ci: boot.interval(hit),
        ...(first ? { mrrDelta: { delta: mean(rr) - mean(first), ci: boot.difference(rr, first) } } : {}),
      });
      first ??= rr;
    }
  }
  return rows;
}

/** Keyword weights (where no keyword hit matched any query word; see `hybridMerge`) tried on the validation queries. */
export const FUSION_WEIGHTS = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7];

/** Validation results of each fusion weight on one dataset. */
export interface FusionValidation {
  /** MRR over all query types. */
  mrr: Record<number, number>;
  /** Query types where hybrid's MRR falls more than `KNOWN_ITEM_TOLERANCE` below keyword search's. */
  belowKeyword: Record<number, string[]>;
}

const f = (x: number) => x.toFixed(3).replace(/^0\./, '.');
const signed = (x: number) => (x >= 0 ? '+' : '-') + f(Math.abs(x));

/**
 * The whole search evaluation of one dataset: the validation queries' MRR for every fusion weight
 * (the weight is chosen over all datasets together, see `chooseFusionWeight`), and the test queries
 * reported (keyword, vector, hybrid at the shipped weight, reciprocal rank fusion) per query type.
 * `embed` embeds query texts with the item encoder.
 */
export async function searchReport(
  data: Dataset,
  vectors: ItemVectors,
  embed: (texts: string[], name: string) => Promise<Float32Array>,
): Promise<{ markdown: string; rows: SearchRow[]; validation: FusionValidation }> {
  const setup = searchSetup(data, vectors);
  const val = await searchQuerySet(data, 'validation');
  const valVectors = await embed(
    val.map((q) => q.text),
    `${data.name}-queries-validation`,
  );
  const valRows = searchRows(setup, val, answer(setup, val, valVectors, FUSION_WEIGHTS), [
    'keyword',
    ...FUSION_WEIGHTS.map((w) => `hybrid w=${w}`),
  ]);
  const validation: FusionValidation = { mrr: {}, belowKeyword: {} };
  for (const w of FUSION_WEIGHTS) {
    const rows = valRows.filter((r) => r.method === `hybrid w=${w}`);
    validation.mrr[w] = rows.find((r) => r.type === 'all')!.mrr;
    validation.belowKeyword[w] = rows.filter((r) => r.mrrDelta!.delta < -KNOWN_ITEM_TOLERANCE).map((r) => r.type);
  }
  const test = await searchQuerySet(data, 'test');
  const testVectors = await embed(
    test.map((q) => q.text),
    `${data.name}-queries-test`,
  );
  const lists = answer(setup, test, testVectors, [HYBRID_KEYWORD_WEIGHT]);
  const methods = ['keyword', 'vector', `hybrid w=${HYBRID_KEYWORD_WEIGHT}`, 'hybrid (RRF)'];
  const rows = searchRows(setup, test, lists, methods, (m) => (m.startsWith('hybrid w=') ? `**hybrid** (shipped, w=${m.slice(9)})` : m));
  const out = [
    `**search, known-item queries** (${test.length} test queries; MRR over the first ${DEPTH}, HR@10, 95% bootstrap intervals; validation MRR by keyword weight: ${FUSION_WEIGHTS.map((w) => `${w}: ${f(validation.mrr[w]!)}`).join(', ')})`,
    '',
    '| query type | method | MRR | Δ MRR vs keyword (paired) | HR@10 |',
    '|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.type} (${r.queries}) | ${r.method} | ${f(r.mrr)} [${f(r.mrrCi[0])}, ${f(r.mrrCi[1])}] | ${r.mrrDelta ? `${signed(r.mrrDelta.delta)} [${signed(r.mrrDelta.ci[0])}, ${signed(r.mrrDelta.ci[1])}]` : ''} | ${f(r.hr10)} [${f(r.hr10Ci[0])}, ${f(r.hr10Ci[1])}] |`,
    ),
  ];
  return { markdown: out.join('\n'), rows, validation };
}

/**
 * The keyword weight with the best mean validation MRR over the datasets (each counts equally)
 * among those that keep hybrid within `KNOWN_ITEM_TOLERANCE` of keyword search on all the queries
 * of every dataset (pooled over query types: the full-match weight trades a little on title words
 * for shopper queries, src/recommend/hybrid.ts); all weights when none is; markdown row included.
 */
export function chooseFusionWeight(perDataset: readonly FusionValidation[]): { weight: number; row: string } {
  const safe = FUSION_WEIGHTS.filter((w) => perDataset.every((d) => !d.belowKeyword[w]!.includes('all')));
  let weight = FUSION_WEIGHTS[0]!;
  let best = -1;
  for (const w of safe.length ? safe : FUSION_WEIGHTS) {
    const m = perDataset.reduce((s, d) => s + d.mrr[w]!, 0) / perDataset.length;
    if (m > best + 1e-12) {
      best = m;
      weight = w;
    }
  }
  const row = `| hybrid search keyword weight where no keyword hit has any query word (best mean validation MRR over datasets ${safe.length ? 'among the weights within .005 of keyword on all queries' : '(no weight is within .005 of keyword on all queries)'}) | ${weight} | ${HYBRID_KEYWORD_WEIGHT} | ${perDataset.map((d) => f(d.mrr[weight]!)).join(' / ')} |`;
  return { weight, row };
}
