/**
 * The retrieval endpoint as a fetch-style handler (`Request` in, `Response` out), so it runs in
 * Node (node-server.ts adapts `http`), in edge runtimes and in tests alike. A thin layer: it
 * bounds and checks each request (requests.ts), rate-limits each client, runs the mode's SQL
 * (queries.ts) under a time limit and answers JSON:
 *
 *     200 { "items": [{ "id", "score", "item", "basis"? }], "anchor"?: { "id", "vector": [dims numbers] } }
 *         ("anchor": the similar or complements item's stored vector; left out when it has none)
 *     200 { "vectors": { "<id>": [dims numbers], ... } }   (a "vectors" request; unknown ids left out)
 *     400 INVALID_OPTION   404 UNKNOWN_ITEM   405 not POST   413 body too large
 *     429 rate limited (Retry-After)   503 DATABASE_FAILED or over the time limit
 *
 * Error bodies are `{ "error": { "code", "message" } }`; a database failure's message is generic
 * (the details go to `onError`, not to the client).
 */
import { createError, ErrorCodes, errorMessage } from '../errors.ts';
import { rank, storedVectors } from './queries.ts';
import { parseRequest } from './requests.ts';
import { run } from './schema.ts';
import type { SqlClient } from './sql-client.ts';

/** Options of `createRequestHandler`. */
export interface HandlerOptions {
  /** Largest request body accepted, bytes (default 64 KiB). */
  maxBodyBytes?: number;
  /** Requests per second each client may make, with a burst of `burst` (default 20 and 40). */
  rate?: { perSecond: number; burst: number };
  /** Longest a request may take, ms (default 5,000). */
  timeoutMs?: number;
  /** `Access-Control-Allow-Origin` for a page on another origin (default: none, same origin only). */
  allowOrigin?: string;
  /** Hears what went wrong server-side (a database failure's details). */
  onError?: (error: unknown) => void;
}

/** A handler: `client` names the caller for the rate limit (e.g. its address). */
export type RequestHandler = (request: Request, client?: string) => Promise<Response>;

/** Clients the rate limiter remembers at most (the oldest are forgotten first). */
const MAX_CLIENTS = 10_000;

/**
 * A handler over the database `sql`, which must hold a loaded catalog (`inpage-rec build --to`).
 * Throws `DATABASE_FAILED` when it does not.
 */
export async function createRequestHandler(sql: SqlClient, options: HandlerOptions = {}): Promise<RequestHandler> {
  const model = await run<{ value: { dims: number } }>(sql, "SELECT value FROM inpage_rec_meta WHERE key = 'model'").catch(() => ({
    rows: [],
  }));
  const dims = model.rows[0]?.value.dims;
  if (dims === undefined)
    throw createError(ErrorCodes.DATABASE_FAILED, 'the database holds no catalog: load one with `inpage-rec build ... --to <database>`');
  const maxBody = options.maxBodyBytes ?? 64 * 1024;
  const timeoutMs = options.timeoutMs ?? 5_000;
  const limiter = rateLimiter(options.rate ?? { perSecond: 20, burst: 40 });
  const cors: Record<string, string> = options.allowOrigin ? { 'access-control-allow-origin': options.allowOrigin, vary: 'Origin' } : {};
  const reply = (status: number, body: unknown, headers: Record<string, string> = {}) =>
    new Response(JSON.stringify(body), {
      status,
      headers: { 'content-type': 'application/json', 'cache-control': 'no-store', ...cors, ...headers },
    });
  const error = (status: number, code: string, message: string, headers?: Record<string, string>) =>
    reply(status, { error: { code, message } }, headers);

  return async (request, client = 'anonymous') => {
    if (request.method === 'OPTIONS' && options.allowOrigin) {
      return new Response(null, {
        status: 204,
        headers: { ...cors, 'access-control-allow-methods': 'POST', 'access-control-allow-headers': 'content-type' },
      });
    }
    if (request.method !== 'POST') return error(405, 'METHOD_NOT_ALLOWED', 'only POST is accepted', { allow: 'POST' });
    const wait = limiter(client);
    if (wait > 0) return error(429, 'RATE_LIMITED', 'too many requests', { 'retry-after': String(Math.ceil(wait / 1000)) });
    const body = await readBody(request, maxBody);
    if (body === undefined) return error(413, 'TOO_LARGE', `the body is over ${maxBody} bytes`);
    try {
      let parsed: unknown;
      try {
        parsed = JSON.parse(body);
      } catch {
        return error(400, ErrorCodes.INVALID_OPTION, 'request: the body is not JSON');
      }
      const checked = parseRequest(parsed, dims);
      const answer = checked.mode === 'vectors' ? storedVectors(sql, checked.items) : rank(sql, checked);
      return reply(200, await withTimeout<object>(answer, timeoutMs));
    } catch (err) {
      const code = err instanceof Error && 'code' in err ? String(err.code) : '';
      if (code === ErrorCodes.INVALID_OPTION) return error(400, code, errorMessage(err));
      if (code === ErrorCodes.UNKNOWN_ITEM) return error(404, code, errorMessage(err));
      options.onError?.(err);
      return error(503, ErrorCodes.DATABASE_FAILED, 'the database could not answer');
    }
  };
}

/** The body as text, or undefined when it is longer than `max` bytes (read no further than that). */
async function readBody(request: Request, max: number): Promise<string | undefined> {
  const declared = Number(request.headers.get('content-length') ?? 0);
  if (declared > max) return undefined;
  if (!request.body) return '';
  const reader = request.body.getReader();
  const parts: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > max) {
      await reader.cancel();
      return undefined;
    }
    parts.push(value);
  }
  // Joined by hand, not with Buffer: edge runtimes have none.
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const part of parts) {
    bytes.set(part, at);
    at += part.byteLength;
  }
  return new TextDecoder().decode(bytes);
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(createError(ErrorCodes.DATABASE_FAILED, `the query took over ${ms} ms`)), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

/** A token bucket per client: returns 0 when a request may go, else the ms until it may. */
function rateLimiter({ perSecond, burst }: { perSecond: number; burst: number }): (client: string) => number {
  const buckets = new Map<string, { tokens: number; at: number }>();
  return (client) => {
    const now = Date.now();
    const bucket = buckets.get(client) ?? { tokens: burst, at: now };
    bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.at) / 1000) * perSecond);
    bucket.at = now;
    buckets.delete(client);
    buckets.set(client, bucket);
    if (buckets.size > MAX_CLIENTS) buckets.delete(buckets.keys().next().value!);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return ((1 - bucket.tokens) / perSecond) * 1000;
  };
}
