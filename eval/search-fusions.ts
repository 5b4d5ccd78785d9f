/**
 * Search fusions tried for issue 13 (hybrid >= keyword on every query type), on the VALIDATION
 * queries, next to the shipped `hybridMerge` (keyword order where a hit has every query word, the
 * convex blend trusting keyword by the share of words matched elsewhere): the convex blend on
 * every query (the previous default, w=0.9) at keyword weights up to 0.99, and a "banded" fusion
 * that keeps keyword order and lets vectors reorder only near-ties (keyword scores, divided by the
 * query's best, in bands of a given width; band 0: vectors break exact ties only). Not shipped:
 * see docs/notes/quality-ideas.md.
 */
import { convexMerge, HYBRID_KEYWORD_WEIGHT, type RankedItem } from '../src/recommend/index.ts';
import { dotF32 } from '../src/vector-index/dot.ts';
import { embedCached } from '../tools/embed-cache.ts';
import type { Dataset } from './dataset.ts';
import type { ItemVectors } from './methods.ts';
import { answer, searchRows, searchSetup } from './search-eval.ts';
import { searchQuerySet } from './search-queries.ts';

/** Keyword weights tried for the convex blend. */
export const CONVEX_WEIGHTS = [0.3, 0.9, 0.95, 0.98, 0.99];
/** Band widths tried for the banded fusion. */
export const BANDS = [0, 0.02, 0.05, 0.1];

/**
 * Keyword order by bands of `band` x the best keyword score counted down from it (the first band
 * holds every hit within `band` of the best); vector cosine orders within a band; vector-only hits
 * after every keyword hit.
 */
export function bandedMerge(keyword: readonly RankedItem[], vector: readonly RankedItem[], k: number, band: number): RankedItem[] {
  const top = Math.max(0, ...keyword.map((h) => h.score));
  const cosine = new Map(vector.map((h) => [h.key, h.score]));
  const scores = new Map<string, number>();
  for (const h of keyword) {
    const level = top > 0 ? h.score / top : 0;
    // Bands counted down from the best score; cosines lie in [-1, 1], so a band step of 10 keeps them inside their band.
    const step = band > 0 ? -Math.floor((1 - level) / band + 1e-9) : level * 1e6;
    scores.set(h.key, 10 * step + (cosine.get(h.key) ?? -1));
  }
  for (const h of vector) if (!scores.has(h.key)) scores.set(h.key, -1e9 + h.score);
  return [...scores]
    .map(([key, score]) => ({ key, score }))
    .sort((a, b) => b.score - a.score || (a.key < b.key ? -1 : 1))
    .slice(0, k);
}

const f = (x: number) => x.toFixed(3).replace(/^0\./, '.');

/** Validation MRR / HR@10 per query type for keyword, vector and every fusion tried (markdown). */
export async function searchFusionTable(data: Dataset, vectors: ItemVectors): Promise<string> {
  const setup = searchSetup(data, vectors);
  const queries = await searchQuerySet(data, 'validation');
  const qv = (
    await embedCached(
      queries.map((q) => q.text),
      { name: `${data.name}-queries-validation`, dtype: 'q8' },
    )
  ).vectors;
  const lists = answer(setup, queries, qv, [HYBRID_KEYWORD_WEIGHT]);
  for (const l of lists) {
    const vec = l.vector!; // `answer` already searched the vectors at the same depth
    for (const w of CONVEX_WEIGHTS) l[`convex w=${w}`] = convexMerge(l.keyword!, vec, 50, w);
    for (const b of BANDS) l[`banded ${b}`] = bandedMerge(l.keyword!, vec, 50, b);
  }
  const shipped = `hybrid w=${HYBRID_KEYWORD_WEIGHT}`;
  const methods = ['keyword', 'vector', shipped, ...CONVEX_WEIGHTS.map((w) => `convex w=${w}`), ...BANDS.map((b) => `banded ${b}`)];
  const rows = searchRows(setup, queries, lists, methods);
  const types = [...new Set(rows.map((r) => r.type))];
  const out = [
    `**Search fusions, ${data.name}, validation queries** (MRR / HR@10; shipped: ${shipped}, keyword order where a keyword hit has every query word, else the convex blend with a keyword weight rising from w toward 1 with the share of words matched; convex w=0.9 on every query was the previous default)`,
    '',
    `| method | ${types.join(' | ')} |`,
    `|---|${types.map(() => '---|').join('')}`,
  ];
  for (const m of methods)
    out.push(
      `| ${m} | ${types
        .map((t) => {
          const r = rows.find((x) => x.type === t && x.method === m)!;
          return `${f(r.mrr)} / ${f(r.hr10)}`;
        })
        .join(' | ')} |`,
    );
  out.push('', headroomTable(data.name, searchHeadroom(queries, qv, lists, vectors)));
  return out.join('\n');
}

