/**
 * Loading builds into PGlite with pgvector, in-process: rows as the page sees its catalog,
 * incremental writes, a new model, signals, and the schema's versioning (each item's labels:
 * facets.test.ts).
 */
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUnitVectors } from '../../test/helpers/vectors.ts';
import { sortKeys } from '../artifact/index.ts';
import { ErrorCodes } from '../errors.ts';
import { ScoreCalibration } from '../recommend/index.ts';
import { exactSignals, SignalLookup } from '../signals/index.ts';
import type { CatalogItem } from '../types/index.ts';
import { type LoadInput, loadDatabase } from './load.ts';
import { vectorText } from './nearest.ts';
import { migrate, SCHEMA_VERSION } from './schema.ts';
import { similarRows } from './similar-blend.ts';
import type { SqlClient } from './sql-client.ts';

const DIMS = 8;
let db: PGlite;
beforeAll(async () => {
  db = await PGlite.create({ extensions: { vector } });
});
afterAll(() => db.close());

/** A build of `items` (vectors seeded by position in `seedOf`). */
function input(items: CatalogItem[], dims = DIMS, model = 'fake:8:q8'): LoadInput {
  const vectors = randomUnitVectors(items.length, dims, 7);
  return {
    model: { key: model, dims },
    textRule: 'f'.repeat(64),
    items: items.map((item) => ({ key: String(item.id), hash: `h-${String(item.title)}`, item, text: String(item.title) })),
    vectors,
  };
}

const shop = (n: number): CatalogItem[] => Array.from({ length: n }, (_, i) => ({ id: `p${i}`, title: `item ${i}`, price: i }));

