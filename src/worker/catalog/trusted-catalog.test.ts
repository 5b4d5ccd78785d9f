/**
 * The first-visit fast path (trusted-catalog.ts): content hashes taken from an artifact built from
 * the same catalog bytes, checked after the first answers. Unit tests of the entries and the check,
 * then the engine in Node with a catalog and artifacts served over HTTP on 127.0.0.1.
 */
import 'fake-indexeddb/auto';
import { createHash } from 'node:crypto';
import { IDBFactory } from 'fake-indexeddb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeVector } from '../../../test/helpers/fake-encoder.ts';
import { fakeEngine } from '../../../test/helpers/fake-engine.ts';
import { type FileServer, startFileServer } from '../../../test/helpers/file-server.ts';
import { settledCheck } from '../../../test/helpers/prebuilt-fixture.ts';
import { describeTextRule, quantize, writeArtifact } from '../../artifact/index.ts';
import { type CatalogEntry, resolveTextRule, validateCatalog } from '../../catalog/index.ts';
import { openStore } from '../../storage/index.ts';
import type { CatalogItem, TextRule } from '../../types/index.ts';
import { SAMPLE_SIZE } from '../prebuilt/sample-check.ts';
import type { EngineEvent } from '../protocol.ts';
import { trustedEntries } from './trusted-catalog.ts';

const DIMS = 16;
const MODEL = 'fake-model';
const KEY = `${MODEL}:${DIMS}:q8`;
const items = (n: number): CatalogItem[] =>
  Array.from({ length: n }, (_, i) => ({
    id: `p${i}`,
    title: `${['tent', 'stove', 'lamp'][i % 3]} ${i}`,
    category: ['tent', 'stove', 'lamp'][i % 3],
  }));
const plain = (entries: readonly CatalogEntry[]) => entries.map((e) => ({ key: e.key, item: e.item, text: e.text, hash: e.hash }));
const hashesOf = (entries: readonly CatalogEntry[]) => new Map(entries.map((e) => [e.key, e.hash]));

describe('trusted catalog entries', () => {
  // Bad records, a duplicate id, a field of the wrong type and an item without text: the report must match validation's.
  const messy: unknown[] = [
    { id: 'a', title: 'Tent' },
    'junk',
    { id: 'b', title: 7, tags: ['x'] },
    { id: 'a', title: 'dup' },
    { id: 'c', price: 3 },
    { title: 'no id' },
  ];

  it('with the hashes validation gives, the check finds nothing stale and rebuilds exactly what validateCatalog gives', async () => {
    const validated = await validateCatalog(messy, { modelKey: KEY });
    const trusted = await trustedEntries(messy, hashesOf(validated.entries), resolveTextRule(), KEY);
    expect(plain(trusted.entries)).toEqual(plain(validated.entries));
    const verified = await trusted.verify();
    expect(verified.stale).toEqual([]);
    expect(verified.entries).toEqual(validated.entries);
    expect(verified.report).toEqual(validated.report);
  });

  it('an artifact hash that differs from the real one is found stale; the entry reads its real text before the check', async () => {
    const validated = await validateCatalog(messy, { modelKey: KEY });
    const hashes = hashesOf(validated.entries);
    hashes.set('b', '0'.repeat(32));
    const trusted = await trustedEntries(messy, hashes, resolveTextRule(), KEY);
    expect(trusted.entries.find((e) => e.key === 'b')).toMatchObject({ hash: '0'.repeat(32), text: 'x' });
    const verified = await trusted.verify();
    expect(verified.stale).toEqual([validated.entries.find((e) => e.key === 'b')]);
    expect(verified.entries).toEqual(validated.entries);
  });

  it('a write the check leaves room for changes nothing it finds, whether it ends, fails or never ends', async () => {
    const many = Array.from({ length: 1200 }, (_, i) => ({ id: `m${i}`, title: `Item ${i}`, description: `thing ${i % 7}` }));
    const validated = await validateCatalog(many, { modelKey: KEY });
    const trusted = await trustedEntries(many, hashesOf(validated.entries), resolveTextRule(), KEY);
    let endWrite: () => void = () => undefined;
    const ending = new Promise<void>((ok) => {
      endWrite = ok;
    });
    setTimeout(endWrite, 5);
    const failed = Promise.reject(new Error('quota'));
    failed.catch(() => undefined);
    for (const writing of [ending, failed, new Promise<void>(() => undefined)]) {
      const verified = await trusted.verify(undefined, writing);
      expect(verified.stale).toEqual([]);
      expect(verified.entries).toEqual(validated.entries);
    }
  });

  it('items the artifact lacks get their real text and hash at once', async () => {
    const validated = await validateCatalog(messy, { modelKey: KEY });
    const hashes = hashesOf(validated.entries);
    hashes.delete('a');
    const trusted = await trustedEntries(messy, hashes, resolveTextRule(), KEY);
    expect(trusted.entries[0]).toEqual(validated.entries[0]);
    expect((await trusted.verify()).stale).toEqual([]);
  });
});

