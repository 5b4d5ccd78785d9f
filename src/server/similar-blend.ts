/**
 * "Similar" on the server as the page ranks it without signals: the page's candidates (the item's
 * `CONTENT_CANDIDATES` nearest by cosine, from HNSW, and its `WORD_OVERLAP_CANDIDATES` neighbours
 * through rarer shared words, words.ts) scored by the page's own blend (`blendScores` with
 * `SIMILAR_BLEND`: the cosine on the catalog's random-pair scale plus 4 x the TF-IDF cosine of the
 * texts in the described view, where an item's own name counts less). Cosine alone put a sleeping
 * bag's brand-mates (pillows, pads) above other sleeping bags. Asked with the item's name, the list
 * caps the item's own family and each product line as the page does (`capSimilarLines`).
 *
 * A database loaded before schema version 2 has no word statistics or scale until its next load:
 * then similar is the plain cosine order, as before.
 */
import {
  blendScores,
  type CandidateTable,
  CONTENT_CANDIDATES,
  capSimilarLines,
  ScoreCalibration,
  SIMILAR_BLEND,
  similarPool,
  WORD_OVERLAP_CANDIDATES,
  widerSimilarPool,
} from '../recommend/index.ts';
import type { Filter } from '../types/index.ts';
import { clientCache } from './client-cache.ts';
import { nearest, type Row, rowsOf } from './nearest.ts';
import { run } from './schema.ts';
import type { SqlClient } from './sql-client.ts';
import { wordNeighbours, wordSimilarities } from './words.ts';

/** The meta row the blend reads, written by every load (load.ts). */
interface BlendMeta {
  /** Items in the catalog (the N of every IDF). */
  items: number;
  /** Sampled random-pair cosines of the catalog's vectors. */
  calibration: number[];
}

/** The blend's inputs, ready to use: the catalog's size and its random-pair scale. */
interface Blend {
  items: number;
  calibration: ScoreCalibration;
  /** The database's schema version (3 and later keep each word's stem: search.ts). */
  schema: number;
}

/**
 * How long the meta row read for one client is reused (client-cache.ts). The row is 4,096 numbers
 * of JSON that change only with a load, so similar reads it once per this long, not on every request.
 */
const BLEND_TTL_MS = 5_000;
const blends = clientCache(BLEND_TTL_MS, (sql) =>
  run<{ value: BlendMeta; schema: number }>(
    sql,
    "SELECT value, (SELECT version FROM inpage_rec_schema) AS schema FROM inpage_rec_meta WHERE key = 'blend'",
  ).then(({ rows }): Blend | undefined => {
    const value = rows[0]?.value;
    return value && Array.isArray(value.calibration) && value.calibration.length >= 2
      ? { items: value.items, calibration: new ScoreCalibration(value.calibration), schema: rows[0]!.schema }
      : undefined;
  }),
);

/** The blend's inputs of the loaded catalog, or undefined for a database loaded before they existed. */
export function blendOf(sql: SqlClient): Promise<Blend | undefined> {
  return blends.get(sql);
}

/** Drops what `sql`'s blend cache holds: the load that rewrote the meta row calls it. */
export function forgetBlend(sql: SqlClient): void {
  blends.forget(sql);
}

/**
 * The `k` items most similar to `key` (whose vector, pgvector text, is `vector`), never `key`, an
 * excluded item or one `filter` rejects, best first by the page's content blend. With `lines` (the
 * item's name), its family and each product line are capped as the page's similar items are;
 * without, the blend's order (complements' content fill-ins).
 */
export async function similarRows(
  sql: SqlClient,
  key: string,
  vector: string,
  k: number,
  exclude: readonly string[],
  filter: Filter | undefined,
  lines?: { anchorName: string | undefined },
): Promise<Row[]> {
  if (!lines) return rankRows(sql, key, vector, k, exclude, filter);
  const cap = (rows: Row[]) => {
    const byKey = new Map(rows.map((r) => [r.key, r]));
    return capSimilarLines(rows, k, lines.anchorName, (x) => byKey.get(x)?.item);
  };
  // As the page ranks (src/modes/similar.ts): every candidate, and a wider pool when a family filled it.
  const pool = similarPool(k);
  const first = await rankRows(sql, key, vector, pool, exclude, filter);
  const capped = cap(first);
  if (capped.full || first.length < pool) return capped.items;
  return cap(await rankRows(sql, key, vector, widerSimilarPool(pool), exclude, filter)).items;
}

/** The `k` best items by the page's content blend (`similarRows` without the caps). */
async function rankRows(
  sql: SqlClient,
  key: string,
  vector: string,
  k: number,
  exclude: readonly string[],
  filter: Filter | undefined,
): Promise<Row[]> {
  const leaveOut = [key, ...exclude];
  const meta = await blendOf(sql);
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
  const { scores } = blendScores(table, SIMILAR_BLEND, meta.calibration);
  return keys
    .map((x, i) => ({ ...rows.get(x)!, score: scores[i]! }))
    .sort((a, b) => b.score - a.score || (a.key < b.key ? -1 : 1))
    .slice(0, k);
}
