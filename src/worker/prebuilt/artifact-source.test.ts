/**
 * Prebuilt vectors through the engine in Node: a real artifact (src/artifact's writer) served over
 * HTTP on 127.0.0.1, the engine on fake-indexeddb with the deterministic fake encoder.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FileServer, startFileServer } from '../../../test/helpers/file-server.ts';
import { items, MODEL, publish as publishWith, settledCheck, start as startWith, until } from '../../../test/helpers/prebuilt-fixture.ts';
import { integrityOf } from '../../digest/integrity.ts';
import { ErrorCodes } from '../../errors.ts';
import type { Interaction } from '../../signals/index.ts';
import type { CatalogItem } from '../../types/index.ts';
import type { EngineConfig } from '../protocol.ts';

/** Files served by the test server, by path. */
let server: FileServer;
let files: FileServer['files'];

beforeAll(async () => {
  server = await startFileServer();
  files = server.files;
});
afterAll(() => server.close());

const publish = (dir: string, catalog: CatalogItem[], model = MODEL, interactions?: Interaction[]) =>
  publishWith(server, dir, catalog, { model, ...(interactions ? { interactions } : {}) });
const start = (factory: IDBFactory, catalog: CatalogItem[], vectors: string, extra: Partial<EngineConfig> = {}) =>
  startWith(server, factory, catalog, vectors, extra);

