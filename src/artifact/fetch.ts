/**
 * Loading an artifact over HTTP, for the browser worker (also works in Node 20+, which has `fetch`):
 * the manifest, then each file it lists, streamed into a buffer of the size the manifest states,
 * with progress, then verified whole by `decodeArtifact`. Nothing partial is ever returned.
 */

import { sha256Hex } from '../digest/sha256.ts';
import { createError, ErrorCodes, errorMessage, throwIfAborted } from '../errors.ts';
import type { FetchLike } from '../fetch-like.ts';
import type { ArtifactFile, ArtifactManifest } from './format.ts';
import { artifactError, parseArtifactManifest } from './manifest.ts';
import type { Artifact } from './read.ts';
import { decodeArtifact } from './read.ts';

/** Options of `fetchArtifact`. */
export interface FetchArtifactOptions {
  fetch?: FetchLike;
  signal?: AbortSignal;
  /** Called as bytes of the binary files arrive: bytes so far and the total the manifest states. */
  onProgress?: (loaded: number, total: number) => void;
  /**
   * Called with the checked manifest before its files are fetched, for decisions that need only
   * the manifest. Nothing in it is vouched for by the files until the returned promise resolves.
   */
  onManifest?: (manifest: ArtifactManifest) => void;
}

/**
 * Fetches and verifies the artifact whose manifest is at `manifestUrl` (absolute, or relative to
 * the page); its files are fetched relative to the manifest. Throws `ARTIFACT_INVALID` naming the
 * URL and what is wrong (HTTP status, not JSON, truncated, corrupt, unknown version...), `ABORTED`
 * when `signal` fires.
 */
export async function fetchArtifact(manifestUrl: string | URL, options: FetchArtifactOptions = {}): Promise<Artifact> {
  const fetchFn: FetchLike = options.fetch ?? globalThis.fetch;
  const base = String(manifestUrl);
  const manifestText = new TextDecoder().decode(await download(fetchFn, base, options.signal));
  let json: unknown;
  try {
    json = JSON.parse(manifestText);
  } catch (err) {
    throw artifactError(base, `is not valid JSON (${errorMessage(err)})`, err);
  }
  const manifest = parseArtifactManifest(json, base);
  options.onManifest?.(manifest);
  return fetchArtifactFiles(manifest, base, options);
}

/**
 * Fetches the files `manifest` lists (relative to `manifestUrl`) and verifies them whole, as
 * `fetchArtifact` does after reading the manifest: for a manifest already in hand, e.g. a patch's
 * (patch.ts `patchManifest`). Throws `ARTIFACT_INVALID` or `ABORTED` as `fetchArtifact` does.
 */
export async function fetchArtifactFiles(
  manifest: ArtifactManifest,
  manifestUrl: string,
  options: Omit<FetchArtifactOptions, 'onManifest'> = {},
): Promise<Artifact> {
  const fetchFn: FetchLike = options.fetch ?? globalThis.fetch;
  const base = manifestUrl;
  const total = manifest.files.reduce((sum, f) => sum + f.bytes, 0);
  let before = 0;
  const files = new Map<string, Uint8Array>();
  for (const file of manifest.files) {
    const url = resolveArtifactFile(file.name, base);
    const at = before;
    const bytes = await download(fetchFn, url, options.signal, file.bytes, (loaded) => options.onProgress?.(at + loaded, total));
    files.set(file.name, bytes);
    before += bytes.byteLength;
  }
  throwIfAborted(options.signal);
  // `decodeArtifact` names files as the manifest does; say where they came from as well.
  try {
    return await decodeArtifact(manifest, files);
  } catch (err) {
    if (err instanceof Error && 'code' in err && err.code === ErrorCodes.ARTIFACT_INVALID) {
      throw createError(ErrorCodes.ARTIFACT_INVALID, `${err.message} (manifest ${base})`, err);
    }
    throw err;
  }
}

/**
 * Fetches one file a manifest lists (relative to `manifestUrl`) and checks its length and SHA-256
 * against the listing, e.g. a catalog patch (catalog-patch.ts). Throws `ARTIFACT_INVALID` naming
 * the URL, or `ABORTED`.
 */
export async function fetchVerifiedFile(
  file: ArtifactFile,
  manifestUrl: string,
  options: { fetch?: FetchLike; signal?: AbortSignal } = {},
): Promise<Uint8Array> {
  const url = resolveArtifactFile(file.name, manifestUrl);
  const bytes = await download(options.fetch ?? globalThis.fetch, url, options.signal, file.bytes);
  if ((await sha256Hex(bytes)) !== file.sha256) throw artifactError(url, 'does not match the SHA-256 its manifest lists');
  return bytes;
}

