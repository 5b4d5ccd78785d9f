/**
 * The model cache transformers.js uses in browsers (`env.customCache`): the Cache API, but it only
 * ever stores and returns bodies that match the manifest. Entries are keyed by URL plus the
 * expected SHA-256, so a redeployed model at the same URL misses the old entry (which is then
 * deleted); an entry that fails its check on the way out is deleted and reported as a miss, so the
 * file is downloaded (and verified) again. It never reads transformers.js's own store
 * (`transformers-cache`, where older versions cached unverified bodies) and deletes the model's
 * entries there.
 */
import { checkBody, type FileExpectation, type ModelManifest } from './manifest.ts';

/** The slice of `CacheStorage` used here (injectable for tests). */
export interface CacheStorageLike {
  open(name: string): Promise<CacheLike>;
  has(name: string): Promise<boolean>;
}

/** The slice of `Cache` used here. */
export interface CacheLike {
  match(request: string): Promise<Response | undefined>;
  put(request: string, response: Response): Promise<void>;
  delete(request: string): Promise<boolean>;
  keys(): Promise<readonly { url: string }[]>;
}

/** What transformers.js calls (its `CacheInterface`). */
export interface ModelCache {
  match(request: string): Promise<Response | undefined>;
  put(request: string, response: Response): Promise<void>;
  delete(request: string): Promise<boolean>;
}

/** The Cache API store holding verified model files (and the last manifest they were checked against). */
export const MODEL_CACHE = 'inpage-rec-models';
/** transformers.js's default store, read by no one here; the model's old entries are deleted from it. */
export const LEGACY_CACHE = 'transformers-cache';

const HASH_PARAM = 'inpage-rec-sha256';

function entryKey(url: string, expected: FileExpectation): string {
  const u = new URL(url);
  u.searchParams.set(HASH_PARAM, expected.sha256);
  return u.href;
}

function withoutHash(key: string): string {
  const u = new URL(key);
  u.searchParams.delete(HASH_PARAM);
  return u.href;
}

/**
 * The usable Cache API of this scope, or undefined: it is missing on insecure (plain-http) pages and
 * can refuse to open (e.g. storage blocked); the model then loads without a cache.
 */
export async function openModelStorage(storage?: CacheStorageLike): Promise<CacheStorageLike | undefined> {
  const s = storage ?? (globalThis as { caches?: CacheStorageLike }).caches;
  if (!s) return undefined;
  try {
    await s.open(MODEL_CACHE);
    return s;
  } catch {
    return undefined;
  }
}

/** Builds the verifying cache over `storage` for the files `manifest` lists. */
export function createVerifiedCache(storage: CacheStorageLike, manifest: ModelManifest, subtle?: SubtleCrypto): ModelCache {
  const open = () => storage.open(MODEL_CACHE);
  const drop = async (key: string) => (await open()).delete(key).catch(() => false);

  /** Deletes every other version of `url` here, and the model's unverified entry in the legacy store. */
  const dropStale = async (url: string, keep: string) => {
    const cache = await open();
    for (const request of await cache.keys()) {
      if (request.url !== keep && request.url !== url && withoutHash(request.url) === url) await cache.delete(request.url);
    }
    if (await storage.has(LEGACY_CACHE)) await (await storage.open(LEGACY_CACHE)).delete(url);
  };

  return {
    async match(url) {
      const expected = manifest.files.get(url);
      if (!expected) return undefined; // transformers.js also asks with relative paths: never ours
      try {
        const key = entryKey(url, expected);
        const hit = await (await open()).match(key);
        if (!hit) return undefined;
        const bytes = new Uint8Array(await hit.arrayBuffer());
        if (await checkBody(bytes, expected, subtle)) {
          await drop(key);
          return undefined;
        }
        return new Response(bytes as Uint8Array<ArrayBuffer>, { status: 200, headers: hit.headers });
      } catch {
        return undefined; // an unreadable store is a miss, never a failed load
      }
    },
    async put(url, response) {
      const expected = manifest.files.get(url);
      if (!expected) return; // what cannot be verified is never stored
      try {
        const bytes = new Uint8Array(await response.arrayBuffer());
        if (await checkBody(bytes, expected, subtle)) return;
        const key = entryKey(url, expected);
        const headers = {
          'content-type': response.headers.get('content-type') ?? 'application/octet-stream',
          'content-length': String(bytes.byteLength),
        };
        await (await open()).put(key, new Response(bytes as Uint8Array<ArrayBuffer>, { headers }));
        await dropStale(url, key);
      } catch (err) {
        // A full quota or a blocked store costs a download next visit, never this load.
        console.warn(`inpage-rec: model file ${url} was not cached: ${String(err)}`);
      }
    },
    async delete(url) {
      const expected = manifest.files.get(url);
      return expected ? drop(entryKey(url, expected)) : false;
    },
  };
}

/** Saves the manifest text that the cached files were verified against (for loads while offline). */
export async function saveManifest(storage: CacheStorageLike, url: string, text: string): Promise<void> {
  try {
    await (await storage.open(MODEL_CACHE)).put(url, new Response(text, { headers: { 'content-type': 'application/json' } }));
  } catch {
    // Without the copy an offline load fails with the manifest's network error; nothing else changes.
  }
}

/** The saved manifest text for `url`, if any. */
export async function savedManifest(storage: CacheStorageLike, url: string): Promise<string | undefined> {
  try {
    return await (await (await storage.open(MODEL_CACHE)).match(url))?.text();
  } catch {
    return undefined;
  }
}