describe('prebuilt vectors', () => {
  it('a first visit covered by the artifact embeds nothing and never loads the encoder; it reports download progress', async () => {
    const catalog = items(30);
    const url = await publish('full', catalog);
    const v = await start(new IDBFactory(), catalog, url);
    const status = await v.ready;
    expect(status).toMatchObject({ phase: 'ready', items: 30, indexed: 30, fromArtifact: 30, embedded: 0, encoderRuns: 0 });
    expect(v.encoders).toHaveLength(0);
    expect(v.events.some((e) => e.type === 'progress' && e.unit === 'bytes' && e.done > 0)).toBe(true);
    // Covered: no warning about the artifact's coverage.
    expect(v.events.filter((e) => e.type === 'warning')).toEqual([]);
    const similar = await v.engine.similar('p0', { k: 3 });
    expect(similar.every((r) => !r.warming && r.item.category === 'tent')).toBe(true);
    // The first search answers lexically (marked) and starts loading the encoder; then it ranks by vectors.
    const first = await v.engine.search('tent', { k: 3 });
    expect(first.every((r) => r.warming)).toBe(true);
    await until(() => v.events.some((e) => e.type === 'refresh' && e.reason === 'model'));
    expect(v.encoders).toHaveLength(1);
    expect((await v.engine.search('tent', { k: 3 })).every((r) => !r.warming)).toBe(true);
  });

  it('lets go of the artifact once its vectors are stored: a later update() with more of its items fetches it again', async () => {
    const all = items(30);
    const url = await publish('released', all);
    const v = await start(new IDBFactory(), all.slice(0, 20), url);
    expect(await v.ready).toMatchObject({ indexed: 20, fromArtifact: 20, embedded: 0 });
    const binaries = () => server.requests.filter((r) => r.includes('/released/') && r.endsWith('.bin')).length;
    const fetched = binaries();
    expect(fetched).toBeGreaterThan(0);
    await v.engine.update(all);
    // Held until the page view ended, the first download would have served these 10 items too.
    expect(binaries()).toBeGreaterThan(fetched);
    expect(await v.engine.status()).toMatchObject({ indexed: 30, fromArtifact: 30, embedded: 0 });
    expect(v.events.filter((e) => e.type === 'warning' || e.type === 'error')).toEqual([]);
  });

  it('items changed after the build are embedded in the browser, exactly those', async () => {
    const url = await publish('changed', items(30));
    const catalog = items(30);
    catalog[4]!.title = 'a rewritten stove';
    catalog[7]!.title = 'a rewritten lamp';
    catalog.push({ id: 'new-1', title: 'a brand new tent', category: 'tent' });
    const v = await start(new IDBFactory(), catalog, url);
    expect(await v.ready).toMatchObject({ indexed: 31, fromArtifact: 28, embedded: 3 });
    const changed = ['a brand new tent. tent', 'a rewritten lamp. stove', 'a rewritten stove. stove'];
    // The encoder, loaded for those 3, also checks a sample of the adopted items (sample-check.ts):
    // their texts are embedded to compare, not to become vectors.
    expect(await settledCheck(v.engine)).toBe('verified');
    const checked = v.embedded().filter((t) => !changed.includes(t));
    expect(
      v
        .embedded()
        .filter((t) => changed.includes(t))
        .sort(),
    ).toEqual(changed.sort());
    expect(checked.length).toBeLessThanOrEqual(16);
    expect(checked.every((t) => /^(tent|stove|lamp) \d+\. (tent|stove|lamp)$/.test(t))).toBe(true);
  });

  it('an artifact of another catalog: a warning with the counts, and the catalog is embedded', async () => {
    const other = items(30).map((item, i) => ({ ...item, id: `q${i}` }));
    // 10 items as built, 20 whose text changed since the build: 10 of 30 covered.
    const url = await publish('other-catalog', [...other.slice(0, 10), ...items(30).slice(10)]);
    const catalog = items(30).map((item, i) => (i < 10 ? item : { ...item, title: `${item.title} (edited)` }));
    const v = await start(new IDBFactory(), [...catalog.slice(10), ...other.slice(0, 10)], url);
    expect(await v.ready).toMatchObject({ indexed: 30, fromArtifact: 10, embedded: 20 });
    expect(v.events).toContainEqual({
      type: 'warning',
      code: ErrorCodes.ARTIFACT_MISMATCH,
      message: `the prebuilt vectors at ${url} cover 10 of 30 catalog items (0 ids are not in them, 20 items changed since the build); the other 20 are embedded in the browser: rebuild the vectors from this catalog`,
    });
    const unrelated = await start(new IDBFactory(), items(30), await publish('unrelated', other));
    expect(await unrelated.ready).toMatchObject({ fromArtifact: 0, embedded: 30 });
    expect(unrelated.events).toContainEqual(
      expect.objectContaining({
        code: ErrorCodes.ARTIFACT_MISMATCH,
        message: expect.stringContaining('cover 0 of 30 catalog items (30 ids are not in them'),
      }),
    );
  });

  it('a page that pins the build (vectorsIntegrity) uses it only when the manifest matches', async () => {
    const catalog = items(20);
    const url = await publish('pinned', catalog);
    const pin = await integrityOf(new TextEncoder().encode(files.get('/pinned/manifest.json') as string));
    const right = await start(new IDBFactory(), catalog, url, { vectorsIntegrity: pin });
    expect(await right.ready).toMatchObject({ fromArtifact: 20, embedded: 0 });
    // Another build at the same URL (a forged or unexpected one): refused, the page embeds.
    await publish('pinned', items(21));
    const wrong = await start(new IDBFactory(), catalog, url, { vectorsIntegrity: pin });
    expect(await wrong.ready).toMatchObject({ fromArtifact: 0, embedded: 20 });
    expect(wrong.events).toContainEqual(
      expect.objectContaining({
        type: 'error',
        code: ErrorCodes.ARTIFACT_INVALID,
        message: expect.stringContaining(`the page pins ${pin} (vectorsIntegrity)`),
      }),
    );
  });

  it('an artifact of another model is ignored with a warning, and the catalog is embedded', async () => {
    const catalog = items(20);
    const url = await publish('other-model', catalog, 'another-model');
    const v = await start(new IDBFactory(), catalog, url);
    expect(await v.ready).toMatchObject({ indexed: 20, fromArtifact: 0, embedded: 20 });
    expect(v.events).toContainEqual(expect.objectContaining({ type: 'warning', code: ErrorCodes.ARTIFACT_MISMATCH }));
  });

  it('a corrupt artifact is an error event and the fallback; nothing of it is stored', async () => {
    const catalog = items(20);
    const url = await publish('corrupt', catalog);
    const name = [...files.keys()].find((k) => k.startsWith('/corrupt/vectors-'))!;
    const bytes = new Uint8Array(files.get(name) as Uint8Array);
    bytes[bytes.length - 5]! ^= 0xff;
    files.set(name, bytes);
    const factory = new IDBFactory();
    const v = await start(factory, catalog, url);
    expect(await v.ready).toMatchObject({ indexed: 20, fromArtifact: 0, embedded: 20 });
    expect(v.events).toContainEqual(
      expect.objectContaining({ type: 'error', code: ErrorCodes.ARTIFACT_INVALID, message: expect.stringContaining('corrupt') }),
    );
  });

  it('a return visit reads IndexedDB and does not fetch the artifact again', async () => {
    const catalog = items(30);
    const url = await publish('return', catalog);
    const factory = new IDBFactory();
    await (await start(factory, catalog, url)).ready;
    // A second download would now fail loudly; the site signals' check of the manifest (a 404 here) is quiet.
    files.delete('/return/manifest.json');
    const again = await start(factory, catalog, url);
    expect(await again.ready).toMatchObject({ indexed: 30, fromCache: 30, fromArtifact: 0, embedded: 0 });
    expect(again.events.some((e) => e.type === 'error')).toBe(false);
  });

  it('site signals in the artifact: complements are "bought together" items, kept for return visits', async () => {
    const catalog = items(30);
    // Sessions in which a tent (p0) was bought with two stoves and a lamp, twice each (min support 2).
    const sessions = [
      ['p0', 'p1', 'p2'],
      ['p0', 'p1', 'p2'],
      ['p0', 'p4'],
      ['p0', 'p4'],
    ];
    const interactions = sessions.flatMap((s, i) => s.map((item) => ({ session: `s${i}`, item })));
    const url = await publish('signals', catalog, MODEL, interactions);
    const factory = new IDBFactory();
    const v = await start(factory, catalog, url);
    await v.ready;
    const together = await v.engine.complements('p0', { k: 5 });
    expect(together.slice(0, 3).map((r) => r.basis)).toEqual(['signals', 'signals', 'signals']);
    expect(new Set(together.slice(0, 3).map((r) => r.id))).toEqual(new Set(['p1', 'p2', 'p4']));
    expect(together.slice(3).every((r) => r.basis === 'content')).toBe(true);
    // An item nobody bought with anything: content-only complements, marked so.
    expect((await v.engine.complements('p7', { k: 3 })).every((r) => r.basis === 'content')).toBe(true);
    await v.engine.destroy();
    files.delete('/signals/manifest.json');
    const again = await start(factory, catalog, url);
    expect(await again.ready).toMatchObject({ fromCache: 30, fromArtifact: 0 });
    expect((await again.engine.complements('p0', { k: 3 })).map((r) => r.basis)).toEqual(['signals', 'signals', 'signals']);
  });

  it('without signals, complements fall back to content and say so; diversity and minScore are checked', async () => {
    const catalog = items(30);
    const v = await start(new IDBFactory(), catalog, await publish('no-signals', catalog));
    await v.ready;
    const c = await v.engine.complements('p0', { k: 4 });
    expect(c).toHaveLength(4);
    // Content fill-ins, never what "similar" shows for the same item (issue 27).
    const similarIds = new Set((await v.engine.similar('p0')).map((r) => r.id));
    expect(c.every((r) => r.basis === 'content' && !similarIds.has(r.id))).toBe(true);
    await expect(v.engine.similar('p0', { diversity: 2 })).rejects.toMatchObject({ code: ErrorCodes.INVALID_OPTION });
    await expect(v.engine.forYou({ minScore: -0.1 })).rejects.toMatchObject({ code: ErrorCodes.INVALID_OPTION });
    // A cut-off at the very top of the random-pair scale keeps only near duplicates (here: none of another category).
    const strict = await v.engine.similar('p0', { k: 10, minScore: 0.999 });
    expect(strict.length).toBeLessThan(10);
    expect(strict.every((r) => r.item.category === 'tent')).toBe(true);
  });
});
