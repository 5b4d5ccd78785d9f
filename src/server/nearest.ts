/** The nearest items to a vector in the retrieval database: pgvector's HNSW under the request's filter. */
import type { CatalogItem, Filter } from '../types/index.ts';
import { filterSql } from './filter-sql.ts';
import { run } from './schema.ts';
import type { SqlClient } from './sql-client.ts';

/** A row of the items table with a score. */
export type Row = { key: string; item: CatalogItem; score: number };

/** A vector as pgvector's text form. */
export function vectorText(v: readonly number[]): string {
  return `[${v.join(',')}]`;
}

/** The `k` nearest items to `vector` (pgvector text) not in `exclude` that pass `filter`, best first by cosine. */
export async function nearest(
  sql: SqlClient,
  vector: string,
  k: number,
  exclude: readonly string[],
  filter: Filter | undefined,
): Promise<Row[]> {
  const params: unknown[] = [vector, [...exclude], k];
  const where = filterSql(filter, params);
  const { rows } = await run<Row>(
    sql,
    `SELECT key, item, 1 - (embedding <=> $1::halfvec) AS score FROM inpage_rec_items
     WHERE embedding IS NOT NULL AND NOT (key = ANY($2::text[])) AND ${where}
     ORDER BY embedding <=> $1::halfvec LIMIT $3`,
    params,
  );
  // The iterative scan's relaxed order may return rows slightly out of order.
  return rows.sort((a, b) => b.score - a.score);
}

/** The rows of `keys` with their cosine to `vector` (NaN for an item with no vector), in no order. */
export async function rowsOf(sql: SqlClient, vector: string, keys: readonly string[]): Promise<Row[]> {
  if (keys.length === 0) return [];
  const { rows } = await run<{ key: string; item: CatalogItem; score: number | null }>(
    sql,
    'SELECT key, item, 1 - (embedding <=> $1::halfvec) AS score FROM inpage_rec_items WHERE key = ANY($2::text[])',
    [vector, [...keys]],
  );
  return rows.map((r) => ({ key: r.key, item: r.item, score: r.score ?? Number.NaN }));
}
