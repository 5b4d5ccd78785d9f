/**
 * Loading a build into the retrieval database (schema.ts): the catalog's valid items with their
 * texts and the artifact's vectors, and the site signals. Incremental: a row is written only when
 * its item, content hash or position changed, removed items are deleted, and nothing else is
 * touched, so reloading an unchanged 1M-item catalog writes no item. One transaction: a reader
 * never sees half a load.
 */
import { itemFacets } from '../catalog/facets.ts';
import { itemName } from '../catalog/name.ts';
import { resolveTextRule } from '../catalog/text.ts';
import { sha256TextHex } from '../digest/sha256.ts';
import { createError, ErrorCodes } from '../errors.ts';
import { CALIBRATION_SEED, DEFAULT_CALIBRATION_PAIRS, randomPairScores } from '../recommend/index.ts';
import type { SignalLookup } from '../signals/index.ts';
import type { CatalogItem, TextRule } from '../types/index.ts';
import { dotF32 } from '../vector-index/dot.ts';
import { deleteFacets, writeFacets } from './facets.ts';
import { forgetLabelSpellings } from './label-spellings.ts';
import { embeddingIndex, migrate, retypeEmbedding, run, SCHEMA_VERSION, transaction } from './schema.ts';
import { forgetBlend } from './similar-blend.ts';
import type { SqlClient } from './sql-client.ts';
import { deleteTerms, refreshWordStats, writeTerms } from './words.ts';

/** Rows per INSERT (each row is ~10 parameters' worth of arrays; Postgres takes any size, memory does not). */
const BATCH = 500;

/** What a load writes. */
export interface LoadInput {
  model: { key: string; dims: number };
  /** The text rule's fingerprint (artifact `textRule.fingerprint`). */
  textRule: string;
  /**
   * The text rule itself (artifact `textRule.rule`): its list fields give each item's labels, which
   * similar reads (`itemFacets`), so it must be the page's. Absent: the default rule.
   */
  rule?: TextRule;
  /** SHA-256 of the catalog bytes, when known. */
  catalog?: string;
  /** The catalog's valid items in catalog order, with their content hashes and texts. */
  items: readonly { key: string; hash: string; item: CatalogItem; text: string }[];
  /** Row i = items[i]'s vector (`dims` floats each); an all-zero row (no text) is stored as NULL. */
  vectors: Float32Array;
  /** The site signals (the artifact's `signals` section), or undefined to clear them. */
  signals?: SignalLookup;
}

/** What a load did. */
export interface LoadResult {
  /** New keys. */
  inserted: number;
  /** Keys whose item or content hash changed. */
  updated: number;
  /** Unchanged items whose position alone changed. */
  moved: number;
  deleted: number;
  unchanged: number;
  /** Signal rows written (all of them are replaced on every load). */
  signals: number;
  /** True when the database held another model's vectors, which were dropped. */
  modelChanged: boolean;
}

type Existing = { key: string; hash: string; digest: string; position: number };