/**
 * The largest artifact file a page accepts: 1M items at today's 542 B each fit twice. A manifest
 * may claim anything (one said 4e9 bytes, and the worker allocated 4 GB before the first byte).
 */
export const MAX_ARTIFACT_FILE_BYTES = 1 << 30;
/** The first buffer of a download; it doubles as bytes arrive, up to the manifest's size. */
const FIRST_BUFFER_BYTES = 8 << 20;

/**
 * Downloads `url` whole. With `expected` (the manifest's byte count), the body is streamed into a
 * buffer that grows with the bytes received up to exactly that size (memory follows what arrived,
 * not what the manifest claims): a longer body fails as soon as it overflows, a shorter one when
 * it ends, and `onProgress` follows the download. An uncompressed answer whose Content-Length
 * differs from `expected`, or an `expected` over `MAX_ARTIFACT_FILE_BYTES`, fails before any
 * allocation.
 */
async function download(
  fetchFn: FetchLike,
  url: string,
  signal: AbortSignal | undefined,
  expected?: number,
  onProgress?: (loaded: number) => void,
): Promise<Uint8Array> {
  throwIfAborted(signal);
  if (expected !== undefined && expected > MAX_ARTIFACT_FILE_BYTES) {
    throw artifactError(url, `is declared as ${expected} bytes, more than the ${MAX_ARTIFACT_FILE_BYTES} a page accepts`);
  }
  let response: Response;
  try {
    response = await fetchFn(url, signal ? { signal } : {});
  } catch (err) {
    throwIfAborted(signal);
    throw artifactError(url, `could not be fetched (${errorMessage(err)})`, err);
  }
  if (!response.ok)
    throw artifactError(url, `the server answered HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`);
  try {
    if (expected === undefined || !response.body) {
      const bytes = new Uint8Array(await response.arrayBuffer());
      onProgress?.(bytes.byteLength);
      return bytes;
    }
    checkContentLength(response, url, expected);
    let out: Uint8Array<ArrayBuffer> = new Uint8Array(Math.min(expected, FIRST_BUFFER_BYTES));
    let loaded = 0;
    const reader = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (loaded + value.byteLength > expected) {
        await reader.cancel();
        throw artifactError(url, `is longer than the ${expected} bytes the manifest states`);
      }
      if (loaded + value.byteLength > out.byteLength) out = grown(out, loaded, loaded + value.byteLength, expected);
      out.set(value, loaded);
      loaded += value.byteLength;
      onProgress?.(loaded);
    }
    if (loaded < expected) throw artifactError(url, `is truncated: ${loaded} of ${expected} bytes`);
    return out;
  } catch (err) {
    throwIfAborted(signal);
    if (err instanceof Error && 'code' in err && err.code === ErrorCodes.ARTIFACT_INVALID) throw err;
    throw artifactError(url, `could not be read (${errorMessage(err)})`, err);
  }
}

/** Fails when an uncompressed answer's Content-Length is not the manifest's size (before any allocation). */
function checkContentLength(response: Response, url: string, expected: number): void {
  const encoding = response.headers.get('content-encoding');
  const length = response.headers.get('content-length');
  // A compressed answer's Content-Length counts the compressed bytes: nothing to compare.
  if (length === null || (encoding !== null && encoding !== 'identity')) return;
  const declared = Number(length);
  if (declared < expected) throw artifactError(url, `is truncated: ${declared} of ${expected} bytes (its Content-Length)`);
  if (declared > expected)
    throw artifactError(url, `is longer than the ${expected} bytes the manifest states (its Content-Length is ${declared})`);
}

/** `buffer` (its first `used` bytes) moved into one of at least `needed` bytes: doubled, at most `limit`. */
export function grown(buffer: Uint8Array<ArrayBuffer>, used: number, needed: number, limit: number): Uint8Array<ArrayBuffer> {
  const next = new Uint8Array(Math.min(limit, Math.max(needed, buffer.byteLength * 2)));
  next.set(buffer.subarray(0, used));
  return next;
}

/** `name` relative to the manifest URL, which may itself be relative to the page or worker. */
export function resolveArtifactFile(name: string, manifestUrl: string): string {
  const location = (globalThis as { location?: { href: string } }).location?.href;
  try {
    return new URL(name, new URL(manifestUrl, location)).href;
  } catch {
    // A relative manifest URL and no location to resolve it against: replace its last segment.
    return manifestUrl.replace(/[^/]*$/, name);
  }
}
