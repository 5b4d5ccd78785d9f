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
import { declaredLength, type ReadGuard, readAll } from './read-body.ts';

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
  const stall = () => abort.abort(stalledError(url, stallMs));
  let response: Response;
  const timer = setTimeout(stall, stallMs);
  try {
    response = await fetchFn(input, { ...init, signal: abort.signal });
  } catch (err) {
    throw stallReason(abort.signal) ?? err;
  } finally {
    clearTimeout(timer);
  }
  const source = response.body;
  if (!source) return response;
  // One read's clock: armed while the read is pending (see the file comment).
  const guard: ReadGuard = async (read) => {
    const readTimer = setTimeout(stall, stallMs);
    try {
      return await read;
    } catch (err) {
      throw stallReason(abort.signal) ?? err;
    } finally {
      clearTimeout(readTimer);
    }
  };
  // For callers that read `body` themselves (transformers.js's model download). The reader is
  // taken at the first pull, so the whole-body readers below can still read `source` directly.
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  const body = new ReadableStream<Uint8Array>(
    {
      // Called only when a reader waits for bytes (highWaterMark 0): the clock runs only then.
      async pull(controller) {
        reader ??= source.getReader();
        try {
          const { done, value } = await guard(reader.read());
          if (done) controller.close();
          else controller.enqueue(value);
        } catch (err) {
          controller.error(err);
        }
      },
      cancel: (reason) => (reader ?? source).cancel(reason),
    },
    { highWaterMark: 0 },
  );
  const out = new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
  const type = response.headers.get('content-type') ?? '';
  const length = declaredLength(response.headers);
  const whole = () => readAll(source, length, guard);
  // A constructed Response has an empty `url`; callers that name the file in errors read it. The
  // body readers read the fetched stream under the same clock, not Chrome's own readers, which
  // report any error of a stream body as "TypeError: Failed to fetch" (hiding the stall and its
  // URL) and which could not write into one buffer of the declared length (read-body.ts).
  Object.defineProperties(out, {
    url: { value: response.url },
    arrayBuffer: { value: async () => copyOut(await whole()) },
    text: { value: async () => new TextDecoder().decode(await whole()) },
    json: { value: async () => JSON.parse(new TextDecoder().decode(await whole())) as unknown },
    blob: { value: async () => new Blob([copyOut(await whole())], { type }) },
  });
  return out;
}

/** `bytes` as an ArrayBuffer of its own (a chunk may be a view into a larger buffer). */
function copyOut(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.byteLength === bytes.byteLength ? (bytes.buffer as ArrayBuffer) : bytes.slice().buffer;
}

/** The error of a request that received no bytes for `stallMs`, naming its URL. */
export function stalledError(url: string, stallMs: number): InpageRecError {
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
