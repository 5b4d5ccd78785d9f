/**
 * The browser encoder's integrity parts, in Node with a fake network and a fake Cache API: the
 * manifest, the verifying fetch (retry once, fail loudly) and the verified cache (stores and returns
 * only matching bodies, keyed by the expected hash). The real browser path is e2e/model-*.spec.ts.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../src/digest/sha256.ts';
import { fetchModelManifest, parseModelManifest } from '../src/encoder/manifest.ts';
import { type CacheLike, type CacheStorageLike, createVerifiedCache, LEGACY_CACHE, MODEL_CACHE } from '../src/encoder/verified-cache.ts';
import { createVerifiedFetch, type FetchFailure } from '../src/encoder/verified-fetch.ts';
import { InpageRecError } from '../src/errors.ts';

const FOLDER = 'https://shop.example/models/use-lite-en/';
const MANIFEST_URL = `${FOLDER}manifest.json`;
const MODEL = `${FOLDER}onnx/model_quantized.onnx`;
const body = new Uint8Array(4096).map((_, i) => (i * 31) % 251);
const hex = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const manifestText = JSON.stringify({
  model: 'use-lite-en',
  files: { 'onnx/model_quantized.onnx': { size: body.length, sha256: hex(body) } },
});
const manifest = parseModelManifest(manifestText, MANIFEST_URL);
const truncated = body.subarray(0, 1000);

/** A network answering from a script of responses, recording each request's URL and init. */
function network(...answers: (Response | Error)[]) {
  const calls: { url: string; init?: RequestInit }[] = [];
  const fetch = async (input: string | URL, init?: RequestInit) => {
    calls.push({ url: String(input), init });
    const next = answers.shift();
    if (!next) throw new Error('unexpected request');
    if (next instanceof Error) throw next;
    return next;
  };
  return { calls, fetch };
}
const ok = (b: Uint8Array) => new Response(b.slice(), { status: 200 });

async function rejection(p: Promise<unknown>): Promise<InpageRecError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(InpageRecError);
  return err as InpageRecError;
}

describe('manifest', () => {
  it('resolves file paths against its own URL', () => {
    expect([...manifest.files.keys()]).toEqual([MODEL]);
    expect(manifest.files.get(MODEL)).toEqual({ size: 4096, sha256: hex(body) });
  });

  it.each([
    ['not json', 'not JSON'],
    ['{}', 'it has no "files" object'],
    ['{"files":{}}', 'it lists no files'],
    ['{"files":{"a.onnx":{"size":-1,"sha256":"00"}}}', '"a.onnx" has no byte size'],
    [`{"files":{"a.onnx":{"size":1,"sha256":"${'g'.repeat(64)}"}}}`, '"a.onnx" has no SHA-256'],
  ])('rejects %s with MODEL_FAILED naming the manifest', (text, why) => {
    expect(() => parseModelManifest(text, MANIFEST_URL)).toThrow(`model manifest ${MANIFEST_URL} is invalid: ${why}`);
  });

  it('is fetched past the HTTP cache; an HTTP error fails, only a network error falls back to the saved copy', async () => {
    const n = network(new Response(manifestText));
    expect((await fetchModelManifest(MANIFEST_URL, n.fetch)).text).toBe(manifestText);
    expect(n.calls[0]!.init).toEqual({ cache: 'no-cache' });
    const saved = async () => manifestText;
    const e404 = await rejection(fetchModelManifest(MANIFEST_URL, network(new Response('', { status: 404 })).fetch, saved));
    expect(e404.message).toBe(`model manifest ${MANIFEST_URL} answered HTTP 404`);
    const offline = network(new TypeError('Failed to fetch'));
    expect((await fetchModelManifest(MANIFEST_URL, offline.fetch, saved)).manifest.files.get(MODEL)?.size).toBe(4096);
    const none = await rejection(fetchModelManifest(MANIFEST_URL, network(new TypeError('Failed to fetch')).fetch, async () => undefined));
    expect(none.message).toContain(`model manifest ${MANIFEST_URL} could not be fetched (TypeError: Failed to fetch)`);
  });
});

describe('sha256Hex', () => {
  it('gives the same digest with crypto.subtle and with the pure-JS fallback (insecure pages)', async () => {
    const abc = new TextEncoder().encode('abc');
    const known = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';
    expect(await sha256Hex(abc, crypto.subtle)).toBe(known);
    expect(await sha256Hex(abc, undefined)).toBe(known);
    expect(await sha256Hex(body, undefined)).toBe(hex(body));
  });
});