/** Per query type, what vectors could add over keyword search (see `searchHeadroom`). */
export interface Headroom {
  type: string;
  queries: number;
  /** Answers keyword search does not rank in its top 10 ... */
  misses: number;
  /** ... of which vector search ranks in its top 10, and in its top 50. */
  vectorTop10: number;
  vectorTop50: number;
  /** Answers keyword ranks 2nd-10th ... */
  lower: number;
  /** ... of which the query's cosine puts above keyword's first. */
  lifted: number;
  /** Answers keyword ranks first ... */
  first: number;
  /** ... of which the query's cosine puts below keyword's second. */
  risked: number;
}

/**
 * What vectors could add, per query type and over all ('all'): (1) a fusion can only lift an
 * answer the vector list holds, so the keyword misses found by vector search bound hybrid's gain in
 * HR@10; (2) reordering: how often the query's cosine prefers the answer where keyword ranks it
 * 2nd-10th (a fusion's gain in MRR), and prefers keyword's second where keyword ranks the answer
 * first (its risk). `lists[q]` holds `keyword` and `vector` for queries[q]; `queryVectors` row q
 * embeds it.
 */
export function searchHeadroom(
  queries: readonly { type: string; target: number }[],
  queryVectors: Float32Array,
  lists: readonly Record<string, readonly RankedItem[]>[],
  vectors: ItemVectors,
): Headroom[] {
  const d = vectors.dims;
  const types = [...new Set(queries.map((q) => q.type)), 'all'];
  return types.map((type) => {
    const c: Headroom = { type, queries: 0, misses: 0, vectorTop10: 0, vectorTop50: 0, lower: 0, lifted: 0, first: 0, risked: 0 };
    queries.forEach((q, i) => {
      if (type !== 'all' && q.type !== type) return;
      c.queries++;
      const key = vectors.ids[q.target]!;
      const keyword = lists[i]!.keyword!;
      const vector = lists[i]!.vector!;
      const cosine = (k: string) => dotF32(queryVectors, i * d, vectors.index.vector(k)!, 0, d);
      const kw = keyword.findIndex((h) => h.key === key);
      if (kw < 0 || kw >= 10) {
        c.misses++;
        const v = vector.findIndex((h) => h.key === key);
        if (v >= 0 && v < 10) c.vectorTop10++;
        if (v >= 0) c.vectorTop50++;
      } else if (kw > 0) {
        c.lower++;
        if (cosine(key) > cosine(keyword[0]!.key)) c.lifted++;
      } else {
        c.first++;
        if (keyword[1] && cosine(keyword[1].key) > cosine(key)) c.risked++;
      }
    });
    return c;
  });
}

function headroomTable(name: string, rows: readonly Headroom[]): string {
  return [
    `**Where vectors could help, ${name}, validation queries**: what keyword search misses or misorders, and what the query's cosine says there`,
    '',
    "| query type | queries | keyword misses (not in top 10) | of those, in vector top 10 / top 50 | keyword ranks it 2nd-10th | of those, cosine puts it above keyword's 1st | keyword ranks it 1st | of those, cosine puts keyword's 2nd above it |",
    '|---|---|---|---|---|---|---|---|',
    ...rows.map(
      (c) =>
        `| ${c.type} | ${c.queries} | ${c.misses} | ${c.vectorTop10} / ${c.vectorTop50} | ${c.lower} | ${c.lifted} | ${c.first} | ${c.risked} |`,
    ),
  ].join('\n');
}
