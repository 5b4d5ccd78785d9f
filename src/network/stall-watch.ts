/**
 * A progress watchdog for every request the worker makes: a request that receives no bytes for
 * `stallMs` (no response headers yet, or a body that stopped half-way with its connection held
 * open) is aborted and fails with `NETWORK_STALLED` naming the URL. Without it a held connection
 * hangs the visit forever: the browser's fetch has no timeout of its own.
 *
 * The clock runs only while someone waits: from the call until the headers, then while a read of
 * the body is pending. A response kept unread (the worker clones the manifest response and reads
 * it later) is never declared stalled for the wait.
 *
 * The worker installs it over its global `fetch` (worker.ts), so the catalog, the artifact, the
 * model files and onnxruntime-web's own WASM fetch are all watched, the last without any hook in
 * onnxruntime-web. Each caller's failure path then applies: artifact -> embed in the page, model ->
 * keyword results, catalog -> an error.
 */
import { createError, ErrorCodes, type InpageRecError } from '../errors.ts';
import type { FetchLike } from '../fetch-like.ts';
import { declaredLength, readAll } from './read-body.ts';

/** How long a request may go without a byte when the page does not say (ms). */
export const DEFAULT_STALL_MS = 15_000;

/** A fetch watched for stalls, whose limit can be changed once the page's options arrive. */
export interface StallWatchedFetch {
  fetch: FetchLike;
  /** The limit for requests started from now on (ms). */
  stallMs: number;
}

/** Wraps `fetchFn` (see the file comment); `stallMs` is read when each request starts. */
export function watchStalls(fetchFn: FetchLike, stallMs = DEFAULT_STALL_MS): StallWatchedFetch {
  const watched: StallWatchedFetch = {
    stallMs,
    fetch: (input, init) => watchedRequest(fetchFn, input, init, watched.stallMs),
  };
  return watched;
}

async function watchedRequest(fetchFn: FetchLike, input: string | URL, init: RequestInit | undefined, stallMs: number): Promise<Response> {
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : (input as Request).url;
  const abort = new AbortController();
  const outer = init?.signal;
  if (outer?.aborted) abort.abort(outer.reason);
  else outer?.addEventListener('abort', () => abort.abort(outer.reason), { once: true });
  const stall = () => abort.abort(stalled(url, stallMs));
  let response: Response;
  const timer = setTimeout(stall, stallMs);
  try {
    response = await fetchFn(input, { ...init, signal: abort.signal });
  } catch (err) {
    throw stallReason(abort.signal) ?? err;
  } finally {
    clearTimeout(timer);
  }
  if (!response.body) return response;
  const reader = response.body.getReader();
  const body = new ReadableStream<Uint8Array>(
    {
      // Called only when a reader waits for bytes (highWaterMark 0): the clock runs only then.
      async pull(controller) {
        const readTimer = setTimeout(() => {
          stall();
          void reader.cancel(abort.signal.reason).catch(() => undefined);
        }, stallMs);
        try {
          const { done, value } = await reader.read();
          if (done) controller.close();
          else controller.enqueue(value);
        } catch (err) {
          controller.error(stallReason(abort.signal) ?? err);
        } finally {
          clearTimeout(readTimer);
        }
      },
      cancel: (reason) => reader.cancel(reason),
    },
    { highWaterMark: 0 },
  );
  const out = new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
  const type = response.headers.get('content-type') ?? '';
  const length = declaredLength(response.headers);
  // A constructed Response has an empty `url`; callers that name the file in errors read it. The
  // body readers go through the stream because Chrome's own report any error of a stream body
  // as "TypeError: Failed to fetch", which would hide the stall and its URL.
  Object.defineProperties(out, {
    url: { value: response.url },
    arrayBuffer: { value: async () => copyOut(await readAll(body, length)) },
    text: { value: async () => new TextDecoder().decode(await readAll(body, length)) },
    json: { value: async () => JSON.parse(new TextDecoder().decode(await readAll(body, length))) as unknown },
    blob: { value: async () => new Blob([copyOut(await readAll(body, length))], { type }) },
  });
  return out;
}

/** `bytes` as an ArrayBuffer of its own (a chunk may be a view into a larger buffer). */
function copyOut(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.byteLength === bytes.byteLength ? (bytes.buffer as ArrayBuffer) : bytes.slice().buffer;
}

function stalled(url: string, stallMs: number): InpageRecError {
  return createError(
    ErrorCodes.NETWORK_STALLED,
    `${url} sent no bytes for ${stallMs / 1000} s, so the request was abandoned (the connection is held open or the network is down)`,
  );
}

/** The watchdog's error if it aborted the request. */
function stallReason(signal: AbortSignal): InpageRecError | undefined {
  const reason: unknown = signal.reason;
  return signal.aborted && reason instanceof Error && 'code' in reason && reason.code === ErrorCodes.NETWORK_STALLED
    ? (reason as InpageRecError)
    : undefined;
}
