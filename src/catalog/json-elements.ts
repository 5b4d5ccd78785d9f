/**
 * Where each element of a JSON array lies in its UTF-8 bytes, found without decoding them.
 *
 * Why: a first visit with prebuilt vectors used to decode a whole catalog body to one string and
 * parse it to objects. For the 32k Steam catalog (23.7 MB) that is a two-byte string of ~47 MB
 * (its texts are not Latin-1) plus ~31 MB of objects that all survive, which makes the worker's
 * young generation grow to its maximum: the phone's renderer went from 285 to 586 MB while the
 * catalog was parsed. With the elements' byte ranges, each item is parsed when it is read and is
 * garbage right after (src/catalog/byte-items.ts).
 *
 * The scan reads bytes only: `"`, `\`, brackets and commas are ASCII, and in UTF-8 no byte of a
 * multi-byte character is below 0x80, so tracking strings and nesting finds the top-level commas
 * exactly. It checks the array's shape, not each element's JSON: parsing an element does that.
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;

function isSpace(b: number): boolean {
  return b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;
}

/**
 * Whether any of the four bytes of `word` is a quote or a backslash: a byte equal to x makes the
 * word XOR x*0x01010101 hold a zero byte, which (v - 0x01010101) & ~v & 0x80808080 detects.
 */
function holdsQuoteOrBackslash(word: number): boolean {
  const q = word ^ 0x22222222;
  const s = word ^ 0x5c5c5c5c;
  return ((((q - 0x01010101) & ~q) | ((s - 0x01010101) & ~s)) & 0x80808080) !== 0;
}

/**
 * The index of the quote that closes the string opened at `open`, or -1 when it is never closed.
 * A backslash escapes the byte after it. Most of a catalog's bytes are inside strings, so `words`
 * (the same bytes as 32-bit words, empty when their offset does not allow such a view) lets it skip
 * four bytes at a time: 92-106 ms for the 100k Steam catalog's 75 MB in Node, against 117-130 ms
 * when each quote was found by `indexOf` (3.2M strings: one call into the engine per string).
 */
function stringEnd(bytes: Uint8Array, words: Uint32Array, open: number): number {
  const n = bytes.length;
  let i = open + 1;
  for (;;) {
    while ((i & 3) === 0 && i >> 2 < words.length && !holdsQuoteOrBackslash(words[i >> 2]!)) i += 4;
    if (i >= n) return -1;
    const b = bytes[i]!;
    if (b === QUOTE) return i;
    i += b === BACKSLASH ? 2 : 1;
  }
}

/** The byte ranges of a top-level JSON array's elements: element i is `bytes[starts[i], ends[i])`. */
export interface ElementRanges {
  starts: Uint32Array;
  ends: Uint32Array;
}

/**
 * The ranges of the elements of the top-level JSON array in `bytes` (after an optional UTF-8 byte
 * order mark), or undefined when `bytes` is not shaped as one top-level array (an object, JSON
 * Lines, an unclosed string, trailing text, an empty element): the caller then parses the whole
 * body and reports what is wrong with it.
 */
export function jsonArrayElements(bytes: Uint8Array): ElementRanges | undefined {
  let i = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (i < bytes.length && isSpace(bytes[i]!)) i++;
  if (bytes[i] !== OPEN_ARRAY) return undefined;
  const words = bytes.byteOffset % 4 === 0 ? new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength >>> 2) : new Uint32Array(0);
  const starts: number[] = [];
  const ends: number[] = [];
  let start = i + 1;
  let depth = 0;
  let end = -1;
  // An element without its surrounding whitespace; false when it is blank.
  const push = (from: number, to: number): boolean => {
    let s = from;
    let e = to;
    while (s < e && isSpace(bytes[s]!)) s++;
    while (e > s && isSpace(bytes[e - 1]!)) e--;
    if (s === e) return false;
    starts.push(s);
    ends.push(e);
    return true;
  };
  for (i = start; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b === QUOTE) {
      i = stringEnd(bytes, words, i);
      if (i < 0) return undefined;
    } else if (b === OPEN_OBJECT || b === OPEN_ARRAY) {
      depth++;
    } else if (b === CLOSE_OBJECT || b === CLOSE_ARRAY) {
      if (depth === 0) {
        if (b !== CLOSE_ARRAY) return undefined;
        end = i;
        break;
      }
      depth--;
    } else if (b === COMMA && depth === 0) {
      if (!push(start, i)) return undefined;
      start = i + 1;
    }
  }
  if (end < 0) return undefined;
  for (let j = end + 1; j < bytes.length; j++) if (!isSpace(bytes[j]!)) return undefined;
  // The last element; a blank one is an empty array, or a trailing comma (`[1,]`, not JSON).
  if (!push(start, end) && starts.length > 0) return undefined;
  return { starts: Uint32Array.from(starts), ends: Uint32Array.from(ends) };
}
