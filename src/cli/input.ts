/**
 * Reading the catalog in Node through the browser's own loader (`fetchCatalog` + `parseCatalog`):
 * the same JSON / JSON Lines detection, byte-order-mark handling and bad-line markers. A local
 * path or `file:` URL is read from disk and handed to it as a response; `http(s):` goes through
 * Node's `fetch`. Stricter than a browser in one way: a JSON Lines line that is not valid UTF-8 is
 * a bad line, not an item read with U+FFFD in place of its bytes (lines.ts).
 */
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ArtifactCatalog } from '../artifact/format.ts';
import type { UnparsableLine } from '../catalog/jsonl.ts';
import { declaresJsonLines, type FetchedCatalog, fetchCatalog, parseCatalog } from '../catalog/load.ts';
import { sha256Hex } from '../digest/sha256.ts';
import { invalidUtf8Lines, NOT_UTF8 } from './lines.ts';

const REMOTE = /^https?:\/\//i;
/** Line numbers a warning lists before "and N more". */
const LISTED_LINES = 5;

/** What `readCatalog` read. */
export interface ReadCatalog {
  raw: unknown[];
  /** The SHA-256 and length of the bytes `raw` was parsed from (see `readCatalog`). */
  catalog: ArtifactCatalog;
}

/**
 * Raw catalog items from a path, a `file:` URL or an `http(s):` URL, and the SHA-256 and length of
 * the bytes they were parsed from (the manifest's `catalog` field: a browser that fetches the same
 * bytes can trust the artifact's content hashes before computing its own). `warn` gets warning
 * lines for the build's log. Throws `CATALOG_UNREADABLE`.
 */
export async function readCatalog(source: string, warn: (line: string) => void, signal?: AbortSignal): Promise<ReadCatalog> {
  const fetched = await fetchSource(source, signal);
  const { raw, warnings } = checkUtf8(fetched, parseCatalog(fetched));
  for (const line of warnings) warn(line);
  return { raw, catalog: { sha256: await sha256Hex(fetched.bytes), bytes: fetched.bytes.byteLength } };
}

function fetchSource(source: string, signal: AbortSignal | undefined): Promise<FetchedCatalog> {
  const opts = signal ? { signal } : {};
  if (REMOTE.test(source)) return fetchCatalog(source, opts);
  const path = source.startsWith('file:') ? fileURLToPath(source) : source;
  return fetchCatalog(path, {
    ...opts,
    fetch: async () => {
      const body = await readFile(path);
      // The loader picks JSON Lines by extension or content type; a local file has only the former.
      const type = /^\.(jsonl|ndjson)$/i.test(extname(path)) ? 'application/jsonl' : 'application/json';
      return new Response(body, { headers: { 'content-type': type } });
    },
  });
}

/**
 * `raw` with the catalog's lines that are not valid UTF-8 dealt with. In JSON Lines each becomes
 * the bad-line marker validation reports with its line number. A JSON document cannot lose one
 * line without losing the document, so it stays read as a browser reads it, and a warning names
 * the lines.
 */
function checkUtf8(fetched: FetchedCatalog, raw: unknown[]): { raw: unknown[]; warnings: string[] } {
  const bad = invalidUtf8Lines(fetched.bytes);
  if (bad.length === 0) return { raw, warnings: [] };
  // Decoded as parseCatalog decodes (a byte order mark dropped), so its lines are the parser's.
  const body = new TextDecoder().decode(fetched.bytes);
  const marked = readAsJsonLines(fetched, body) ? markLines(body, raw, new Set(bad)) : undefined;
  if (marked) return { raw: marked, warnings: [] };
  const listed = bad.slice(0, LISTED_LINES).join(', ');
  const more = bad.length > LISTED_LINES ? ` and ${bad.length - LISTED_LINES} more` : '';
  return {
    raw,
    warnings: [
      `warning: catalog ${JSON.stringify(fetched.name)} is not valid UTF-8 on ${bad.length === 1 ? 'line' : 'lines'} ${listed}${more}: read as a browser reads it, with U+FFFD in place of the bad bytes; save the file as UTF-8`,
    ],
  };
}

/** As `parseCatalog` decides: JSON Lines by path or content type, else when the body is not one JSON document. */
function readAsJsonLines(fetched: FetchedCatalog, body: string): boolean {
  if (declaresJsonLines(fetched)) return true;
  try {
    JSON.parse(body);
    return false;
  } catch {
    return true;
  }
}

/**
 * `raw` (JSON Lines: one entry per non-blank line, in order) with the entries of the `bad` lines
 * replaced by markers; undefined if the lines and entries do not pair up as that rule says.
 */
function markLines(body: string, raw: readonly unknown[], bad: ReadonlySet<number>): unknown[] | undefined {
  const out = [...raw];
  let entry = 0;
  body.split(/\r?\n/).forEach((text, i) => {
    if (text.trim() === '') return;
    if (bad.has(i + 1)) out[entry] = { $inpageRecUnparsableLine: true, line: i + 1, reason: NOT_UTF8 } satisfies UnparsableLine;
    entry++;
  });
  return entry === raw.length ? out : undefined;
}
