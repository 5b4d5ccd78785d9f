/** The artifact's item order: keys sorted by their UTF-8 bytes, so it never depends on catalog order. */

const utf8 = new TextEncoder();

/** Orders keys as the artifact stores them (by UTF-8 bytes); sections index items in this order. */
export function sortKeys(keys: readonly string[]): string[] {
  return keys
    .map((key) => ({ key, bytes: utf8.encode(key) }))
    .sort((a, b) => compareBytes(a.bytes, b.bytes))
    .map((k) => k.key);
}

/** Byte-wise comparison, a shorter prefix first: negative, zero or positive. */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}
