import { checkModelKey } from '../model-key.ts';
import { sha256 } from './sha256.ts';

/** Hex characters kept: 128 bits is plenty to tell catalog texts apart and halves the stored size. */
const HASH_HEX_CHARS = 32;
// Enough concurrent digests to keep `crypto.subtle` busy without queueing 10,000 promises at once.
const BATCH = 256;

const encoder = new TextEncoder();

/**
 * Content hash of `text` as embedded by the model `modelKey` (e.g. `"use-lite-en:512"`): the first
 * 32 hex characters of SHA-256(modelKey + "\u0000" + text). Including the model means a model change
 * invalidates every stored vector; the NUL separator keeps ("a", "bc") and ("ab", "c") apart.
 */
export async function contentHash(text: string, modelKey: string): Promise<string> {
  checkModelKey(modelKey, 'contentHash');
  return hashOne(text, modelKey);
}

/** `contentHash` of each text, in order, computed in batches. */
export async function hashTexts(texts: readonly string[], modelKey: string): Promise<string[]> {
  checkModelKey(modelKey, 'hashTexts');
  const out: string[] = [];
  for (let i = 0; i < texts.length; i += BATCH) {
    out.push(...(await Promise.all(texts.slice(i, i + BATCH).map((t) => hashOne(t, modelKey)))));
  }
  return out;
}

async function hashOne(text: string, modelKey: string): Promise<string> {
  const bytes = encoder.encode(`${modelKey}\u0000${text}`);
  const subtle = globalThis.crypto?.subtle;
  // `crypto.subtle` is undefined on pages served over plain http (not a secure context).
  const digest = subtle ? new Uint8Array(await subtle.digest('SHA-256', bytes)) : sha256(bytes);
  return toHex(digest, HASH_HEX_CHARS / 2);
}

function toHex(bytes: Uint8Array, count: number): string {
  let out = '';
  for (let i = 0; i < count; i++) out += bytes[i]!.toString(16).padStart(2, '0');
  return out;
}
