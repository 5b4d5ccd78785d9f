import { errorMessage } from '../errors.ts';
import { isRecord } from './text.ts';

/**
 * Stands in for a JSON Lines line that is not a JSON object, so one bad line costs one item, not
 * the catalog; `validateCatalog` reports it as `ITEM_NOT_OBJECT` with the line number. A plain
 * object (no class, no symbol) so it survives `postMessage` to a worker.
 */
export interface UnparsableLine {
  readonly $inpageRecUnparsableLine: true;
  /** 1-based line number in the source. */
  readonly line: number;
  /** Why the line was rejected, e.g. `not valid JSON (Unexpected end of JSON input)`. */
  readonly reason: string;
}

/** Whether `value` is the marker `parseJsonLines` puts in place of a bad line. */
export function isUnparsableLine(value: unknown): value is UnparsableLine {
  return isRecord(value) && value.$inpageRecUnparsableLine === true && typeof value.line === 'number' && typeof value.reason === 'string';
}

/**
 * Parses JSON Lines (one JSON object per line; blank lines ignored; `\r\n` accepted). A line that
 * is not valid JSON, or not an object, becomes an `UnparsableLine` marker at its place.
 */
export function parseJsonLines(body: string): unknown[] {
  const out: unknown[] = [];
  const lines = body.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    out.push(parseLine(line, i + 1));
  }
  return out;
}

/**
 * Whether a body that failed to parse as one JSON document looks like JSON Lines: at least two
 * non-blank lines, at least half of which are JSON objects. The threshold tolerates a few broken
 * lines while refusing to read, say, an HTML error page as a catalog.
 */
export function looksLikeJsonLines(body: string): boolean {
  let lines = 0;
  let objects = 0;
  for (const raw of body.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '') continue;
    lines++;
    if (line.startsWith('{') && isRecord(tryParse(line))) objects++;
  }
  return lines >= 2 && objects * 2 >= lines;
}

function parseLine(line: string, lineNumber: number): unknown {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (err) {
    return marker(lineNumber, `not valid JSON (${errorMessage(err)})`);
  }
  if (isRecord(value)) return value;
  return marker(lineNumber, `not a JSON object, got ${Array.isArray(value) ? 'an array' : value === null ? 'null' : `a ${typeof value}`}`);
}

function marker(line: number, reason: string): UnparsableLine {
  return { $inpageRecUnparsableLine: true, line, reason };
}

function tryParse(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}
