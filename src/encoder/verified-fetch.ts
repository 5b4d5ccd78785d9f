/**
 * The `fetch` transformers.js uses for model files (`env.fetch`). A file the manifest lists is read
 * whole and checked (size + SHA-256) before transformers.js sees it, so a corrupt body never reaches
 * the model or the cache. A corrupt or interrupted download is dropped and fetched once more with
 * `cache: 'reload'` (past the HTTP cache, which may hold the bad copy); a second failure is a
 * MODEL_FAILED naming the file and the expected and actual size and hash. Any answer that is not
 * OK is recorded, so a load failure can name the file and the HTTP status.
 */
import { createError, ErrorCodes } from '../errors.ts';
import type { FetchLike } from '../fetch-like.ts';
import { checkBody, describeMismatch, type Mismatch, type ModelManifest } from './manifest.ts';

/** A request that did not answer OK: the URL, and the HTTP status when there was an answer. */
export interface FetchFailure {
  url: string;
  status?: number;
  reason: string;
}

/** Options of `createVerifiedFetch`. */
export interface VerifiedFetchOptions {
  /** Expectations by URL; without one (a non-built-in model) requests pass through, only recorded. */
  manifest?: ModelManifest | undefined;
  /** The model folder: a URL under it that the manifest does not list is not part of the model. */
  folder?: string | undefined;
  /** The network. */
  fetch: FetchLike;
  /** Injectable for tests (the pure-JS hash runs when it is undefined). */
  subtle?: SubtleCrypto | undefined;
  /** Receives every failed request. */
  failures: FetchFailure[];
}

/** Builds the verifying fetch. */
export function createVerifiedFetch(options: VerifiedFetchOptions): FetchLike {
  const { manifest, folder, failures } = options;
  return async (input, init = {}) => {
    const url = String(input);
    const expected = manifest?.files.get(url);
    const whole = (init.method ?? 'GET').toUpperCase() === 'GET' && !new Headers(init.headers).has('range');
    if (!expected || !whole) {
      if (manifest && folder && url.startsWith(folder) && !expected) {
        // transformers.js probes optional files; only what the manifest lists belongs to the model.
        failures.push({ url, status: 404, reason: 'not listed in the model manifest' });
        return new Response(null, { status: 404, statusText: 'Not in the model manifest' });
      }
      const response = await options.fetch(input, init);
      if (!response.ok) {
        failures.push({ url, status: response.status, reason: `answered HTTP ${response.status}` });
        // transformers.js reads a failed probe (a Range request) of a listed file as "absent" and
        // goes on without it (a tokenizer without its config); a listed file must exist.
        if (expected) throw createError(ErrorCodes.MODEL_FAILED, `model file ${url} answered HTTP ${response.status}`);
      }
      return response;
    }
    let mismatch: Mismatch | undefined;
    let problem = '';
    for (let attempt = 0; attempt < 2; attempt++) {
      mismatch = undefined;
      let response: Response;
      let bytes: Uint8Array;
      try {
        response = await options.fetch(url, { ...init, cache: attempt === 0 ? (init.cache ?? 'default') : 'reload' });
      } catch (err) {
        problem = `could not be fetched (${String(err)})`;
        failures.push({ url, reason: problem });
        continue;
      }
      if (!response.ok) {
        failures.push({ url, status: response.status, reason: `answered HTTP ${response.status}` });
        // A server error may pass; a 4xx will not.
        if (response.status >= 500 && attempt === 0) continue;
        throw createError(ErrorCodes.MODEL_FAILED, `model file ${url} answered HTTP ${response.status}`);
      }
      try {
        bytes = new Uint8Array(await response.arrayBuffer());
      } catch (err) {
        problem = `download broke off (${String(err)})`;
        failures.push({ url, reason: problem });
        continue;
      }
      mismatch = await checkBody(bytes, expected, options.subtle);
      if (!mismatch) {
        const type = response.headers.get('content-type') ?? 'application/octet-stream';
        return new Response(bytes as Uint8Array<ArrayBuffer>, {
          status: 200,
          headers: { 'content-type': type, 'content-length': String(bytes.byteLength) },
        });
      }
      failures.push({ url, reason: `corrupt: ${describeMismatch(mismatch)}` });
    }
    if (mismatch)
      throw createError(
        ErrorCodes.MODEL_FAILED,
        `model file ${url} failed its integrity check twice (dropped, not cached): ${describeMismatch(mismatch)}`,
      );
    throw createError(ErrorCodes.MODEL_FAILED, `model file ${url} ${problem}, twice`);
  };
}
