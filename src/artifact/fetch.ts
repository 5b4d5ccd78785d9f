/**
 * Loading an artifact over HTTP, for the browser worker (also works in Node 20+, which has `fetch`):
 * the manifest, then each file it lists, streamed into a buffer of the size the manifest states,
 * with progress, then verified whole by `decodeArtifact`. Nothing partial is ever returned.
 */
import { createError, ErrorCodes, throwIfAborted } from '../errors.ts';
import type { FetchLike } from '../fetch-like.ts';
import type { ArtifactManifest } from './format.ts';
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
    throw artifactError(base, `is not valid JSON (${err instanceof Error ? err.message : String(err)})`, err);
  }
  const manifest = parseArtifactManifest(json, base);
  options.onManifest?.(manifest);
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
 * Downloads `url` whole. With `expected` (the manifest's byte count), the body is streamed into a
 * buffer of exactly that size: a longer body fails as soon as it overflows, a shorter one when it
 * ends, and `onProgress` follows the download.
 */
async function download(
  fetchFn: FetchLike,
  url: string,
  signal: AbortSignal | undefined,
  expected?: number,
  onProgress?: (loaded: number) => void,
): Promise<Uint8Array> {
  throwIfAborted(signal);
  let response: Response;
  try {
    response = await fetchFn(url, signal ? { signal } : {});
  } catch (err) {
    throwIfAborted(signal);
    throw artifactError(url, `could not be fetched (${err instanceof Error ? err.message : String(err)})`, err);
  }
  if (!response.ok)
    throw artifactError(url, `the server answered HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`);
  try {
    if (expected === undefined || !response.body) {
      const bytes = new Uint8Array(await response.arrayBuffer());
      onProgress?.(bytes.byteLength);
      return bytes;
    }
    const out = new Uint8Array(expected);
    let loaded = 0;
    const reader = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (loaded + value.byteLength > expected) {
        await reader.cancel();
        throw artifactError(url, `is longer than the ${expected} bytes the manifest states`);
      }
      out.set(value, loaded);
      loaded += value.byteLength;
      onProgress?.(loaded);
    }
    if (loaded < expected) throw artifactError(url, `is truncated: ${loaded} of ${expected} bytes`);
    return out;
  } catch (err) {
    throwIfAborted(signal);
    if (err instanceof Error && 'code' in err && err.code === ErrorCodes.ARTIFACT_INVALID) throw err;
    throw artifactError(url, `could not be read (${err instanceof Error ? err.message : String(err)})`, err);
  }
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
