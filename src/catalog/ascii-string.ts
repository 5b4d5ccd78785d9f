/**
 * Short ASCII byte runs (ids, keys) as strings, without a `TextDecoder` call each. Why: in a
 * browser each `decode` call crosses into Blink and makes a string that Blink owns; for 100k
 * artifact keys that was ~180 ms of a 100k-item first visit's way to its first answer (worker CPU
 * profile), and the same per id when ids are read from a catalog's bytes.
 */

/** Longest run read this way: longer ones (or any byte over 0x7f) are left to a decoder. */
export const MAX_ASCII_RUN = 64;

/** `bytes` as a string when they are at most `MAX_ASCII_RUN` ASCII bytes, else undefined. */
export function shortAscii(bytes: Uint8Array): string | undefined {
  if (bytes.length > MAX_ASCII_RUN) return undefined;
  for (let i = 0; i < bytes.length; i++) if (bytes[i]! >= 0x80) return undefined;
  // One call makes one flat string (a loop of `+=` makes a rope past 12 characters).
  return String.fromCharCode.apply(null, bytes as unknown as number[]);
}
