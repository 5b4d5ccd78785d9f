/**
 * Recall@10 of the server path (PGlite + pgvector's HNSW on halfvec, answered by the endpoint's
 * handler) against the page's own index on the same catalog: 5,000 real Steam texts embedded with
 * use-lite-en q8 (cached in .cache/vectors, shared with artifact-recall.test.ts), 150 queries by an
 * item's own vector, both scored against an exact float32 scan. The issue asks the two to agree
 * within .01; bench/remote.ts measures 20,000 to 100,000 items. Then similar(): the server's content
 * blend (HNSW and word candidates, src/server/similar-blend.ts) against the page's own.
 */
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { describe, expect, it } from 'vitest';
import { steamTexts, steamTitles } from '../bench/steam.ts';
import { itemName } from '../src/catalog/index.ts';
import {
  capSimilarLines,
  ScoreCalibration,
  SIMILAR_BLEND,
  SIMILAR_FULL_SHARE,
  similarBlended,
  similarPool,
  WordOverlapIndexBuilder,
  widerSimilarPool,
} from '../src/recommend/index.ts';
import { createRequestHandler } from '../src/server/handler.ts';
import { loadDatabase } from '../src/server/load.ts';
import { SEARCH_SETTINGS } from '../src/server/sql-client.ts';
import { autoIndex, createIndex } from '../src/vector-index/index.ts';
import { embedCached } from '../tools/embed-cache.ts';
import { hasShared } from './paths.ts';
import { queryRows, topK } from './recall.ts';

const ITEMS = 5000;
const QUERIES = 150;

describe.skipIf(!hasShared)(`server recall@10 on ${ITEMS} Steam vectors (../shared)`, () => {
  it('matches the page index within .01, and similar() matches the page blend', { timeout: 900_000 }, async () => {
    const texts = steamTexts(ITEMS);
    const titles = steamTitles(ITEMS);
    const { vectors, dims } = await embedCached(texts, { name: 'steam-games-catalog' });
    const keys = texts.map((_, i) => `s${i}`);
    const queries = queryRows(ITEMS, QUERIES);
    const truth = queries.map((q) => topK(vectors, dims, vectors.subarray(q * dims, (q + 1) * dims), 10, q).map((i) => keys[i]!));
    const recall = (answers: string[][]) =>
      answers.reduce((n, got, j) => n + got.filter((k) => truth[j]!.includes(k)).length, 0) / (10 * QUERIES);

    // The page: the index `auto` picks for this many items.
    const auto = autoIndex(ITEMS);
    const index = createIndex(auto.kind, dims, auto.options);
    index.add(keys, vectors);
    index.train();
    const page = queries.map((q) =>
      index
        .search(vectors.subarray(q * dims, (q + 1) * dims), 11)
        .map((h) => h.key)
        .filter((k) => k !== keys[q])
        .slice(0, 10),
    );

    // The server: the same vectors loaded as `inpage-rec build --to` loads them, asked over its handler.
    const db = await PGlite.create({ extensions: { vector } });
    try {
      await db.exec(SEARCH_SETTINGS);
      await loadDatabase(db, {
        model: { key: 'use-lite-en:512:q8', dims },
        textRule: '0'.repeat(64),
        items: keys.map((key, i) => ({ key, hash: `h${i}`, item: { id: key, title: titles[i]! }, text: texts[i]! })),
        vectors,
      });
      const handle = await createRequestHandler(db, { rate: { perSecond: 1e9, burst: 1e9 } });
      const ask = async (body: object) => {
        const response = await handle(new Request('http://x/', { method: 'POST', body: JSON.stringify(body) }));
        return ((await response.json()) as { items: { id: string }[] }).items.map((r) => r.id);
      };
      // The vector index: an item's own vector as the query ("for you" with one item), itself left out.
      const server: string[][] = [];
      for (const q of queries) {
        const profile = Array.from(vectors.subarray(q * dims, (q + 1) * dims));
        server.push(await ask({ mode: 'forYou', profile, exclude: [keys[q]], k: 10 }));
      }
      const [pageRecall, serverRecall] = [recall(page), recall(server)];
      console.log(`recall@10 on ${ITEMS} Steam items: page ${auto.kind} ${pageRecall.toFixed(4)}, server HNSW ${serverRecall.toFixed(4)}`);
      expect(Math.abs(serverRecall - pageRecall)).toBeLessThanOrEqual(0.01);

      // similar(): the server's content blend against the page's own, as the similar ranker runs it
      // (src/modes/similar.ts: SIMILAR_BLEND with the catalog's word overlap in the described view,
      // where each item's title counts less, and its scale, over an exact index; then each game's
      // own family and every product line capped), top 10 of each.
      const exact = createIndex('flat', dims);
      exact.add(keys, vectors);
      const names = keys.map((key, i) => itemName({ id: key, title: titles[i]! }));
      const options = {
        weights: SIMILAR_BLEND,
        calibration: ScoreCalibration.fromIndex(exact, keys),
        wordOverlap: WordOverlapIndexBuilder.build(keys.map((key, i) => [key, texts[i]!, names[i]] as const)).view(SIMILAR_FULL_SHARE),
      };
      const row = new Map(keys.map((key, i) => [key, i]));
      let shared = 0;
      for (const q of queries) {
        const itemOf = (key: string) => ({ id: key, title: titles[row.get(key)!]! });
        const rank = (pool: number) => similarBlended(exact, keys[q]!, pool, undefined, new Set(), options);
        let capped = capSimilarLines(rank(similarPool(10)), 10, names[q], itemOf);
        if (!capped.full) capped = capSimilarLines(rank(widerSimilarPool(similarPool(10))), 10, names[q], itemOf);
        const mine = capped.items.map((r) => r.key);
        const theirs = await ask({ mode: 'similar', item: keys[q], k: 10 });
        shared += theirs.filter((k) => mine.includes(k)).length;
      }
      const agreement = shared / (10 * QUERIES);
      console.log(`similar top 10 shared with the page's blend: ${agreement.toFixed(4)}`);
      expect(agreement).toBeGreaterThanOrEqual(0.97);
    } finally {
      await db.close();
    }
  });
});
