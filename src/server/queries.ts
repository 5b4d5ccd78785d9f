/**
 * The SQL behind each ranking request (requests.ts), on the schema of schema.ts. Every statement
 * is parameterised; `k`, the excluded ids and the filter bound what each returns.
 *
 * - similar: the page's content blend (similar-blend.ts: HNSW and word-overlap candidates, the
 *   cosine on the catalog's scale plus the texts' TF-IDF cosine; pgvector's iterative scan keeps
 *   `k` rows under a filter), the item itself left out. The answer carries the item's stored
 *   vector (`anchor`), so a page can build a "for you" profile without sending its history.
 * - complements: its "together" neighbours from the site signals, leaving out what similar shows
 *   for it (its first `DEFAULT_K`, as the page does: issue 27), then content fill-ins from further
 *   down its similar list; each result says which (`basis`). With the item's vector, as similar.
 * - forYou: the profile vector's nearest neighbours; without a profile (a new visitor), the most
 *   popular items of the signals, then catalog order.
 * - search: keyword hits (BM25 over the word tables; stopwords never match) fused with the query
 *   vector's neighbours by the page's own fusion (search.ts); a query with no word the catalog
 *   holds is answered by vectors alone only above the page's stricter floor, else nothing.
 * - vectors (not a ranking): the stored vectors of the ids asked for; unknown ids and items with no
 *   vector are left out of the answer.
 */
import { itemName } from '../catalog/name.ts';
import { createError, ErrorCodes } from '../errors.ts';
import { capComplementLines, similarPool, widerSimilarPool } from '../recommend/similar-lines.ts';
import type { CatalogItem } from '../types/index.ts';
import { DEFAULT_K } from '../types/index.ts';
import { filterSql } from './filter-sql.ts';
import { nearest, type Row, vectorText } from './nearest.ts';
import type { RankRequest } from './requests.ts';
import { run } from './schema.ts';
import { searchRows } from './search.ts';
import { similarRows } from './similar-blend.ts';
import type { SqlClient } from './sql-client.ts';

/** One result as the endpoint sends it. */
export interface RankedRow {
  id: string;
  score: number;
  item: CatalogItem;
  basis?: 'signals' | 'content';
}

/** The vector of the item a similar or complements answer is about. */
export interface Anchor {
  id: string;
  /** Its stored vector (halfvec precision), `dims` numbers. */
  vector: number[];
}

/** The answer to a ranking request: `anchor` only for similar and complements, when the item has a vector. */
export interface RankAnswer {
  items: RankedRow[];
  anchor?: Anchor;
}

/** The answer to a "vectors" request: id -> stored vector, for the ids that have one. */
export interface VectorsAnswer {
  vectors: Record<string, number[]>;
}

/**
 * The results of `request`, best first, with the item's vector for similar and complements (when
 * it has one). Throws `UNKNOWN_ITEM` for an item the catalog lacks.
 */
export async function rank(sql: SqlClient, request: RankRequest): Promise<RankAnswer> {
  switch (request.mode) {
    case 'similar': {
      const { vector, item } = await anchorOf(sql, request.item);
      const lines = { anchorName: itemName(item) };
      const rows = vector ? await similarRows(sql, request.item, vector, request.k, request.exclude, request.filter, lines) : [];
      const items = rows.map((row) => out(row));
      return withAnchor(items, request.item, vector);
    }
    case 'complements':
      return complements(sql, request);
    case 'forYou':
      return {
        items: request.profile
          ? (await nearest(sql, vectorText(request.profile), request.k, request.exclude, request.filter)).map((row) => out(row))
          : await popular(sql, request),
      };
    case 'search':
      return { items: (await searchRows(sql, request)).map((row) => out(row)) };
  }
}

/** The stored vectors of `ids`; an unknown id or an item with no vector is left out. */
export async function storedVectors(sql: SqlClient, ids: readonly string[]): Promise<VectorsAnswer> {
  const { rows } = await run<{ key: string; e: string }>(
    sql,
    'SELECT key, embedding::text AS e FROM inpage_rec_items WHERE key = ANY($1::text[]) AND embedding IS NOT NULL',
    [[...new Set(ids)]],
  );
  // fromEntries defines own properties: an id such as "__proto__" is a key like any other.
  return { vectors: Object.fromEntries(rows.map((row) => [row.key, parseVector(row.e)])) };
}

