/**
 * The retrieval endpoint as the worker reaches it (option `remote`, docs/guide/remote.md): one
 * JSON POST per request, under a time limit, so that a slow or dead endpoint never holds a list.
 * An endpoint that fails (no answer, a 429 or 5xx, a body that is not an answer) is left alone for
 * `RETRY_MS` (or its `Retry-After`): calls go straight to the page's own ranking meanwhile, instead
 * of each waiting out the time limit again.
 *
 * Requests carry no cookies and no referrer (`credentials: 'omit'`, `no-referrer`): the server
 * learns what the request body says and nothing that ties it to the visitor's session.
 */
import { createError, ErrorCodes, type InpageRecError } from '../../errors.ts';

/** How long an endpoint that failed is left alone, when it names no `Retry-After`. */
export const RETRY_MS = 30_000;

/** Why a request got no usable answer: the endpoint is unavailable, or refused this request. */
export type RemoteFailure =
  | { kind: 'down'; message: string }
  /** The endpoint answered 400 (a request it does not accept) or 404 (an item it does not hold). */
  | { kind: 'refused'; error: InpageRecError };

/** What `post` gives: the answer's JSON, or why there is none. */
export type RemoteResult = { ok: true; body: unknown } | { ok: false; failure: RemoteFailure };

/** A response and its body as JSON. */
interface Reply {
  response: Response;
  json: unknown;
}

/** Counts for `status()`. */
export interface RemoteCounts {
  answered: number;
  failed: number;
}

/** One retrieval endpoint. */
export class RemoteEndpoint {
  readonly counts: RemoteCounts = { answered: 0, failed: 0 };
  private downUntil = 0;

  /** `onDown` hears each time the endpoint becomes unavailable (once per outage). */
  constructor(
    readonly url: string,
    private readonly timeoutMs: number,
    private readonly onDown: (message: string) => void,
    private readonly fetchFn: typeof fetch = (input, init) => fetch(input, init),
  ) {}

  /** False while a failed endpoint is left alone. */
  get available(): boolean {
    return Date.now() >= this.downUntil;
  }

  /**
   * Posts `body`; never throws, never waits longer than the time limit (the request is aborted
   * then, and not awaited further even if something ignores the abort). Each call is counted once,
   * here: a response that comes after its time limit changes nothing.
   */
  async post(body: object): Promise<RemoteResult> {
    const abort = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        abort.abort();
        reject(new Error('time limit'));
      }, this.timeoutMs);
    });
    let reply: Reply;
    try {
      reply = await Promise.race([this.send(body, abort.signal), late]);
    } catch (err) {
      return this.down(abort.signal.aborted ? `no answer within ${this.timeoutMs} ms` : `the request failed (${String(err)})`);
    } finally {
      clearTimeout(timer);
    }
    const { response, json } = reply;
    if (response.ok && json !== undefined) {
      this.counts.answered += 1;
      return { ok: true, body: json };
    }
    if (response.status === 400 || response.status === 404) return { ok: false, failure: refused(response.status, json) };
    return this.down(`the endpoint answered HTTP ${response.status}`, retryAfter(response));
  }

  /** One request and its body as JSON (undefined when it is not JSON); no bookkeeping. */
  private async send(body: object, signal: AbortSignal): Promise<Reply> {
    const response = await this.fetchFn(this.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal,
      credentials: 'omit',
      referrerPolicy: 'no-referrer',
      cache: 'no-store',
    });
    const json: unknown = await response.json().catch(() => undefined);
    return { response, json };
  }

  /** Marks the endpoint down for a while; the page hears it once per outage. */
  down(message: string, waitMs = RETRY_MS): RemoteResult {
    this.counts.failed += 1;
    const wasAvailable = this.available;
    this.downUntil = Date.now() + waitMs;
    if (wasAvailable) this.onDown(message);
    return { ok: false, failure: { kind: 'down', message } };
  }
}

/** The server's own error for a 400 or 404, as the page's error of the same meaning. */
function refused(status: number, json: unknown): RemoteFailure {
  const error = (json as { error?: { message?: unknown } } | undefined)?.error;
  const message = typeof error?.message === 'string' ? error.message.slice(0, 300) : `HTTP ${status}`;
  const code = status === 404 ? ErrorCodes.UNKNOWN_ITEM : ErrorCodes.INVALID_OPTION;
  return { kind: 'refused', error: createError(code, `the retrieval endpoint refused the request: ${message}`) };
}

/** `Retry-After` in ms (seconds form only), at least `RETRY_MS`'s tenth and at most ten minutes. */
function retryAfter(response: Response): number {
  const seconds = Number(response.headers.get('retry-after'));
  if (!Number.isFinite(seconds) || seconds <= 0) return RETRY_MS;
  return Math.min(600_000, Math.max(RETRY_MS / 10, seconds * 1000));
}
