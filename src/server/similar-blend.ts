/**
 * "Similar" on the server as the page ranks it without signals: the page's candidates (the item's
 * `CONTENT_CANDIDATES` nearest by cosine, from HNSW, and its `WORD_OVERLAP_CANDIDATES` neighbours
 * through rarer shared words, words.ts) scored by the page's own blend (`blendScores` with
 * `SIMILAR_BLEND`: the cosine on the catalog's random-pair scale plus 4 x the TF-IDF cosine of the
 * texts). Cosine alone put a sleeping bag's brand-mates (pillows, pads) above other sleeping bags.
 *
 * A database loaded before schema version 2 has no word statistics or scale until its next load:
 * then similar is the plain cosine order, as before.
 */
import {
  blendScores,
  type CandidateTable,
  CONTENT_CANDIDATES,
  ScoreCalibration,
  SIMILAR_BLEND,
  WORD_OVERLAP_CANDIDATES,
} from '../recommend/index.ts';
import type { Filter } from '../types/index.ts';
import { nearest, type Row, rowsOf } from './nearest.ts';
import { run } from './schema.ts';
import type { SqlClient } from './sql-client.ts';
import { wordNeighbours, wordSimilarities } from './words.ts';

/** The meta rows the blend reads, written by every load (load.ts). */
interface BlendMeta {
  /** Items in the catalog (the N of every IDF). */
  items: number;
  /** Sampled random-pair cosines of the catalog's vectors. */
  calibration: number[];
}

/** The blend's inputs of the loaded catalog, or undefined for a database loaded before they existed. */
async function blendMeta(sql: SqlClient): Promise<BlendMeta | undefined> {
  const { rows } = await run<{ value: BlendMeta }>(sql, "SELECT value FROM inpage_rec_meta WHERE key = 'blend'");
  const value = rows[0]?.value;
  return value && Array.isArray(value.calibration) && value.calibration.length >= 2 ? value : undefined;
}

/**
 * The `k` items most similar to `key` (whose vector, pgvector text, is `vector`), never `key`, an
 * excluded item or one `filter` rejects, best first by the page's content blend.
 */
export async function similarRows(
  sql: SqlClient,
  key: string,
  vector: string,
  k: number,
  exclude: readonly string[],
  filter: Filter | undefined,
): Promise<Row[]> {
  const leaveOut = [key, ...exclude];
  const meta = await blendMeta(sql);
  if (!meta) return nearest(sql, vector, k, leaveOut, filter);
  const near = await nearest(sql, vector, Math.max(CONTENT_CANDIDATES, k), leaveOut, filter);
  const byWords = await wordNeighbours(sql, meta.items, key, WORD_OVERLAP_CANDIDATES, leaveOut, filter);
  const rows = new Map(near.map((r) => [r.key, r]));
  for (const r of await rowsOf(
    sql,
    vector,
    byWords.map((w) => w.key).filter((x) => !rows.has(x)),
  ))
    rows.set(r.key, r);
  const keys = [...rows.keys()];
  const words = await wordSimilarities(sql, meta.items, key, keys);
  const table: CandidateTable = {
    keys,
    anchors: [{ key, type: 'view', weight: 1 }],
    cosine: Float32Array.from(keys, (x) => rows.get(x)!.score),
    together: new Float32Array(keys.length),
    next: new Float32Array(keys.length),
    popularity: new Float32Array(keys.length),
    wordOverlap: Float32Array.from(keys, (x) => words.get(x) ?? 0),
    listed: new Uint8Array(1),
  };
  const { scores } = blendScores(table, SIMILAR_BLEND, new ScoreCalibration(meta.calibration));
  return keys
    .map((x, i) => ({ ...rows.get(x)!, score: scores[i]! }))
    .sort((a, b) => b.score - a.score || (a.key < b.key ? -1 : 1))
    .slice(0, k);
}