/** Files served by the test server, by path. */
let server: FileServer;
let files: FileServer['files'];
let base = '';

beforeAll(async () => {
  server = await startFileServer('application/json');
  files = server.files;
  base = server.base;
});
afterAll(() => server.close());

/**
 * Serves `catalog` as JSON at `/<dir>/catalog.json` and an artifact for it at `/<dir>/manifest.json`,
 * with the catalog digest `digestOf` bytes (none when undefined). Item `stale` gets, in the artifact,
 * the hash and vector of another text: what a builder whose text rule differed would have written.
 */
async function publish(dir: string, catalog: CatalogItem[], opts: { digestOf?: string; stale?: string }) {
  const body = JSON.stringify(catalog);
  files.set(`/${dir}/catalog.json`, body);
  const { entries } = await validateCatalog(catalog, { modelKey: KEY });
  const other = (await validateCatalog([{ id: 'x', title: 'an old text of another kind' }], { modelKey: KEY })).entries[0]!;
  const written = await writeArtifact({
    model: { id: MODEL, dtype: 'q8', dims: DIMS, key: KEY, file: 'onnx/model.onnx', sha256: '0'.repeat(64) },
    textRule: await describeTextRule(),
    generator: 'test',
    ...(opts.digestOf === undefined
      ? {}
      : { catalog: { sha256: createHash('sha256').update(opts.digestOf).digest('hex'), bytes: Buffer.byteLength(opts.digestOf) } }),
    items: entries.map((e) => {
      const source = e.key === opts.stale ? other : e;
      return { key: e.key, hash: source.hash, ...quantize(fakeVector(source.text, DIMS)) };
    }),
  });
  files.set(`/${dir}/manifest.json`, written.manifestText);
  files.set(`/${dir}/${written.binaryName}`, written.binary);
  return { catalog: `${base}/${dir}/catalog.json`, vectors: `${base}/${dir}/manifest.json`, body };
}

async function start(factory: IDBFactory, catalog: string, vectors: string, textRule?: TextRule) {
  const { engine, embedded } = await fakeEngine(factory, MODEL, DIMS);
  const order: string[] = [];
  const events: EngineEvent[] = [];
  const config = { catalog, namespace: 'shop', model: MODEL, dtype: 'q8', device: 'wasm', assetsBase: `${base}/`, index: 'auto' } as const;
  const ready = engine.init(
    { ...config, batchSize: 8, allowRemoteModels: false, stallTimeoutMs: 15_000, vectors, ...(textRule ? { textRule } : {}) },
    (e) => {
      events.push(e);
      if (e.type === 'report') order.push('report');
    },
  );
  // The page's first question, asked at once: it waits for the vectors.
  const first = engine.similar('p0', { k: 3 }).then((r) => {
    order.push('first answer');
    return r;
  });
  return { engine, events, ready, first, order, embedded };
}