describe('verified fetch', () => {
  const make = (n: ReturnType<typeof network>, failures: FetchFailure[] = []) =>
    createVerifiedFetch({ manifest, folder: FOLDER, fetch: n.fetch, failures });

  it('returns a matching body after one request', async () => {
    const n = network(ok(body));
    const res = await make(n)(MODEL, { headers: new Headers() });
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(body);
    expect(res.headers.get('content-length')).toBe('4096');
    expect(n.calls).toHaveLength(1);
  });

  it('drops a truncated body and fetches once more past the HTTP cache', async () => {
    const n = network(ok(truncated), ok(body));
    const failures: FetchFailure[] = [];
    const res = await make(n, failures)(MODEL);
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(body);
    expect(n.calls.map((c) => c.init?.cache)).toEqual(['default', 'reload']);
    expect(failures).toHaveLength(1);
    expect(failures[0]!.reason).toContain(`got 1000 bytes (SHA-256 ${hex(truncated)})`);
  });

  it('retries a broken-off download and a server error once, not a 404', async () => {
    expect((await make(network(new TypeError('network error'), ok(body)))(MODEL)).status).toBe(200);
    expect((await make(network(new Response('', { status: 503 }), ok(body)))(MODEL)).status).toBe(200);
    const n = network(new Response('', { status: 404 }));
    expect((await rejection(make(n)(MODEL))).message).toBe(`model file ${MODEL} answered HTTP 404`);
    expect(n.calls).toHaveLength(1);
  });

  it('fails with MODEL_FAILED naming the file, expected and actual size and hash when the retry is corrupt too', async () => {
    const err = await rejection(make(network(ok(truncated), ok(truncated)))(MODEL));
    expect(err.code).toBe('MODEL_FAILED');
    expect(err.message).toBe(
      `model file ${MODEL} failed its integrity check twice (dropped, not cached): ` +
        `expected 4096 bytes (SHA-256 ${hex(body)}), got 1000 bytes (SHA-256 ${hex(truncated)})`,
    );
  });

  it('fails on a failed probe of a listed file; answers 404 for unlisted files in the folder without a request', async () => {
    const probe = network(new Response('', { status: 404 }));
    const err = await rejection(make(probe)(MODEL, { method: 'GET', headers: { Range: 'bytes=0-0' } }));
    expect(err.message).toBe(`model file ${MODEL} answered HTTP 404`);
    const none = network();
    expect((await make(none)(`${FOLDER}generation_config.json`)).status).toBe(404);
    expect(none.calls).toEqual([]);
  });

  it('without a manifest (a hub model) passes requests through and records failures', async () => {
    const failures: FetchFailure[] = [];
    const n = network(new Response('', { status: 401 }));
    const res = await createVerifiedFetch({ fetch: n.fetch, failures })('https://huggingface.co/x/resolve/main/config.json');
    expect(res.status).toBe(401);
    expect(failures).toEqual([{ url: 'https://huggingface.co/x/resolve/main/config.json', status: 401, reason: 'answered HTTP 401' }]);
  });
});

/** An in-memory Cache API. */
function fakeCaches(): CacheStorageLike & { stores: Map<string, Map<string, Uint8Array>> } {
  const stores = new Map<string, Map<string, Uint8Array>>();
  const cache = (m: Map<string, Uint8Array>): CacheLike => ({
    match: async (k) => (m.has(k) ? new Response(m.get(k)!.slice()) : undefined),
    put: async (k, r) => void m.set(k, new Uint8Array(await r.arrayBuffer())),
    delete: async (k) => m.delete(k),
    keys: async () => [...m.keys()].map((url) => ({ url })),
  });
  return {
    stores,
    has: async (name) => stores.has(name),
    open: async (name) => {
      if (!stores.has(name)) stores.set(name, new Map());
      return cache(stores.get(name)!);
    },
  };
}

describe('verified cache', () => {
  const key = `${MODEL}?inpage-rec-sha256=${hex(body)}`;

  it('stores a matching body under URL + expected hash and returns it', async () => {
    const storage = fakeCaches();
    const cache = createVerifiedCache(storage, manifest);
    await cache.put(MODEL, ok(body));
    expect([...storage.stores.get(MODEL_CACHE)!.keys()]).toEqual([key]);
    expect(new Uint8Array(await (await cache.match(MODEL))!.arrayBuffer())).toEqual(body);
    expect(await cache.match('/models/use-lite-en/onnx/model_quantized.onnx')).toBeUndefined();
  });

  it('never stores a corrupt body, nor one the manifest does not list', async () => {
    const storage = fakeCaches();
    const cache = createVerifiedCache(storage, manifest);
    await cache.put(MODEL, ok(truncated));
    await cache.put(`${FOLDER}other.json`, ok(body));
    expect(storage.stores.get(MODEL_CACHE)?.size ?? 0).toBe(0);
  });

  it('reports a tampered entry as a miss and deletes it', async () => {
    const storage = fakeCaches();
    const tampered = body.slice();
    tampered[7] = tampered[7]! ^ 1;
    await (await storage.open(MODEL_CACHE)).put(key, new Response(tampered));
    expect(await createVerifiedCache(storage, manifest).match(MODEL)).toBeUndefined();
    expect(storage.stores.get(MODEL_CACHE)!.size).toBe(0);
  });

  it('drops other versions of the file and its entry in the legacy transformers.js store', async () => {
    const storage = fakeCaches();
    const old = `${MODEL}?inpage-rec-sha256=${'0'.repeat(64)}`;
    await (await storage.open(MODEL_CACHE)).put(old, new Response(truncated));
    await (await storage.open(LEGACY_CACHE)).put(MODEL, new Response(truncated));
    await (await storage.open(LEGACY_CACHE)).put('https://shop.example/another-app/model.onnx', new Response(truncated));
    await createVerifiedCache(storage, manifest).put(MODEL, ok(body));
    expect([...storage.stores.get(MODEL_CACHE)!.keys()]).toEqual([key]);
    expect([...storage.stores.get(LEGACY_CACHE)!.keys()]).toEqual(['https://shop.example/another-app/model.onnx']);
  });
});
