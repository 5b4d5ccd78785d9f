/**
 * The artifact's head on a first visit (artifact-head.ts): the engine in Node with the fake encoder,
 * a catalog and an artifact served over HTTP on 127.0.0.1 by a server that answers byte ranges at
 * once and holds the whole file until the test lets it go, as a slow link would. The head's sign
 * vectors rank first, marked warming; the real vectors replace them, and only they are stored.
 */
import 'fake-indexeddb/auto';
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { IDBFactory } from 'fake-indexeddb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeVector } from '../../../test/helpers/fake-encoder.ts';
import { fakeEngine } from '../../../test/helpers/fake-engine.ts';
import { describeTextRule, quantize, writeArtifact } from '../../artifact/index.ts';
import { validateCatalog } from '../../catalog/index.ts';
import { openStore } from '../../storage/index.ts';
import type { CatalogItem } from '../../types/index.ts';
import type { EngineEvent } from '../protocol.ts';

const DIMS = 16;
const MODEL = 'fake-model';
const KEY = `${MODEL}:${DIMS}:q8`;
const KINDS = ['tent', 'stove', 'lamp'];
const catalog: CatalogItem[] = Array.from({ length: 30 }, (_, i) => ({
  id: `p${i}`,
  title: `${KINDS[i % 3]} ${i}`,
  category: KINDS[i % 3],
}));

/** The served files by path; the whole binary waits for `release` (or fails with `status`). */
const files = new Map<string, Uint8Array | string>();
let binaryPath = '';
let whole: { release: () => void; status: number } = { release: () => {}, status: 200 };
let held: Promise<void> = Promise.resolve();
const ranges: string[] = [];
let base = '';
let closeServer: () => Promise<void> = async () => {};

function answer(req: IncomingMessage, res: ServerResponse): void {
  const path = new URL(req.url ?? '/', 'http://x').pathname;
  const body = files.get(path);
  if (body === undefined) return void res.writeHead(404).end();
  const bytes = typeof body === 'string' ? Buffer.from(body) : Buffer.from(body);
  const range = /^bytes=(\d+)-(\d+)$/.exec(req.headers.range ?? '');
  if (range) {
    ranges.push(`${path} ${range[0]}`);
    const [from, to] = [Number(range[1]), Number(range[2])];
    res.writeHead(206, { 'content-range': `bytes ${from}-${to}/${bytes.byteLength}` }).end(bytes.subarray(from, to + 1));
    return;
  }
  if (path !== binaryPath) return void res.writeHead(200).end(bytes);
  void held.then(() => (whole.status === 200 ? res.writeHead(200).end(bytes) : res.writeHead(whole.status).end()));
}

beforeAll(async () => {
  const server = createServer(answer);
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const address = server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  closeServer = () => new Promise((ok) => server.close(() => ok()));
  const body = JSON.stringify(catalog);
  files.set('/catalog.json', body);
  const { entries } = await validateCatalog(catalog, { modelKey: KEY });
  const written = await writeArtifact({
    model: { id: MODEL, dtype: 'q8', dims: DIMS, key: KEY, file: 'onnx/model.onnx', sha256: '0'.repeat(64) },
    textRule: await describeTextRule(),
    generator: 'test',
    catalog: { sha256: createHash('sha256').update(body).digest('hex'), bytes: Buffer.byteLength(body) },
    items: entries.map((e) => ({ key: e.key, hash: e.hash, ...quantize(fakeVector(e.text, DIMS)) })),
  });
  files.set('/manifest.json', written.manifestText);
  binaryPath = `/${written.binaryName}`;
  files.set(binaryPath, written.binary);
});
afterAll(() => closeServer());

/** Holds the whole binary until the returned function is called; it then answers `status`. */
function holdWhole(status: number): () => void {
  let release = () => {};
  held = new Promise((ok) => {
    release = ok;
  });
  whole = { release, status };
  return release;
}

