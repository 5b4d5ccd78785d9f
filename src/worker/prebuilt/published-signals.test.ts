/**
 * Site signals follow the published artifact (published-signals.ts), through the engine in Node:
 * fake-indexeddb, the fake encoder, and a fake origin (the global `fetch` stubbed) that serves
 * artifacts written by src/artifact's writer, honours `Range` unless told not to, and records
 * every request.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeVector } from '../../../test/helpers/fake-encoder.ts';
import { engineConfig, fakeEngine } from '../../../test/helpers/fake-engine.ts';
import { describeTextRule, quantize, sortKeys, writeArtifact } from '../../artifact/index.ts';
import { validateCatalog } from '../../catalog/index.ts';
import { encodeSignals, exactSignals } from '../../signals/index.ts';
import { openStore } from '../../storage/index.ts';
import type { CatalogItem } from '../../types/index.ts';
import type { EngineEvent } from '../protocol.ts';

const DIMS = 16;
const MODEL = 'fake-model';
const ORIGIN = 'https://shop.test';
const MANIFEST = `${ORIGIN}/v/manifest.json`;

const items = (n: number): CatalogItem[] =>
  Array.from({ length: n }, (_, i) => ({
    id: `p${i}`,
    title: `${['tent', 'stove', 'lamp'][i % 3]} ${i}`,
    category: ['tent', 'stove', 'lamp'][i % 3],
  }));

/** The fake origin: bodies by URL; `ranges` false answers every request with the whole file. */
let files: Map<string, Uint8Array | string>;
let requests: string[];
let ranges: boolean;
let offline: boolean;

beforeEach(() => {
  files = new Map();
  requests = [];
  ranges = true;
  offline = false;
  vi.stubGlobal('fetch', async (input: string, init?: RequestInit) => {
    const range = new Headers(init?.headers).get('range');
    requests.push(range ? `${input} ${range}` : input);
    if (offline) throw new TypeError('Failed to fetch');
    const body = files.get(input);
    if (body === undefined) return new Response('not found', { status: 404 });
    const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : new Uint8Array(body);
    const m = range && ranges ? /^bytes=(\d+)-(\d+)$/.exec(range) : null;
    if (!m) return new Response(bytes, { status: 200 });
    return new Response(bytes.slice(Number(m[1]), Number(m[2]) + 1), { status: 206 });
  });
});
afterEach(() => {
  vi.unstubAllGlobals();
});

/** Publishes an artifact for `catalog` at MANIFEST, with signals from `orders` (each bought twice) when given. */
async function publish(catalog: CatalogItem[], orders?: string[][]): Promise<string> {
  const key = `${MODEL}:${DIMS}:q8`;
  const { entries } = await validateCatalog(catalog, { modelKey: key });
  const sessions = orders?.flatMap((o, i) => [o, o].flatMap((order, j) => order.map((item) => ({ session: `s${i}-${j}`, item }))));
  const written = await writeArtifact({
    model: { id: MODEL, dtype: 'q8', dims: DIMS, key, file: 'onnx/model.onnx', sha256: '0'.repeat(64) },
    textRule: await describeTextRule(),
    generator: 'test',
    items: entries.map((e) => ({ key: e.key, hash: e.hash, ...quantize(fakeVector(e.text, DIMS)) })),
    ...(sessions ? { sections: { signals: encodeSignals(exactSignals(sessions, sortKeys(entries.map((e) => e.key))).signals) } } : {}),
  });
  files.set(MANIFEST, written.manifestText);
  files.set(`${ORIGIN}/v/${written.binaryName}`, written.binary);
  return written.binaryName;
}

/** One page view on `factory`'s IndexedDB (`vectors` null: no artifact configured): ready, this visit's signals check done, its requests and events. */
async function visit(factory: IDBFactory, catalog: CatalogItem[], vectors: string | null = MANIFEST) {
  requests = [];
  const { engine } = await fakeEngine(factory, MODEL, DIMS);
  const events: EngineEvent[] = [];
  const status = await engine.init(engineConfig(MODEL, { catalog, ...(vectors ? { vectors } : {}) }), (e) => events.push(e));
  await engine.context!.prebuilt.revalidated;
  const together = async (id: string) => (await engine.complements(id, { k: 3 })).filter((r) => r.basis === 'signals').map((r) => r.id);
  await engine.destroy();
  return { engine, status, events, together, requests: [...requests] };
}

const binaryRequests = (list: string[]) => list.filter((r) => r.includes('.bin'));
const problems = (events: EngineEvent[]) => events.filter((e) => e.type === 'error' || e.type === 'warning');

