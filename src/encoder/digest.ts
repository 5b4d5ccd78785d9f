/**
 * SHA-256 of model file bytes, as lowercase hex. `crypto.subtle` where the page is a secure context
 * (https, localhost); browsers hide it on plain-http pages, where the catalog's pure-JS SHA-256 is
 * used so the same files verify everywhere.
 */
import { sha256 } from '../catalog/sha256.ts';

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

function toHex(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += HEX[b];
  return out;
}

/** The SubtleCrypto of this scope, or undefined where the browser withholds it (insecure context). */
export function currentSubtle(): SubtleCrypto | undefined {
  return (globalThis as { crypto?: { subtle?: SubtleCrypto } }).crypto?.subtle;
}

/** SHA-256 of `bytes` in hex; `subtle` is injectable so tests can take the pure-JS path. */
export async function sha256Hex(bytes: Uint8Array, subtle: SubtleCrypto | undefined = currentSubtle()): Promise<string> {
  if (subtle) return toHex(new Uint8Array(await subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>)));
  return toHex(sha256(bytes));
}
