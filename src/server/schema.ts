/**
 * The one SQL schema of the retrieval database, versioned: `MIGRATIONS[i]` takes a database from
 * version i to i + 1, each in its own transaction, and `inpage_rec_schema` records where a database
 * stands. The same statements run on PGlite and on Postgres >= 13 with pgvector >= 0.7 (halfvec).
 *
 * Version 1:
 * - `inpage_rec_meta` (key -> jsonb): the model key and dims, the text rule's fingerprint and the
 *   catalog digest of the last load.
 * - `inpage_rec_items`: one row per valid catalog item: `key`, `position` (catalog order), `hash`
 *   (the content hash pages compute), `digest` (of the item's JSON: an unchanged item is never
 *   rewritten), `item` (jsonb, as validated), `body` (its text under the text rule) and `words` (its
 *   English full-text vector, generated), `embedding` (halfvec, the artifact's vector; NULL for an
 *   item with no text). Indexes: HNSW on the embedding by cosine, GIN on the words.
 * - `inpage_rec_signals` (`kind` 'together' or 'next', `a`, `b`, `weight`) and
 *   `inpage_rec_popularity` (`key`, `weight`): the site signals of the artifact, as published
 *   (differentially private: src/signals).
 *
 * Version 2 adds what similar's content blend (the page's word overlap, src/recommend/word-overlap.ts)
 * needs, with the same tokenizer: `inpage_rec_terms` (`key`, `term`, `count`: each item's words,
 * written with the item), `inpage_rec_words` (`term`, `df`: in how many items) and
 * `inpage_rec_word_norms` (`key`, `norm` of its TF-IDF vector), both recomputed by every load (a
 * catalog change moves every IDF). The random-pair scale of the vectors is `inpage_rec_meta`'s
 * `calibration`.
 *
 * Version 3 gives each word of `inpage_rec_words` its English `stem` (Postgres's Snowball stemmer,
 * `english_stem`; the word itself when it has none), so search matches "lamps" to "lamp", and keeps
 * the letter triples of the catalog's words (`inpage_rec_letter_triples`), so search tells a real
 * word the catalog lacks from a keyboard mash as the page does (search.ts, recommend/word-shape.ts).
 * Both are recomputed by every load; a database of an older version gets them on its next load.
 *
 * Version 4 gives each item's word of `inpage_rec_terms` its `in_name` count: how many of its
 * occurrences fall inside the item's own name (src/recommend/overlap-terms.ts). Similar's blend
 * mixes the full text's cosine with the described view's, where those count `NAME_WEIGHT` as much:
 * `inpage_rec_word_norms` holds both norms (`full_norm`, and `norm` now the described view's). A
 * database of an older version gets every item's words again on its next load.
 *
 * Version 5 keeps each item's labels, the string elements of its list fields (src/catalog/facets.ts),
 * which the described view counts as terms of their own (facets.ts): `inpage_rec_facets` (`key`,
 * `term`, written with the item) and `inpage_rec_facet_df` (`term`, `df`, recomputed by every load);
 * `inpage_rec_word_norms`'s `norm` now covers an item's labels with its words. Tables of their own,
 * not rows of `inpage_rec_terms`: search reads the words. A database of an older version gets every
 * item's words and labels on its next load.
 *
 * The embedding's dimension is part of the column type: a load with a model of other dims empties
 * the items and retypes the column (`retypeEmbedding`).
 */
import { createError, ErrorCodes, errorMessage } from '../errors.ts';
import type { SqlClient } from './sql-client.ts';

/** The schema version this code writes and reads. */
export const SCHEMA_VERSION = 5;
/** pgvector's limit for an HNSW index on halfvec. */
export const MAX_DIMS = 4000;

