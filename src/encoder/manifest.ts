/**
 * The model folder's integrity manifest (`manifest.json`, written by tools/use-lite): the byte size
 * and SHA-256 of every model file. The encoder fetches it fresh on every load, so a redeployed
 * model is noticed even when the old files sit in a cache, and checks each file against it.
 */

import { sha256Hex } from '../digest/sha256.ts';
import { createError, ErrorCodes } from '../errors.ts';
import type { FetchLike } from '../fetch-like.ts';

/** What one model file must be. */
export interface FileExpectation {
  size: number;
  sha256: string;
}

/** A parsed manifest: expectations by absolute file URL. */
export interface ModelManifest {
  url: string;
  files: Map<string, FileExpectation>;
}

/** How a body differs from its expectation, or undefined when it matches. */
export interface Mismatch {
  expected: FileExpectation;
  actual: FileExpectation;
}

const HEX64 = /^[0-9a-f]{64}$/;

/** Parses `text` (the manifest at `url`); file paths resolve against the manifest's folder. */
export function parseModelManifest(text: string, url: string): ModelManifest {
  const fail = (why: string) => createError(ErrorCodes.MODEL_FAILED, `model manifest ${url} is invalid: ${why}`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw fail(`not JSON (${String(err)})`);
  }
  const raw = (json as { files?: unknown } | null)?.files;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw fail('it has no "files" object');
  const files = new Map<string, FileExpectation>();
  for (const [path, value] of Object.entries(raw)) {
    const { size, sha256 } = (value ?? {}) as Partial<FileExpectation>;
    if (!Number.isSafeInteger(size) || (size as number) < 0) throw fail(`"${path}" has no byte size`);
    if (typeof sha256 !== 'string' || !HEX64.test(sha256)) throw fail(`"${path}" has no SHA-256`);
    files.set(new URL(path, url).href, { size: size as number, sha256 });
  }
  if (files.size === 0) throw fail('it lists no files');
  return { url, files };
}

/** Compares `bytes` with `expected` (size and hash; the actual hash is always computed, for the message). */
export async function checkBody(bytes: Uint8Array, expected: FileExpectation, subtle?: SubtleCrypto): Promise<Mismatch | undefined> {
  const sha256 = await sha256Hex(bytes, subtle);
  if (bytes.byteLength === expected.size && sha256 === expected.sha256) return undefined;
  return { expected, actual: { size: bytes.byteLength, sha256 } };
}

/** "expected 7211735 bytes (SHA-256 6bbb...), got 1000 bytes (SHA-256 ab12...)" */
export function describeMismatch({ expected, actual }: Mismatch): string {
  return `expected ${expected.size} bytes (SHA-256 ${expected.sha256}), got ${actual.size} bytes (SHA-256 ${actual.sha256})`;
}

/**
 * Fetches the manifest at `url` past the HTTP cache (`no-cache` revalidates with the server), so a
 * redeployed model is seen at once. Only when the network itself fails (offline) does it fall back
 * to `saved()`, the copy the cached files were last verified against; an HTTP error never does.
 */
export async function fetchModelManifest(
  url: string,
  fetchFn: FetchLike,
  saved?: () => Promise<string | undefined>,
): Promise<{ manifest: ModelManifest; text: string }> {
  let response: Response;
  try {
    response = await fetchFn(url, { cache: 'no-cache' });
  } catch (err) {
    const text = await saved?.();
    if (text !== undefined) return { manifest: parseModelManifest(text, url), text };
    throw createError(ErrorCodes.MODEL_FAILED, `model manifest ${url} could not be fetched (${String(err)})`, err);
  }
  if (!response.ok) throw createError(ErrorCodes.MODEL_FAILED, `model manifest ${url} answered HTTP ${response.status}`);
  const text = await response.text();
  return { manifest: parseModelManifest(text, url), text };
}
