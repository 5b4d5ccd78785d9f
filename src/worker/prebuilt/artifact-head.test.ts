/**
 * The artifact's head on a first visit (artifact-head.ts): the engine in Node with the fake encoder,
 * a catalog and an artifact served over HTTP on 127.0.0.1 by a server that answers the head's byte
 * ranges at once and holds the rest until the test lets it go, as a slow link would. The head's
 * sign vectors rank first, marked warming; the real vectors replace them, and only they are stored.
 */
import 'fake-indexeddb/auto';
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { IDBFactory } from 'fake-indexeddb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeVector } from '../../../test/helpers/fake-encoder.ts';
import { fakeEngine } from '../../../test/helpers/fake-engine.ts';
import { listenLocal } from '../../../test/helpers/file-server.ts';
import { describeTextRule, quantize, writeArtifact } from '../../artifact/index.ts';
import { validateCatalog } from '../../catalog/index.ts';
import { openStore } from '../../storage/index.ts';
import type { CatalogItem } from '../../types/index.ts';
import type { EngineEvent } from '../protocol.ts';

const DIMS = 16;
const MODEL = 'fake-model';
const KEY = `${MODEL}:${DIMS}:q8`;
const KINDS = ['tent', 'stove', 'lamp'];
/** The head's sections (a 30-item catalog gets no index state). */
const HEAD = ['keys', 'coarse', 'high', 'hashes'];
const catalog: CatalogItem[] = Array.from({ length: 30 }, (_, i) => ({
  id: `p${i}`,
  title: `${KINDS[i % 3]} ${i}`,
  category: KINDS[i % 3],
}));

/**
 * The served files by path. Byte ranges of the head's sections are answered at once; any other
 * request for the binary (the rest's ranges, or the whole file) waits for `release`, then answers
 * with `status`.
 */
const files = new Map<string, Uint8Array | string>();
let binaryPath = '';
let headStarts = new Set<number>();
let sectionAt = new Map<number, string>();
let whole: { release: () => void; status: number } = { release: () => {}, status: 200 };
let held: Promise<void> = Promise.resolve();
/** What the head's ranges answer. */
let headStatus = 200;
/** The binary's requests: a section's name for a range, `whole` for the whole file. */
const requests: string[] = [];
let base = '';
let closeServer: () => Promise<void> = async () => {};

function answer(req: IncomingMessage, res: ServerResponse): void {
  const path = new URL(req.url ?? '/', 'http://x').pathname;
  const body = files.get(path);
  if (body === undefined) return void res.writeHead(404).end();
  const bytes = typeof body === 'string' ? Buffer.from(body) : Buffer.from(body);
  if (path !== binaryPath) return void res.writeHead(200).end(bytes);
  const range = /^bytes=(\d+)-(\d+)$/.exec(req.headers.range ?? '');
  const [from, to] = range ? [Number(range[1]), Number(range[2])] : [0, bytes.byteLength - 1];
  requests.push(range ? (sectionAt.get(from) ?? `bytes ${from}`) : 'whole');
  const send = (status: number) => {
    if (status !== 200) return void res.writeHead(status).end();
    if (!range) return void res.writeHead(200).end(bytes);
    res.writeHead(206, { 'content-range': `bytes ${from}-${to}/${bytes.byteLength}` }).end(bytes.subarray(from, to + 1));
  };
  if (range && headStarts.has(from)) send(headStatus);
  else void held.then(() => send(whole.status));
}

beforeAll(async () => {
  ({ base, close: closeServer } = await listenLocal(createServer(answer)));
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
  sectionAt = new Map(written.manifest.sections.map((x) => [x.offset, x.name]));
  headStarts = new Set(written.manifest.sections.filter((x) => HEAD.includes(x.name)).map((x) => x.offset));
  files.set(binaryPath, written.binary);
});
afterAll(() => closeServer());

/** Holds the binary's requests other than the head's until the returned function is called; they then answer `status`. */
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
  it('ranks by sign vectors (warming) while the rest is held, then by the real ones; no byte twice, only real vectors stored', async () => {
    const release = holdWhole(200);
    requests.length = 0;
    const factory = new IDBFactory();
    const v = await visit(factory);
    const early = await v.engine.similar('p0', { k: 3 });
    // Answered from vectors (no keyword fallback needs shared words) and marked warming.
    expect(early).toHaveLength(3);
    expect(early.every((r) => r.warming)).toBe(true);
    // The head's ranges, before any of the rest's (fetched once the head is in).
    // `keys` alone first, then the ranking part at once, then the hashes.
    expect([...requests.slice(0, HEAD.length)].sort()).toEqual([...HEAD].sort());
    expect([requests[0], requests[HEAD.length - 1]]).toEqual(['keys', 'hashes']);
    expect(requests).not.toContain('whole');
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
    // Every section once, as a range: nothing fetched twice, no whole file.
    expect([...requests].sort()).toEqual(['coarse', 'hashes', 'high', 'keys', 'magnitudes', 'scales']);
    await v.engine.destroy();
  });

  it('a rest that fails after the head: the sign vectors go, the page embeds, nothing of the artifact is stored', async () => {
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

  it('a head that fails fails the artifact at once, while the rest is still held: an error, and the page embeds', async () => {
    const release = holdWhole(200);
    headStatus = 404;
    try {
      const factory = new IDBFactory();
      const v = await visit(factory);
      // Answered without the rest: the failure is reported and the page falls back to embedding.
      expect(await v.ready).toMatchObject({ phase: 'ready', items: 30, fromArtifact: 0, embedded: 30 });
      expect(v.events.find((e) => e.type === 'error')).toMatchObject({
        code: 'ARTIFACT_INVALID',
        message: expect.stringContaining('the server answered HTTP 404'),
      });
      await v.engine.destroy();
    } finally {
      headStatus = 200;
      release();
    }
  });

  it('without headMinBytes, a small artifact is fetched whole: no range, first answers already final', async () => {
    holdWhole(200);
    whole.release();
    requests.length = 0;
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
    // One request for the whole file, no head (the test before may still be finishing its rest).
    expect(requests.filter((r) => r === 'whole' || HEAD.includes(r))).toEqual(['whole']);
    await engine.destroy();
  });
});