/** A first visit whose artifact head is used whatever its size (`headMinBytes: 0`). */
async function visit(factory: IDBFactory) {
  const { engine, embedded } = await fakeEngine(factory, MODEL, DIMS, 'shop', { headMinBytes: 0 });
  const events: EngineEvent[] = [];
  const config = { catalog: `${base}/catalog.json`, namespace: 'shop', model: MODEL, dtype: 'q8', device: 'wasm', index: 'auto' } as const;
  const ready = engine.init(
    { ...config, assetsBase: `${base}/`, batchSize: 8, allowRemoteModels: false, stallTimeoutMs: 15_000, vectors: `${base}/manifest.json` },
    (e) => events.push(e),
  );
  return { engine, events, ready, embedded };
}

async function storedHashes(factory: IDBFactory): Promise<string[]> {
  const store = await openStore('shop', { indexedDB: factory });
  const { hashes } = await store.loadVectors(KEY);
  store.close();
  return hashes;
}

describe('the artifact head on a first visit', () => {
  it('ranks by sign vectors (warming) while the whole file is held, then by the real ones; only they are stored', async () => {
    const release = holdWhole(200);
    ranges.length = 0;
    const factory = new IDBFactory();
    const v = await visit(factory);
    const early = await v.engine.similar('p0', { k: 3 });
    // Answered from vectors (no keyword fallback needs shared words) and marked warming.
    expect(early).toHaveLength(3);
    expect(early.every((r) => r.warming)).toBe(true);
    expect(ranges.map((r) => r.split(' ')[0])).toEqual([binaryPath, binaryPath, binaryPath]);
    expect((await v.engine.status()).fromArtifact).toBe(0);
    expect(await storedHashes(factory)).toEqual([]);

    release();
    const status = await v.ready;
    expect(status).toMatchObject({ phase: 'ready', items: 30, indexed: 30, fromArtifact: 30, embedded: 0 });
    expect(v.events.some((e) => e.type === 'refresh' && e.reason === 'vectors')).toBe(true);
    const late = await v.engine.similar('p0', { k: 3 });
    expect(late.every((r) => !r.warming && r.item.category === 'tent')).toBe(true);
    const { entries } = await validateCatalog(catalog, { modelKey: KEY });
    expect((await storedHashes(factory)).sort()).toEqual(entries.map((e) => e.hash).sort());
    expect(v.embedded().filter((t) => t.startsWith('tent 3'))).toEqual([]);
    await v.engine.destroy();
  });

  it('a whole file that fails after the head: the sign vectors go, the page embeds, nothing of the artifact is stored', async () => {
    const release = holdWhole(500);
    const factory = new IDBFactory();
    const v = await visit(factory);
    expect((await v.engine.similar('p0', { k: 3 })).every((r) => r.warming)).toBe(true);
    release();
    const status = await v.ready;
    expect(status).toMatchObject({ phase: 'ready', items: 30, indexed: 30, fromArtifact: 0, embedded: 30 });
    expect(v.events.find((e) => e.type === 'error')).toMatchObject({ code: 'ARTIFACT_INVALID' });
    const { entries } = await validateCatalog(catalog, { modelKey: KEY });
    // What is stored is what the page embedded, one vector per item (the fake encoder's).
    expect((await storedHashes(factory)).sort()).toEqual(entries.map((e) => e.hash).sort());
    expect(v.embedded()).toHaveLength(30);
    await v.engine.destroy();
  });

  it('without headMinBytes, a small artifact is fetched whole: no range, first answers already final', async () => {
    holdWhole(200);
    whole.release();
    ranges.length = 0;
    const factory = new IDBFactory();
    const { engine } = await fakeEngine(factory, MODEL, DIMS);
    const config = {
      catalog: `${base}/catalog.json`,
      namespace: 'shop',
      model: MODEL,
      dtype: 'q8',
      device: 'wasm',
      index: 'auto',
    } as const;
    const ready = engine.init(
      {
        ...config,
        assetsBase: `${base}/`,
        batchSize: 8,
        allowRemoteModels: false,
        stallTimeoutMs: 15_000,
        vectors: `${base}/manifest.json`,
      },
      () => {},
    );
    expect((await engine.similar('p0', { k: 3 })).every((r) => !r.warming)).toBe(true);
    await ready;
    expect(ranges).toEqual([]);
    await engine.destroy();
  });
});