/** Loads `input` into the database (migrating it first); see the module comment. */
export async function loadDatabase(sql: SqlClient, input: LoadInput): Promise<LoadResult> {
  const from = await migrate(sql, input.model.dims);
  const { modelChanged, allWords } = await sinceLastLoad(sql, input, from);
  if (modelChanged) await retypeEmbedding(sql, input.model.dims);
  const existing = new Map(
    (await run<Existing>(sql, 'SELECT key, hash, digest, position FROM inpage_rec_items')).rows.map((r) => [r.key, r]),
  );
  const present = new Set(input.items.map((i) => i.key));
  const write: number[] = [];
  const moved: number[] = [];
  const digests = input.items.map((i) => digestOf(i.item));
  input.items.forEach((item, i) => {
    const before = existing.get(item.key);
    if (!before || before.hash !== item.hash || before.digest !== digests[i]) write.push(i);
    else if (before.position !== i) moved.push(i);
  });
  const removed = [...existing.keys()].filter((k) => !present.has(k));
  const signals = signalRows(input.signals, input.items);
  // A first load, or one rewriting at least half the rows, builds the HNSW index once after the rows:
  // inserting into the index costs a graph search per row (PGlite: 3,000 rows 66.8 s row by row).
  const bulk = write.length > 0 && write.length >= existing.size / 2;
  await transaction(sql, async () => {
    if (bulk) await run(sql, 'DROP INDEX IF EXISTS inpage_rec_items_embedding');
    for (let at = 0; at < write.length; at += BATCH) await upsert(sql, input, digests, write.slice(at, at + BATCH));
    if (bulk) {
      // The HNSW build is fast only while its graph fits in maintenance_work_mem (64 MB by default,
      // ~60k rows at 512 dims); for this transaction only, give it room for the whole graph.
      const mb = Math.min(2048, Math.max(64, Math.ceil((write.length * (input.model.dims * 2 + 300)) / 1e6) * 2));
      await run(sql, "SELECT set_config('maintenance_work_mem', $1, true)", [`${mb}MB`]);
      for (const statement of embeddingIndex()) await run(sql, statement);
    }
    for (let at = 0; at < moved.length; at += BATCH) {
      const rows = moved.slice(at, at + BATCH);
      await run(
        sql,
        'UPDATE inpage_rec_items AS t SET position = u.position FROM unnest($1::text[], $2::int[]) AS u(key, position) WHERE t.key = u.key',
        [rows.map((i) => input.items[i]!.key), rows],
      );
    }
    if (removed.length > 0) await run(sql, 'DELETE FROM inpage_rec_items WHERE key = ANY($1::text[])', [removed]);
    await loadWords(sql, input, allWords ? input.items.map((_, i) => i) : write, removed);
    await replaceSignals(sql, signals);
    await setMeta(sql, 'model', input.model);
    await setMeta(sql, 'textRule', input.textRule);
    await setMeta(sql, 'catalog', input.catalog ?? null);
  });
  // Committed: similar reads the new blend row, search the new labels, from the next request on.
  forgetBlend(sql);
  forgetLabelSpellings(sql);
  // Fresh statistics, so the planner walks indexes for the few rows a request touches.
  await run(
    sql,
    'ANALYZE inpage_rec_items, inpage_rec_terms, inpage_rec_words, inpage_rec_word_norms, inpage_rec_facets, inpage_rec_facet_df',
  );
  const inserted = write.filter((i) => !existing.has(input.items[i]!.key)).length;
  return {
    inserted,
    updated: write.length - inserted,
    moved: moved.length,
    deleted: removed.length,
    unchanged: input.items.length - write.length - moved.length,
    signals: signals.together.length + signals.next.length,
    modelChanged,
  };
}

/**
 * What differs from the last load (the database migrated from schema version `from`): its model
 * (`modelChanged`: its vectors are dropped), and whether every item's words and labels are written
 * again (`allWords`): a database of an older schema lacks words (version 1), stems (2), names (3)
 * or labels (4), another model emptied the items, and under another text rule an item's labels can
 * change while its text, so its content hash, does not (a list past the text's length cap).
 */
async function sinceLastLoad(sql: SqlClient, input: LoadInput, from: number): Promise<{ modelChanged: boolean; allWords: boolean }> {
  const meta = "SELECT key, value FROM inpage_rec_meta WHERE key IN ('model', 'textRule')";
  const { rows } = await run<{ key: string; value: unknown }>(sql, meta);
  const model = rows.find((r) => r.key === 'model')?.value as { key: string } | undefined;
  const rule = rows.find((r) => r.key === 'textRule')?.value as string | undefined;
  const modelChanged = model !== undefined && model.key !== input.model.key;
  const upgraded = from > 0 && from < SCHEMA_VERSION;
  return { modelChanged, allWords: upgraded || modelChanged || (rule !== undefined && rule !== input.textRule) };
}

/**
 * Writes the words and labels of the items `rows` (indexes into `input.items`), drops those of
 * `removed`, and recomputes the catalog-wide word statistics and scale that similar's blend reads
 * (nothing when nothing changed).
 */
async function loadWords(sql: SqlClient, input: LoadInput, rows: readonly number[], removed: readonly string[]): Promise<void> {
  if (rows.length === 0 && removed.length === 0) return;
  await deleteTerms(sql, removed);
  await deleteFacets(sql, removed);
  const items = rows.map((i) => input.items[i]!);
  const keys = items.map((i) => i.key);
  const texts = items.map((i) => i.text);
  const names = items.map((i) => itemName(i.item));
  await writeTerms(sql, keys, texts, names);
  // Resolved once per load: a catalog's items share it.
  const rule = resolveTextRule(input.rule);
  const labels = items.map((i) => itemFacets(i.item, rule));
  await writeFacets(sql, keys, labels);
  await refreshWordStats(sql, input.items.length);
  await setMeta(sql, 'blend', { items: input.items.length, calibration: randomPairCosines(input.vectors, input.model.dims) });
}

/**
 * The cosines of `DEFAULT_CALIBRATION_PAIRS` random pairs of items with vectors: the catalog's
 * scale for similar's blend, drawn as the page draws it (`randomPairScores`, the same seed).
 */