function withAnchor(items: RankedRow[], id: string, vector: string | undefined): RankAnswer {
  return vector === undefined ? { items } : { items, anchor: { id, vector: parseVector(vector) } };
}

/** pgvector's text form (`[0.1,-2,3e-05]`) as numbers; throws for anything else. */
export function parseVector(text: string): number[] {
  const inner = text.trim();
  if (!inner.startsWith('[') || !inner.endsWith(']'))
    throw createError(ErrorCodes.DATABASE_FAILED, 'the database sent a vector that is not one');
  const values = inner === '[]' ? [] : inner.slice(1, -1).split(',').map(Number);
  if (!values.every(Number.isFinite))
    throw createError(ErrorCodes.DATABASE_FAILED, 'the database sent a vector with a value that is not a number');
  return values;
}

function out(row: Row, basis?: RankedRow['basis']): RankedRow {
  return { id: row.key, score: row.score, item: row.item, ...(basis ? { basis } : {}) };
}

/** The stored vector of `key` (pgvector text), undefined for an item with no text; throws for an unknown one. */
/** The item's vector (pgvector text; undefined for an item with no text) and the item itself. */
async function anchorOf(sql: SqlClient, key: string): Promise<{ vector: string | undefined; item: CatalogItem }> {
  const { rows } = await run<{ e: string | null; item: CatalogItem }>(
    sql,
    'SELECT embedding::text AS e, item FROM inpage_rec_items WHERE key = $1',
    [key],
  );
  if (rows.length === 0) throw createError(ErrorCodes.UNKNOWN_ITEM, `item ${JSON.stringify(key)} is not in the catalog`);
  return { vector: rows[0]!.e ?? undefined, item: rows[0]!.item };
}

async function complements(sql: SqlClient, r: RankRequest & { item: string }): Promise<RankAnswer> {
  const { vector, item } = await anchorOf(sql, r.item);
  const shown = vector
    ? (await similarRows(sql, r.item, vector, DEFAULT_K, [], undefined, { anchorName: itemName(item) })).map((x) => x.key)
    : [];
  const leaveOut = [r.item, ...r.exclude, ...shown];
  const params: unknown[] = [r.item, leaveOut, r.k];
  const where = filterSql(r.filter, params);
  const together = (
    await run<Row>(
      sql,
      `SELECT i.key, i.item, s.weight AS score FROM inpage_rec_signals s JOIN inpage_rec_items i ON i.key = s.b
       WHERE s.kind = 'together' AND s.a = $1 AND NOT (i.key = ANY($2::text[])) AND ${where}
       ORDER BY s.weight DESC, i.position LIMIT $3`,
      params,
    )
  ).rows;
  const need = r.k - together.length;
  // Product lines capped as the page caps them, the item's own excepted (capComplementLines); a
  // wider pool when the caps leave too few.
  const fillFrom = async (pool: number) => {
    const rows =
      need > 0 && vector ? await similarRows(sql, r.item, vector, pool, [...leaveOut, ...together.map((t) => t.key)], r.filter) : [];
    const byKey = new Map(rows.map((row) => [row.key, row.item]));
    const capped = capComplementLines(rows, need, item, (x) => byKey.get(x));
    return { items: capped.items, done: capped.full || rows.length < pool };
  };
  const first = await fillFrom(similarPool(need));
  const fill = first.done ? first.items : (await fillFrom(widerSimilarPool(similarPool(need)))).items;
  return withAnchor([...together.map((t) => out(t, 'signals')), ...fill.map((f) => out(f, 'content'))], r.item, vector);
}

/** A new visitor's list: the most popular items, then catalog order. */
async function popular(sql: SqlClient, r: RankRequest): Promise<RankedRow[]> {
  const params: unknown[] = [[...r.exclude], r.k];
  const where = filterSql(r.filter, params);
  const { rows } = await run<Row>(
    sql,
    `SELECT i.key, i.item, COALESCE(p.weight, 0) AS score FROM inpage_rec_items i LEFT JOIN inpage_rec_popularity p ON p.key = i.key
     WHERE NOT (i.key = ANY($1::text[])) AND ${where} ORDER BY score DESC, i.position LIMIT $2`,
    params,
  );
  return rows.map((row) => out(row));
}