describe('site signals follow the published artifact', () => {
  it('A: a rebuilt artifact with new signals reaches a return visitor whose vectors are all cached, by one section range', async () => {
    const catalog = items(30);
    await publish(catalog, [['p0', 'p1']]);
    const factory = new IDBFactory();
    const first = await visit(factory, catalog);
    expect(await first.together('p0')).toEqual(['p1']);
    // A first visit: the manifest once (shared by the check and the download), the binary once, no ranges.
    expect(first.requests).toEqual([MANIFEST, expect.stringMatching(/\/v\/vectors-[0-9a-f]{16}\.bin$/)]);

    const binary = await publish(catalog, [['p0', 'p5']]);
    const second = await visit(factory, catalog);
    expect(second.status).toMatchObject({ fromCache: 30, fromArtifact: 0, embedded: 0 });
    expect(await second.together('p0')).toEqual(['p5']);
    // The items are the same, so only the signals section is fetched, as a byte range.
    expect(second.requests).toEqual([MANIFEST, expect.stringMatching(new RegExp(`/v/${binary} bytes=\\d+-\\d+$`))]);
    expect(second.events).toContainEqual({ type: 'refresh', reason: 'catalog' });
    expect(problems(second.events)).toEqual([]);

    // Nothing changed since: the manifest is the only request, and the new signals were saved.
    const third = await visit(factory, catalog);
    expect(third.requests).toEqual([MANIFEST]);
    expect(await third.together('p0')).toEqual(['p5']);
    expect(third.events.some((e) => e.type === 'refresh' && e.reason === 'catalog')).toBe(false);
  });

  it('C: an artifact republished without signals withdraws them, with or without a download', async () => {
    const catalog = items(30);
    await publish(catalog, [['p0', 'p1']]);
    const factory = new IDBFactory();
    expect(await (await visit(factory, catalog)).together('p0')).toEqual(['p1']);
    // A new item makes the visit download the artifact, which has no signals any more.
    const bigger = [...catalog, { id: 'new-1', title: 'a brand new tent', category: 'tent' }];
    await publish(bigger);
    const second = await visit(factory, bigger);
    expect(second.status).toMatchObject({ fromArtifact: 1 });
    expect(await second.together('p0')).toEqual([]);
    expect((await visit(factory, bigger)).requests).toEqual([MANIFEST]);

    // Signals back, then withdrawn again on a visit with every vector cached: the manifest alone says so.
    await publish(bigger, [['p0', 'p2']]);
    expect(await (await visit(factory, bigger)).together('p0')).toEqual(['p2']);
    await publish(bigger);
    const withdrawn = await visit(factory, bigger);
    expect(withdrawn.requests).toEqual([MANIFEST]);
    expect(await withdrawn.together('p0')).toEqual([]);
    expect(await (await visit(factory, bigger)).together('p0')).toEqual([]);
  });

  it('a page with no artifact configured serves no saved signals, and requests nothing', async () => {
    const catalog = items(30);
    await publish(catalog, [['p0', 'p1']]);
    const factory = new IDBFactory();
    expect(await (await visit(factory, catalog)).together('p0')).toEqual(['p1']);
    const without = await visit(factory, catalog, null);
    expect(without.requests).toEqual([]);
    expect(await without.together('p0')).toEqual([]);
    // Configured again: the published signals come back by two ranges (keys, signals), not the whole binary.
    const again = await visit(factory, catalog);
    expect(await again.together('p0')).toEqual(['p1']);
    expect(binaryRequests(again.requests)).toEqual([expect.stringMatching(/ bytes=\d+-\d+$/), expect.stringMatching(/ bytes=\d+-\d+$/)]);
  });

  it('a manifest that cannot be fetched keeps the saved signals, quietly, and the next visit catches up', async () => {
    const catalog = items(30);
    await publish(catalog, [['p0', 'p1']]);
    const factory = new IDBFactory();
    await visit(factory, catalog);
    await publish(catalog, [['p0', 'p5']]);

    const manifest = files.get(MANIFEST)!;
    files.delete(MANIFEST);
    const missing = await visit(factory, catalog);
    expect(missing.requests).toEqual([MANIFEST]);
    expect(await missing.together('p0')).toEqual(['p1']);
    expect(problems(missing.events)).toEqual([]);

    offline = true;
    const off = await visit(factory, catalog);
    expect(off.requests).toEqual([MANIFEST]);
    expect(await off.together('p0')).toEqual(['p1']);
    expect(problems(off.events)).toEqual([]);

    offline = false;
    files.set(MANIFEST, manifest);
    expect(await (await visit(factory, catalog)).together('p0')).toEqual(['p5']);
  });

  it('items removed: the keys section is fetched with the signals; a server without Range gives the whole file once', async () => {
    const catalog = items(30);
    await publish(catalog, [['p0', 'p1']]);
    const factory = new IDBFactory();
    await visit(factory, catalog);
    // p1 and p2 leave the catalog: every index after them shifts, so the old keys would misread the rows.
    const smaller = catalog.filter((i) => i.id !== 'p1' && i.id !== 'p2');
    await publish(smaller, [['p0', 'p4']]);
    ranges = false;
    const second = await visit(factory, smaller);
    expect(second.status).toMatchObject({ fromArtifact: 0 });
    expect(await second.together('p0')).toEqual(['p4']);
    expect(binaryRequests(second.requests)).toHaveLength(1);

    ranges = true;
    await publish(smaller, [['p0', 'p7']]);
    const third = await visit(factory, smaller);
    expect(await third.together('p0')).toEqual(['p7']);
    expect(binaryRequests(third.requests)).toHaveLength(1);
  });

  it('a corrupt section is a warning and keeps the saved signals', async () => {
    const catalog = items(30);
    await publish(catalog, [['p0', 'p1']]);
    const factory = new IDBFactory();
    await visit(factory, catalog);
    const binary = await publish(catalog, [['p0', 'p5']]);
    const bytes = files.get(`${ORIGIN}/v/${binary}`) as Uint8Array;
    bytes[bytes.length - 3]! ^= 0xff; // the signals section is the last
    const second = await visit(factory, catalog);
    expect(await second.together('p0')).toEqual(['p1']);
    expect(problems(second.events)).toEqual([
      expect.objectContaining({ type: 'warning', message: expect.stringMatching(/signals could not be updated.*corrupt/) }),
    ]);
  });

  it('the same artifact moved to another URL: its saved signals are kept without a download; none are served from an unreachable one', async () => {
    const catalog = items(30);
    await publish(catalog, [['p0', 'p1']]);
    const factory = new IDBFactory();
    await visit(factory, catalog);
    for (const [url, body] of [...files]) files.set(url.replace('/v/', '/w/'), body);
    const moved = await visit(factory, catalog, `${ORIGIN}/w/manifest.json`);
    expect(moved.requests).toEqual([`${ORIGIN}/w/manifest.json`]);
    expect(await moved.together('p0')).toEqual(['p1']);
    const unreachable = await visit(factory, catalog, `${ORIGIN}/x/manifest.json`);
    expect(await unreachable.together('p0')).toEqual([]);
  });

  it('a return visitor without a saved record (an older release) gets the signals by range, not the whole binary, and a refresh', async () => {
    const catalog = items(30);
    await publish(catalog); // no signals: the older release saved no record
    const factory = new IDBFactory();
    expect((await visit(factory, catalog)).status).toMatchObject({ fromArtifact: 30 });
    const store = await openStore('shop', { indexedDB: factory });
    await store.setSetting(`signals:${MODEL}:${DIMS}:q8`, undefined);
    store.close();
    await publish(catalog, [['p0', 'p1']]); // the upgrade deploy adds --interactions
    const second = await visit(factory, catalog);
    expect(second.status).toMatchObject({ fromCache: 30, fromArtifact: 0 });
    expect(binaryRequests(second.requests).every((r) => r.includes(' bytes='))).toBe(true);
    expect(binaryRequests(second.requests)).toHaveLength(2); // keys and signals
    expect(second.events.filter((e) => e.type === 'refresh')).toHaveLength(1);
    expect(await second.together('p0')).toEqual(['p1']);
  });

  it('a catalog update later in the page view downloads the artifact published then, not the one named at page load', async () => {
    const catalog = items(30);
    const oldBinary = await publish(catalog, [['p0', 'p1']]);
    const factory = new IDBFactory();
    await visit(factory, catalog);
    const { engine } = await fakeEngine(factory, MODEL, DIMS);
    const events: EngineEvent[] = [];
    await engine.init(engineConfig(MODEL, { catalog, vectors: MANIFEST }), (e) => events.push(e));
    await engine.context!.prebuilt.revalidated;
    // The site rebuilds with a new item; its CLI deletes the old binary.
    const bigger = [...catalog, { id: 'new-1', title: 'a brand new tent', category: 'tent' }];
    await publish(bigger, [['p0', 'p1']]);
    files.delete(`${ORIGIN}/v/${oldBinary}`);
    await engine.update(bigger);
    const status = await engine.status();
    await engine.destroy();
    expect(problems(events)).toEqual([]);
    expect(status.fromArtifact).toBe(1);
  });
});