function randomPairCosines(vectors: Float32Array, dims: number): number[] {
  const rows: number[] = [];
  for (let r = 0; r < vectors.length / dims; r++) if (vectors.subarray(r * dims, (r + 1) * dims).some((x) => x !== 0)) rows.push(r);
  const scores = randomPairScores(rows.length, DEFAULT_CALIBRATION_PAIRS, CALIBRATION_SEED, (a, b) =>
    dotF32(vectors, rows[a]! * dims, vectors, rows[b]! * dims, dims),
  );
  return scores.length >= 2 ? scores.map((x) => Math.round(x * 1e6) / 1e6) : [0, 0];
}

/** An item's digest: 64 bits of the SHA-256 of its JSON. */
function digestOf(item: CatalogItem): string {
  return sha256TextHex(JSON.stringify(item), 16);
}

/** A vector as pgvector's text form, or null for an all-zero row; throws for a non-finite value, naming the item. */
function vectorText(vectors: Float32Array, row: number, dims: number, key: string): string | null {
  const v = vectors.subarray(row * dims, (row + 1) * dims);
  if (v.every((x) => x === 0)) return null;
  if (!v.every(Number.isFinite))
    throw createError(ErrorCodes.DATABASE_FAILED, `item ${JSON.stringify(key)}: its vector has a value that is not a finite number`);
  return `[${Array.from(v, (x) => Math.round(x * 1e6) / 1e6).join(',')}]`;
}

/** Inserts or rewrites the rows `rows` (indexes into `input.items`). */
async function upsert(sql: SqlClient, input: LoadInput, digests: readonly string[], rows: readonly number[]): Promise<void> {
  const items = rows.map((i) => input.items[i]!);
  await run(
    sql,
    `INSERT INTO inpage_rec_items (key, position, hash, digest, item, body, embedding)
     SELECT key, position, hash, digest, item::jsonb, body, embedding::halfvec
     FROM unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])
       AS u(key, position, hash, digest, item, body, embedding)
     ON CONFLICT (key) DO UPDATE SET position = excluded.position, hash = excluded.hash, digest = excluded.digest,
       item = excluded.item, body = excluded.body, embedding = excluded.embedding`,
    [
      items.map((i) => i.key),
      [...rows],
      items.map((i) => i.hash),
      rows.map((i) => digests[i]!),
      items.map((i) => JSON.stringify(i.item)),
      items.map((i) => i.text),
      rows.map((i) => vectorText(input.vectors, i, input.model.dims, input.items[i]!.key)),
    ],
  );
}

type SignalRow = { a: string; b: string; weight: number };

/** The signal lists of the catalog's items as rows. */
function signalRows(
  lookup: SignalLookup | undefined,
  items: LoadInput['items'],
): { together: SignalRow[]; next: SignalRow[]; popularity: SignalRow[] } {
  const out = { together: [] as SignalRow[], next: [] as SignalRow[], popularity: [] as SignalRow[] };
  if (!lookup) return out;
  for (const { key } of items) {
    for (const n of lookup.together(key)) out.together.push({ a: key, b: n.key, weight: n.weight });
    for (const n of lookup.next(key)) out.next.push({ a: key, b: n.key, weight: n.weight });
    const p = lookup.popularity(key);
    if (p > 0) out.popularity.push({ a: key, b: '', weight: p });
  }
  return out;
}

/** Replaces every signal row (a build's release is drawn afresh, so nothing is incremental here). */
async function replaceSignals(sql: SqlClient, signals: ReturnType<typeof signalRows>): Promise<void> {
  await run(sql, 'DELETE FROM inpage_rec_signals');
  await run(sql, 'DELETE FROM inpage_rec_popularity');
  for (const kind of ['together', 'next'] as const) {
    const rows = signals[kind];
    for (let at = 0; at < rows.length; at += BATCH * 10) {
      const part = rows.slice(at, at + BATCH * 10);
      await run(
        sql,
        'INSERT INTO inpage_rec_signals (kind, a, b, weight) SELECT $1, a, b, w FROM unnest($2::text[], $3::text[], $4::real[]) AS u(a, b, w)',
        [kind, part.map((r) => r.a), part.map((r) => r.b), part.map((r) => r.weight)],
      );
    }
  }
  const pop = signals.popularity;
  if (pop.length > 0) {
    await run(sql, 'INSERT INTO inpage_rec_popularity (key, weight) SELECT k, w FROM unnest($1::text[], $2::real[]) AS u(k, w)', [
      pop.map((r) => r.a),
      pop.map((r) => r.weight),
    ]);
  }
}

async function setMeta(sql: SqlClient, key: string, value: unknown): Promise<void> {
  await run(sql, 'INSERT INTO inpage_rec_meta (key, value) VALUES ($1, $2::jsonb) ON CONFLICT (key) DO UPDATE SET value = excluded.value', [
    key,
    JSON.stringify(value),
  ]);
}