describe('loading a build into the database', () => {
  it('creates the schema once, writes every item, and rewrites only what changed', async () => {
    const one = shop(50);
    expect(await loadDatabase(db, input(one))).toMatchObject({ inserted: 50, updated: 0, deleted: 0, unchanged: 0 });
    expect((await db.query('SELECT version FROM inpage_rec_schema')).rows).toEqual([{ version: SCHEMA_VERSION }]);
    expect(await loadDatabase(db, input(one))).toMatchObject({ inserted: 0, updated: 0, moved: 0, deleted: 0, unchanged: 50 });

    // A price (item JSON), a title (content hash), two removals, and one item moved to the front.
    const two = one
      .filter((i) => i.id !== 'p3' && i.id !== 'p4')
      .map((i) => (i.id === 'p10' ? { ...i, price: 99 } : i.id === 'p11' ? { ...i, title: 'renamed' } : i));
    const moved = [two[two.length - 1]!, ...two.slice(0, -1)];
    const result = await loadDatabase(db, input(moved));
    expect(result).toMatchObject({ inserted: 0, updated: 2, deleted: 2, modelChanged: false });
    // Every item after the moved one shifts by one: moved, not rewritten.
    expect(result.moved + result.unchanged).toBe(46);
    const rows = (
      await db.query<{ key: string; position: number; item: CatalogItem; body: string }>(
        'SELECT key, position, item, body FROM inpage_rec_items ORDER BY position',
      )
    ).rows;
    expect(rows.map((r) => r.key)).toEqual(moved.map((i) => i.id));
    expect(rows.find((r) => r.key === 'p10')!.item.price).toBe(99);
    expect(rows.find((r) => r.key === 'p11')!.body).toBe('renamed');
  });

  it('stores the vectors as halfvec (NULL for an item with no text), searchable by cosine', async () => {
    const local = await PGlite.create({ extensions: { vector } });
    try {
      const items = shop(20);
      const build = input(items);
      build.vectors.fill(0, 5 * DIMS, 6 * DIMS);
      await loadDatabase(local, build);
      const nulls = (await local.query<{ key: string }>('SELECT key FROM inpage_rec_items WHERE embedding IS NULL')).rows;
      expect(nulls).toEqual([{ key: 'p5' }]);
      const query = `[${Array.from(build.vectors.subarray(2 * DIMS, 3 * DIMS)).join(',')}]`;
      const nearest = (
        await local.query<{ key: string; d: number }>(
          'SELECT key, embedding <=> $1::halfvec AS d FROM inpage_rec_items ORDER BY embedding <=> $1::halfvec LIMIT 1',
          [query],
        )
      ).rows[0]!;
      expect(nearest.key).toBe('p2');
      expect(nearest.d).toBeLessThan(1e-3);
    } finally {
      await local.close();
    }
  });

  it('replaces a model of other dims, and the signals with every load', async () => {
    const local = await PGlite.create({ extensions: { vector } });
    try {
      const items = shop(12);
      const keys = items.map((i) => String(i.id));
      const sessions = [
        ['p1', 'p2'],
        ['p1', 'p2'],
        ['p1', 'p2', 'p3'],
      ].flatMap((s, n) => s.map((item) => ({ session: `s${n}`, item })));
      const signals = new SignalLookup(exactSignals(sessions, sortKeys(keys)).signals, sortKeys(keys));
      const result = await loadDatabase(local, { ...input(items), signals });
      expect(result.signals).toBeGreaterThan(0);
      const together = (
        await local.query<{ b: string }>("SELECT b FROM inpage_rec_signals WHERE kind = 'together' AND a = 'p1' ORDER BY weight DESC")
      ).rows;
      expect(together.map((r) => r.b)).toEqual(signals.together('p1').map((n) => n.key));
      const wider = await loadDatabase(local, input(items, 16, 'other:16:q8'));
      expect(wider).toMatchObject({ modelChanged: true, inserted: 12, signals: 0 });
      expect((await local.query('SELECT count(*)::int AS n FROM inpage_rec_signals')).rows).toEqual([{ n: 0 }]);
      const dims = (await local.query<{ d: number }>('SELECT vector_dims(embedding::vector) AS d FROM inpage_rec_items LIMIT 1')).rows[0]!
        .d;
      expect(dims).toBe(16);
    } finally {
      await local.close();
    }
  });

  it('refuses a database of a newer schema, and dims that cannot be a column type', async () => {
    const local = await PGlite.create({ extensions: { vector } });
    try {
      await migrate(local, DIMS);
      await local.query('UPDATE inpage_rec_schema SET version = 99');
      await expect(migrate(local, DIMS)).rejects.toMatchObject({
        code: ErrorCodes.DATABASE_FAILED,
        message: expect.stringMatching(/version 99/),
      });
      await expect(migrate(local, 0)).rejects.toMatchObject({ code: ErrorCodes.DATABASE_FAILED });
      await expect(migrate(local, 1.5)).rejects.toThrow(/whole number/);
    } finally {
      await local.close();
    }
  });

  it("keeps each item's words for similar's blend: rewritten with the item, statistics with every load", async () => {
    const local = await PGlite.create({ extensions: { vector } });
    const terms = async (key: string) =>
      (
        await local.query<{ term: string; count: number; in_name: number }>(
          'SELECT term, count, in_name FROM inpage_rec_terms WHERE key = $1 ORDER BY term',
          [key],
        )
      ).rows;
    const df = async (term: string) =>
      (await local.query<{ df: number }>('SELECT df FROM inpage_rec_words WHERE term = $1', [term])).rows[0]?.df;
    try {
      const items = shop(30).map((i) => (i.id === 'p2' ? { ...i, title: 'Tent tent 2-person' } : i));
      await loadDatabase(local, input(items));
      // The page's tokenizer: lower case, letter runs and digit runs, counted; these texts are the
      // titles, so every occurrence is inside the item's own name (the described view's `in_name`).
      expect(await terms('p2')).toEqual([
        { term: '2', count: 1, in_name: 1 },
        { term: 'person', count: 1, in_name: 1 },
        { term: 'tent', count: 2, in_name: 2 },
      ]);
      expect(await df('item')).toBe(29);
      const meta = (
        await local.query<{ value: { items: number; calibration: number[] } }>("SELECT value FROM inpage_rec_meta WHERE key = 'blend'")
      ).rows[0]!.value;
      expect(meta.items).toBe(30);
      // The page's scale of the same vectors, drawn by the same sampling (rounded to 6 places).
      const page = ScoreCalibration.fromVectors(input(items).vectors, DIMS);
      expect([...meta.calibration].sort((a, b) => a - b)).toEqual(Array.from(page.sample, (x) => Math.round(x * 1e6) / 1e6));
      // An edited title rewrites that item's words; a removed item's go; the frequencies follow.
      const next = items.filter((i) => i.id !== 'p7').map((i) => (i.id === 'p2' ? { ...i, title: 'item 2' } : i));
      await loadDatabase(local, input(next));
      expect((await terms('p2')).map((t) => t.term)).toEqual(['2', 'item']);
      expect(await terms('p7')).toEqual([]);
      expect(await df('item')).toBe(29);
      expect(await df('tent')).toBeUndefined();
      // A database of schema version 3 (no names) gets every item's words again on its next load.
      await local.exec(
        'ALTER TABLE inpage_rec_terms DROP COLUMN in_name; ALTER TABLE inpage_rec_word_norms DROP COLUMN full_norm; DROP TABLE inpage_rec_facets, inpage_rec_facet_df; UPDATE inpage_rec_schema SET version = 3',
      );
      expect(await loadDatabase(local, input(next))).toMatchObject({ unchanged: 29 });
      expect(await terms('p2')).toEqual([
        { term: '2', count: 1, in_name: 1 },
        { term: 'item', count: 1, in_name: 1 },
      ]);
      // A database of schema version 1 gets every item's words on its next load, even with nothing changed.
      await local.exec(`DROP TABLE inpage_rec_terms, inpage_rec_words, inpage_rec_word_norms, inpage_rec_letter_triples, inpage_rec_facets, inpage_rec_facet_df;
        DELETE FROM inpage_rec_meta WHERE key = 'blend'; UPDATE inpage_rec_schema SET version = 1`);
      expect(await loadDatabase(local, input(next))).toMatchObject({ unchanged: 29 });
      expect((await local.query<{ n: number }>('SELECT count(DISTINCT key)::int AS n FROM inpage_rec_terms')).rows[0]!.n).toBe(29);
      expect((await local.query("SELECT 1 FROM inpage_rec_meta WHERE key = 'blend'")).rows).toHaveLength(1);
    } finally {
      await local.close();
    }
  });
});