/** The statements of each migration, in order (`dims`: the embedding column's dimension). */
const MIGRATIONS: readonly ((dims: number) => string[])[] = [
  (dims) => [
    'CREATE EXTENSION IF NOT EXISTS vector',
    'CREATE TABLE inpage_rec_meta (key text PRIMARY KEY, value jsonb NOT NULL)',
    `CREATE TABLE inpage_rec_items (
      key text PRIMARY KEY,
      position integer NOT NULL,
      hash text NOT NULL,
      digest text NOT NULL,
      item jsonb NOT NULL,
      body text NOT NULL,
      words tsvector GENERATED ALWAYS AS (to_tsvector('english', body)) STORED,
      embedding halfvec(${dims})
    )`,
    ...embeddingIndex(),
    'CREATE INDEX inpage_rec_items_words ON inpage_rec_items USING gin (words)',
    'CREATE TABLE inpage_rec_signals (kind text NOT NULL, a text NOT NULL, b text NOT NULL, weight real NOT NULL, PRIMARY KEY (kind, a, b))',
    'CREATE TABLE inpage_rec_popularity (key text PRIMARY KEY, weight real NOT NULL)',
  ],
  () => [
    'CREATE TABLE inpage_rec_terms (key text NOT NULL, term text NOT NULL, count smallint NOT NULL, PRIMARY KEY (key, term))',
    'CREATE INDEX inpage_rec_terms_term ON inpage_rec_terms (term)',
    'CREATE TABLE inpage_rec_words (term text PRIMARY KEY, df integer NOT NULL)',
    'CREATE TABLE inpage_rec_word_norms (key text PRIMARY KEY, norm real NOT NULL)',
  ],
  () => [
    'ALTER TABLE inpage_rec_words ADD COLUMN stem text',
    'CREATE INDEX inpage_rec_words_stem ON inpage_rec_words (stem)',
    'CREATE TABLE inpage_rec_letter_triples (triple text PRIMARY KEY)',
  ],
  () => [
    'ALTER TABLE inpage_rec_terms ADD COLUMN in_name smallint NOT NULL DEFAULT 0',
    'ALTER TABLE inpage_rec_word_norms ADD COLUMN full_norm real NOT NULL DEFAULT 1',
  ],
  () => [
    'CREATE TABLE inpage_rec_facets (key text NOT NULL, term text NOT NULL, PRIMARY KEY (key, term))',
    'CREATE INDEX inpage_rec_facets_term ON inpage_rec_facets (term)',
    'CREATE TABLE inpage_rec_facet_df (term text PRIMARY KEY, df integer NOT NULL)',
  ],
];

/** The statements that create the HNSW index on the embeddings (cosine). */
export function embeddingIndex(): string[] {
  return ['CREATE INDEX inpage_rec_items_embedding ON inpage_rec_items USING hnsw (embedding halfvec_cosine_ops)'];
}

/** Fails unless `dims` can be an embedding column's dimension (it is spliced into DDL, which takes no parameters). */
function checkDims(dims: number): void {
  if (!Number.isInteger(dims) || dims < 1 || dims > MAX_DIMS) {
    throw createError(ErrorCodes.DATABASE_FAILED, `embedding dims must be a whole number from 1 to ${MAX_DIMS}, got ${dims}`);
  }
}

/**
 * Brings the database to `SCHEMA_VERSION` (a new one is created with embeddings of `dims`); returns
 * the version it had. Refuses a database newer than this code.
 */
export async function migrate(sql: SqlClient, dims: number): Promise<number> {
  checkDims(dims);
  await run(sql, 'CREATE TABLE IF NOT EXISTS inpage_rec_schema (version integer NOT NULL)');
  const { rows } = await run<{ version: number }>(sql, 'SELECT version FROM inpage_rec_schema');
  const from = rows[0]?.version ?? 0;
  if (from > SCHEMA_VERSION) {
    throw createError(
      ErrorCodes.DATABASE_FAILED,
      `the database has schema version ${from}; this inpage-rec knows up to ${SCHEMA_VERSION}: upgrade it`,
    );
  }
  for (let v = from; v < SCHEMA_VERSION; v++) {
    await transaction(sql, async () => {
      for (const statement of MIGRATIONS[v]!(dims)) await run(sql, statement);
      await run(sql, 'DELETE FROM inpage_rec_schema');
      await run(sql, 'INSERT INTO inpage_rec_schema (version) VALUES ($1)', [v + 1]);
    });
  }
  return from;
}

/** Empties the items and gives the embedding column `dims` dimensions (a load with another model). */
export async function retypeEmbedding(sql: SqlClient, dims: number): Promise<void> {
  checkDims(dims);
  await transaction(sql, async () => {
    await run(
      sql,
      'TRUNCATE inpage_rec_items, inpage_rec_terms, inpage_rec_words, inpage_rec_word_norms, inpage_rec_facets, inpage_rec_facet_df',
    );
    await run(sql, 'DROP INDEX IF EXISTS inpage_rec_items_embedding');
    await run(sql, `ALTER TABLE inpage_rec_items ALTER COLUMN embedding TYPE halfvec(${dims})`);
    for (const statement of embeddingIndex()) await run(sql, statement);
  });
}

/** Runs `body` between BEGIN and COMMIT (ROLLBACK when it throws) on the one connection `sql` is. */
export async function transaction<T>(sql: SqlClient, body: () => Promise<T>): Promise<T> {
  await run(sql, 'BEGIN');
  try {
    const out = await body();
    await run(sql, 'COMMIT');
    return out;
  } catch (err) {
    await sql.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
}

/** `sql.query`, its failures as `DATABASE_FAILED` naming the statement's first words. */
export async function run<Row = Record<string, unknown>>(sql: SqlClient, statement: string, params?: unknown[]): Promise<{ rows: Row[] }> {
  try {
    return await sql.query<Row>(statement, params);
  } catch (err) {
    if (err instanceof Error && 'code' in err && err.code === ErrorCodes.DATABASE_FAILED) throw err;
    const what = statement.replace(/\s+/g, ' ').slice(0, 60);
    throw createError(ErrorCodes.DATABASE_FAILED, `the database refused "${what}..." (${errorMessage(err)})`, err);
  }
}
