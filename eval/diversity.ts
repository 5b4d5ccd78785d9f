/**
 * Diversity (MMR) for item-to-item "similar" on the test lists, for information (the default is
 * chosen on the for-you validation split, eval/validation.ts): HR@10 and NDCG@10 of the top 10
 * against intra-list similarity, per setting.
 */
import { intraListSimilarity, mmrRerank, type ScoreCalibration, similarBlended } from '../src/recommend/index.ts';
import { mean } from './bootstrap.ts';
import type { RelevanceTask } from './dataset.ts';
import type { ItemVectors } from './methods.ts';
import { setMetrics } from './metrics.ts';
import { DIVERSITY_SETTINGS } from './validation.ts';

const f = (x: number) => x.toFixed(4).replace(/^0\./, '.');

/** Markdown table: one row per diversity setting. */
export function similarDiversityTable(
  task: RelevanceTask,
  vectors: ItemVectors,
  calibration: ScoreCalibration,
  maxQueries?: number,
): string {
  const queries = task.queries.slice(0, maxQueries);
  const vectorOf = (key: string) => vectors.index.vector(key);
  // The pool what similar() ships without signals ranks: the content blend (cosine plus word overlap).
  const pools = queries.map((q) =>
    similarBlended(vectors.index, vectors.ids[q.row]!, 30, undefined, new Set(), { calibration, wordOverlap: vectors.wordOverlap }),
  );
  const out = [
    `**Diversity for similar() (${task.field}, test lists, for information)**: MMR over the top 30, HR@10 / NDCG@10 vs intra-list similarity (ILS@10)`,
    '',
    '| diversity | HR@10 | NDCG@10 | ILS@10 |',
    '|---|---|---|---|',
  ];
  for (const d of DIVERSITY_SETTINGS) {
    const hr = new Float64Array(queries.length);
    const ndcg = new Float64Array(queries.length);
    const ils = new Float64Array(queries.length);
    queries.forEach((q, i) => {
      const list = mmrRerank(pools[i]!, vectorOf, 10, d);
      // Rank positions as scores: 10, 9, ... so the metric sees the MMR order.
      const scores = vectors.toScores(list.map((r, p) => ({ key: r.key, score: 10 - p })));
      const m = setMetrics(scores, q.row, q.relevant);
      hr[i] = m.hr10;
      ndcg[i] = m.ndcg10;
      ils[i] = intraListSimilarity(
        list.map((r) => r.key),
        vectorOf,
      );
    });
    out.push(`| ${d} | ${f(mean(hr))} | ${f(mean(ndcg))} | ${f(mean(ils))} |`);
  }
  return out.join('\n');
}
