/**
 * Input text checked as UTF-8 line by line. Node's `utf8` streams, readline and `Response.text()`
 * put U+FFFD in place of bytes that are not UTF-8, silently: an id read that way (a Latin-1 export's
 * "Café") matches nothing, or worse, another garbled id. Here a line with such bytes is known as
 * one, so the caller counts it as a bad line with its number.
 */
import { createReadStream } from 'node:fs';

const LF = 0x0a;
const CR = 0x0d;

/** Why a line is rejected, as the CLI's bad-line messages word it (without `line N: `). */
export const NOT_UTF8 = 'not valid UTF-8 (save the file as UTF-8)';

/** Decodes UTF-8 strictly; a byte order mark is kept, for the caller to handle as it did before. */
function strictDecoder(): (bytes: Uint8Array) => string | undefined {
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  return (bytes) => {
    try {
      return decoder.decode(bytes);
    } catch {
      return undefined;
    }
  };
}

/**
 * Calls `onLine` with each line of `file` (LF, CRLF or CR ends, as readline splits them) as it
 * streams in: its text, or undefined when its bytes are not valid UTF-8. Rejects on a read error or
 * when `onLine` throws.
 */
export async function forEachLine(file: string, onLine: (text: string | undefined) => void): Promise<void> {
  const decode = strictDecoder();
  let carry: Buffer[] = []; // the start of a line that continues in the next chunk
  let afterCr = false; // the last chunk ended with CR: an LF opening this one ends no line
  for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) {
    let at: number = afterCr && chunk[0] === LF ? 1 : 0;
    afterCr = false;
    // Both positions are kept between lines: searching again for a byte the chunk lacks would
    // rescan the chunk once per line.
    let lf: number = chunk.indexOf(LF, at);
    let cr: number = chunk.indexOf(CR, at);
    while (lf >= 0 || cr >= 0) {
      const end = cr < 0 || (lf >= 0 && lf < cr) ? lf : cr;
      const piece = chunk.subarray(at, end);
      onLine(decode(carry.length ? Buffer.concat([...carry, piece]) : piece));
      carry = [];
      at = end + 1;
      if (chunk[end] === CR) {
        if (at === chunk.length) afterCr = true;
        else if (chunk[at] === LF) at++;
      }
      if (lf >= 0 && lf < at) lf = chunk.indexOf(LF, at);
      if (cr >= 0 && cr < at) cr = chunk.indexOf(CR, at);
    }
    if (at < chunk.length) carry.push(chunk.subarray(at));
  }
  if (carry.length) onLine(decode(Buffer.concat(carry)));
}

/**
 * The 1-based numbers of the lines of `bytes` (split at LF, as JSON Lines are) that are not valid
 * UTF-8; empty, after one pass, for a body that is valid throughout.
 */
export function invalidUtf8Lines(bytes: Uint8Array): number[] {
  const decode = strictDecoder();
  if (decode(bytes) !== undefined) return [];
  const bad: number[] = [];
  let start = 0;
  for (let line = 1; start <= bytes.length; line++) {
    const lf = bytes.indexOf(LF, start);
    const end = lf < 0 ? bytes.length : lf;
    if (decode(bytes.subarray(start, end)) === undefined) bad.push(line);
    start = end + 1;
  }
  return bad;
}