/** Content hashes of the vectors stored for the fake model. */
async function storedHashes(factory: IDBFactory): Promise<string[]> {
  const store = await openStore('shop', { indexedDB: factory });
  const { hashes } = await store.loadVectors(KEY);
  store.close();
  return hashes;
}

/**
 * The texts embedded to become vectors: once the encoder is loaded, the sample check of the
 * adopted vectors (sample-check.ts) embeds up to SAMPLE_SIZE adopted items' texts in one call too.
 */
function catalogEmbeds(embedded: string[], check: string | undefined): string[] {
  expect(check).toBe('verified');
  const catalog = embedded.filter((t) => t === 'tent 3. tent');
  expect(embedded.length - catalog.length).toBeLessThanOrEqual(SAMPLE_SIZE);
  return catalog;
}

describe('first visit with a catalog digest in the manifest', () => {
  it('matching bytes: adopts by key, answers by vectors before the check, then the check replaces a stale vector', async () => {
    const catalog = items(30);
    const served = await publish('match', catalog, { digestOf: JSON.stringify(catalog), stale: 'p3' });
    const factory = new IDBFactory();
    const v = await start(factory, served.catalog, served.vectors);
    const first = await v.first;
    expect(first.every((r) => !r.warming && r.item.category === 'tent')).toBe(true);
    // All 30 were adopted on trust; the check found p3's hash wrong and embedded its real text.
    expect(await v.ready).toMatchObject({ phase: 'ready', items: 30, indexed: 30, fromArtifact: 30, embedded: 1 });
    expect(v.order).toEqual(['first answer', 'report']);
    expect(catalogEmbeds(v.embedded(), await settledCheck(v.engine))).toEqual(['tent 3. tent']);
    const { entries } = await validateCatalog(catalog, { modelKey: KEY });
    expect((await storedHashes(factory)).sort()).toEqual(entries.map((e) => e.hash).sort());
    // p3's vector is now the one of its real text, and p3 ranks by vectors again.
    const real = entries.find((e) => e.key === 'p3')!;
    const store = await openStore('shop', { indexedDB: factory });
    const stored = await store.loadVectors(KEY);
    store.close();
    const row = stored.hashes.indexOf(real.hash);
    expect([...stored.vectors.subarray(row * DIMS, (row + 1) * DIMS)]).toEqual([...fakeVector(real.text, DIMS)]);
    expect((await v.engine.similar('p3', { k: 3 })).every((r) => !r.warming)).toBe(true);
  });

  it('other bytes: the ordinary path, so the item whose hash differs is never adopted', async () => {
    const catalog = items(30);
    const served = await publish('mismatch', catalog, { digestOf: `${JSON.stringify(catalog)} `, stale: 'p3' });
    const v = await start(new IDBFactory(), served.catalog, served.vectors);
    expect(await v.ready).toMatchObject({ items: 30, indexed: 30, fromArtifact: 29, embedded: 1 });
    expect(v.order).toEqual(['report', 'first answer']);
    expect(catalogEmbeds(v.embedded(), await settledCheck(v.engine))).toEqual(['tent 3. tent']);
  });

  it('an artifact without a digest (older builds), or of another text rule, takes the ordinary path', async () => {
    const catalog = items(30);
    const old = await publish('no-digest', catalog, { stale: 'p3' });
    const v = await start(new IDBFactory(), old.catalog, old.vectors);
    expect(await v.ready).toMatchObject({ fromArtifact: 29, embedded: 1 });
    expect(v.order).toEqual(['report', 'first answer']);
    const ruled = await publish('other-rule', catalog, { digestOf: JSON.stringify(catalog) });
    const w = await start(new IDBFactory(), ruled.catalog, ruled.vectors, { fields: ['title', 'category'], flattenOthers: false });
    await w.ready;
    expect(w.order).toEqual(['report', 'first answer']);
    expect(w.events).toContainEqual(expect.objectContaining({ type: 'warning', code: 'ARTIFACT_MISMATCH' }));
  });
});
