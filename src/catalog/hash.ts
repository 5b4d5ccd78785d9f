import { toHex } from '../digest/hex.ts';
import { sha256Digest, sha256TextHex } from '../digest/sha256.ts';
import { checkModelKey } from '../model-key.ts';

/** Hex characters kept: 128 bits is plenty to tell catalog texts apart and halves the stored size. */
const HASH_HEX_CHARS = 32;
/**
 * Texts hashed between yields to the event loop, so a big catalog never blocks queries for long
 * (~20 ms per 5,000 texts).
 */
const YIELD_EVERY = 5_000;

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

/**
 * `contentHash` of each text, in order. Uses the synchronous SHA-256 of src/digest/sha256.ts, not
 * `crypto.subtle`: for short texts the per-call promise of `subtle.digest` costs more than the
 * digest itself (32,135 Steam texts: 452 ms through `crypto.subtle`, 142 ms here, same bytes).
 */
export async function hashTexts(texts: readonly string[], modelKey: string): Promise<string[]> {
  checkModelKey(modelKey, 'hashTexts');
  const out = new Array<string>(texts.length);
  for (let i = 0; i < texts.length; i++) {
    if (i > 0 && i % YIELD_EVERY === 0) await new Promise((ok) => setTimeout(ok, 0));
    out[i] = contentHashNow(texts[i]!, modelKey);
  }
  return out;
}

/**
 * `contentHash` at once, without a promise: for a caller that hashes each text as it makes it, so
 * the text is garbage before the next one (trusted-catalog.ts). `modelKey` is checked by the caller.
 */
export function contentHashNow(text: string, modelKey: string): string {
  return sha256TextHex(text, HASH_HEX_CHARS, prefixBytes(modelKey));
}

/** The last model key's `modelKey + "\u0000"` as UTF-8: a pass hashes every text under one key. */
let lastPrefix: { modelKey: string; bytes: Uint8Array } | undefined;

function prefixBytes(modelKey: string): Uint8Array {
  if (lastPrefix?.modelKey !== modelKey) lastPrefix = { modelKey, bytes: encoder.encode(`${modelKey}\u0000`) };
  return lastPrefix.bytes;
}

async function hashOne(text: string, modelKey: string): Promise<string> {
  const digest = await sha256Digest(encoder.encode(`${modelKey}\u0000${text}`));
  return toHex(digest.subarray(0, HASH_HEX_CHARS / 2));
}