describe("similar's blend row", () => {
  it('is read once per client, and again after a load in this process', async () => {
    const local = await PGlite.create({ extensions: { vector } });
    let reads = 0;
    const counted: SqlClient = {
      query: (text, params) => {
        if (text.includes("key = 'blend'")) reads++;
        return local.query(text, params);
      },
    };
    try {
      const build = input(shop(20));
      await loadDatabase(counted, build);
      const similar = () => similarRows(counted, 'p1', vectorText(Array.from(build.vectors.subarray(DIMS, 2 * DIMS))), 5, [], undefined);
      const first = await similar();
      expect(first.map((r) => r.key)).not.toContain('p1');
      expect(first).toHaveLength(5);
      await similar();
      expect(reads).toBe(1);
      await loadDatabase(counted, input(shop(25)));
      await similar();
      expect(reads).toBe(2);
    } finally {
      await local.close();
    }
  });
});

describe('the default target, a PGlite data folder', () => {
  it('keeps what a load wrote across openings; a missing server URL fails naming it, without its password', async () => {
    const { mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { openDatabase } = await import('./sql-client.ts');
    const folder = join(mkdtempSync(join(tmpdir(), 'inpage-rec-db-')), 'db');
    const first = await openDatabase(folder);
    await loadDatabase(first.sql, input(shop(5)));
    await first.close();
    const again = await openDatabase(folder);
    try {
      expect((await again.sql.query('SELECT count(*)::int AS n FROM inpage_rec_items')).rows).toEqual([{ n: 5 }]);
    } finally {
      await again.close();
    }
    await expect(openDatabase('postgres://rec:secret@127.0.0.1:1/shop')).rejects.toMatchObject({
      code: ErrorCodes.DATABASE_FAILED,
      message: expect.not.stringContaining('secret'),
    });
  });
});

describe('bad vectors', () => {
  it('a NaN in a vector fails the load naming the item, and nothing of it is written', async () => {
    const local = await PGlite.create({ extensions: { vector } });
    try {
      const build = input(shop(4));
      build.vectors[2 * DIMS + 1] = Number.NaN;
      await expect(loadDatabase(local, build)).rejects.toMatchObject({
        code: ErrorCodes.DATABASE_FAILED,
        message: expect.stringContaining('"p2"'),
      });
      expect((await local.query('SELECT count(*)::int AS n FROM inpage_rec_items')).rows).toEqual([{ n: 0 }]);
    } finally {
      await local.close();
    }
  });
});
