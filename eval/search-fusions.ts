/**
 * Search fusions tried for issue 13 (hybrid >= keyword on every query type), on the VALIDATION
 * queries: the shipped convex blend at keyword weights close to 1, and a "banded" fusion that keeps
 * keyword order and lets vectors reorder only near-ties (keyword scores, divided by the query's
 * best, in bands of a given width; band 0: vectors break exact ties only). Not shipped: see README.
 */
import type { RankedItem } from '../src/recommend/index.ts';
import { embedCached } from '../tools/embed-cache.ts';
import type { Dataset } from './dataset.ts';
import type { ItemVectors } from './methods.ts';
import { answer, searchRows, searchSetup } from './search-eval.ts';
import { searchQueries } from './search-queries.ts';

/** Keyword weights tried for the convex blend. */
export const CONVEX_WEIGHTS = [0.9, 0.95, 0.98, 0.99];
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
  const queries = searchQueries(data, 'validation');
  const qv = (
    await embedCached(
      queries.map((q) => q.text),
      { name: `${data.name}-queries-validation`, dtype: 'q8' },
    )
  ).vectors;
  const lists = answer(setup, queries, qv, CONVEX_WEIGHTS);
  const d = vectors.dims;
  lists.forEach((l, i) => {
    const vec = vectors.index.search(qv.subarray(i * d, (i + 1) * d), 50);
    for (const b of BANDS) l[`banded ${b}`] = bandedMerge(l.keyword!, vec, 50, b);
  });
  const methods = ['keyword', 'vector', ...CONVEX_WEIGHTS.map((w) => `hybrid w=${w}`), ...BANDS.map((b) => `banded ${b}`)];
  const rows = searchRows(setup, queries, lists, methods);
  const types = [...new Set(rows.map((r) => r.type))];
  const out = [
    `**Search fusions, ${data.name}, validation queries** (MRR / HR@10; shipped: hybrid w=0.9)`,
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
  return out.join('\n');
}
