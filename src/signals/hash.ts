/** A 32-bit FNV-1a hash of a list of ids, to tell whether signals were built for this catalog. */
export function fnv1a(ids: readonly string[]): number {
  let h = 0x811c9dc5;
  for (const id of ids) {
    for (let i = 0; i < id.length; i++) {
      h ^= id.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
    }
    h ^= 0xff; // separator: ["ab", "c"] and ["a", "bc"] differ
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
