import { createError, describeValue, ErrorCodes, errorMessage, type InpageRecError, throwIfAborted } from '../errors.ts';
import type { FetchLike } from '../fetch-like.ts';
import { looksLikeJsonLines, parseJsonLines } from './jsonl.ts';
import { isRecord } from './text.ts';

/** Options of `loadCatalog`. */
export interface LoadOptions {
  /** Replaces the global `fetch` (tests, authenticated requests, caching). */
  fetch?: FetchLike;
  /** Cancels the download; the promise then rejects with `ABORTED`. */
  signal?: AbortSignal;
  /**
   * Receives the body's bytes as fetched (after HTTP content decoding, before text decoding), e.g.
   * to digest them: the worker compares that digest with the one a prebuilt-vectors manifest
   * records (src/worker/catalog/trusted-catalog.ts). Not called for an array source.
   */
  onBytes?: (bytes: Uint8Array) => void;
}

const JSONL_TYPES = /(^|[/+.-])(x-)?(ndjson|jsonl|jsonlines)\b/i;
const JSONL_PATH = /\.(jsonl|ndjson)$/i;

/**
 * Gets the raw items of a catalog, unvalidated (pass them to `validateCatalog`).
 *
 * - An array is returned as is (same reference).
 * - A string or URL is fetched. The body is read as JSON Lines when the path ends with `.jsonl` or
 *   `.ndjson` or the content-type says ndjson/jsonl; otherwise as JSON, which must be an array of
 *   items or an object with an `items` array; and if it is not valid JSON but its lines are mostly
 *   JSON objects, as JSON Lines. In JSON Lines a bad line does not lose the others: it becomes a
 *   marker that `validateCatalog` reports as `ITEM_NOT_OBJECT` with its line number.
 *
 * Throws `CATALOG_UNREADABLE` (naming the URL, and the HTTP status when there is one) when the
 * source cannot be fetched or parsed, `ABORTED` when `signal` fires, `INVALID_OPTION` for a source
 * of another type.
 */
export async function loadCatalog(source: readonly unknown[] | string | URL, opts: LoadOptions = {}): Promise<unknown[]> {
  if (Array.isArray(source)) return source as unknown[];
  const fetched = await fetchCatalog(source as string | URL, opts);
  opts.onBytes?.(fetched.bytes);
  return parseCatalog(fetched);
}

/** A catalog body as fetched, not parsed yet: `parseCatalog` turns it into raw items. */
export interface FetchedCatalog {
  /** The URL as given, for messages. */
  name: string;
  /** The body after HTTP content decoding, before text decoding. */
  bytes: Uint8Array;
  /** The response's content-type header ('' when none). */
  contentType: string;
  /** What names this version of the file at its URL: its ETag, else its Last-Modified (see `catalogValidator`). */
  validator?: string;
}

/** The ETag of a response, else its Last-Modified; undefined when it has neither. */
function validatorOf(response: Response): string | undefined {
  return response.headers.get('etag') ?? response.headers.get('last-modified') ?? undefined;
}

/**
 * What the server says names the file at `url` now (`FetchedCatalog.validator`), asked with a HEAD
 * request past the HTTP cache: no body is sent. Undefined when the request fails or the answer has
 * no ETag and no Last-Modified. A worker holding a catalog it did not download (a patch,
 * src/worker/catalog/catalog-patch.ts) tells from it whether the site has changed the file since.
 */
export async function catalogValidator(url: string, fetchFn: FetchLike = globalThis.fetch): Promise<string | undefined> {
  try {
    const response = await fetchFn(url, { method: 'HEAD', cache: 'no-store' });
    return response.ok ? validatorOf(response) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Downloads a catalog without parsing it (`loadCatalog` = this + `parseCatalog`), so a caller can
 * first digest the bytes and skip the parse when it knows them already (src/worker/catalog/catalog-sync.ts).
 * Throws like `loadCatalog`.
 */
export async function fetchCatalog(source: string | URL, opts: Omit<LoadOptions, 'onBytes'> = {}): Promise<FetchedCatalog> {
  if (typeof source !== 'string' && !(source instanceof URL)) {
    throw createError(
      ErrorCodes.INVALID_OPTION,
      `the catalog source must be an array of items, a URL or a URL string, got ${describeValue(source, 'typed')}`,
    );
  }
  const name = String(source);
  throwIfAborted(opts.signal);
  const response = await download(source, name, opts);
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await response.arrayBuffer());
  } catch (err) {
    throwIfAborted(opts.signal);
    throw catalogUnreadable(name, `its body could not be read (${errorMessage(err)})`, err);
  }
  throwIfAborted(opts.signal);
  const validator = validatorOf(response);
  return { name, bytes, contentType: response.headers.get('content-type') ?? '', ...(validator ? { validator } : {}) };
}

/** The raw items of a fetched catalog (see `loadCatalog` for the formats); throws `CATALOG_UNREADABLE`. */
export function parseCatalog(fetched: FetchedCatalog): unknown[] {
  const { name } = fetched;
  // Decoded as `Response.text()` does: UTF-8, U+FFFD for bad bytes.
  let body = new TextDecoder().decode(fetched.bytes);
  // A UTF-8 byte order mark, left by some editors and exporters, is not valid JSON.
  if (body.charCodeAt(0) === 0xfeff) body = body.slice(1);
  if (declaresJsonLines(fetched)) return parseJsonLines(body);
  return parseJsonBody(body, name);
}

/** Whether the catalog's path (`.jsonl`, `.ndjson`) or content type says JSON Lines. */
export function declaresJsonLines(fetched: FetchedCatalog): boolean {
  return JSONL_PATH.test(pathOf(fetched.name)) || JSONL_TYPES.test(fetched.contentType.split(';')[0] ?? '');
}

async function download(source: string | URL, name: string, opts: LoadOptions): Promise<Response> {
  // Called as a plain function, not as `opts.fetch(...)`: browsers throw "Illegal invocation" when
  // `window.fetch` runs with another object as `this`.
  const fetchFn: FetchLike = opts.fetch ?? globalThis.fetch;
  let response: Response;
  try {
    response = await fetchFn(source, opts.signal ? { signal: opts.signal } : {});
  } catch (err) {
    throwIfAborted(opts.signal);
    throw catalogUnreadable(name, `it could not be fetched (${errorMessage(err)})`, err);
  }
  if (!response.ok) {
    throw catalogUnreadable(name, `the server answered HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`);
  }
  return response;
}

function parseJsonBody(body: string, name: string): unknown[] {
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch (err) {
    if (looksLikeJsonLines(body)) return parseJsonLines(body);
    throw catalogUnreadable(name, `it is neither JSON nor JSON Lines (${errorMessage(err)})`, err);
  }
  if (Array.isArray(data)) return data;
  if (isRecord(data) && Array.isArray(data.items)) return data.items;
  const got = isRecord(data)
    ? `an object with keys ${
        Object.keys(data)
          .slice(0, 5)
          .map((k) => JSON.stringify(k))
          .join(', ') || '(none)'
      }`
    : describeValue(data, 'typed');
  throw catalogUnreadable(name, `it must be a JSON array of items or an object with an "items" array, got ${got}`);
}

/** The path of a URL string without query or fragment, for the file-extension check. */
function pathOf(url: string): string {
  return url.replace(/[?#].*$/, '');
}

function catalogUnreadable(name: string, why: string, cause?: unknown): InpageRecError {
  return createError(ErrorCodes.CATALOG_UNREADABLE, `catalog ${JSON.stringify(name)} is unreadable: ${why}`, cause);
}
