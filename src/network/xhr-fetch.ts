/**
 * A whole-body download by `XMLHttpRequest`, under the same stall watchdog as every other request
 * (stall-watch.ts), for the worker's largest file: the catalog.
 *
 * Why not `fetch`: the watchdog needs to see bytes arrive, so a fetch body is read from JavaScript,
 * and in Chromium each chunk read that way stays as garbage twice until V8's next major GC, which a
 * busy worker may not run for seconds and an idle one never: the chunk's ArrayBuffer and a copy on
 * Blink's own heap. The 32k Steam catalog (23.7 MB, brotli) read on a phone link left 47.7 MB of
 * ArrayBuffers and 21.9 MB of Blink heap in the worker; `Response.arrayBuffer()` left 22.6 and 0.8,
 * but reports no progress. An XMLHttpRequest buffers natively too (22.6 and 0.8) and fires
 * `progress` events, which keep the watchdog's clock.
 *
 * The response is resolved when its headers arrive, as fetch's is, with a null `body`: its
 * `arrayBuffer`, `text`, `json` and `blob` wait for the whole body. Only plain GETs qualify
 * (`canUseXhr`); anything else, and any place without XMLHttpRequest (Node), goes through fetch.
 */
import type { FetchLike } from '../fetch-like.ts';
import { stalledError } from './stall-watch.ts';

/** What `RequestInit` may hold for an XMLHttpRequest to do what fetch would. */
const XHR_INIT_KEYS = new Set(['method', 'headers', 'signal', 'cache']);

/** Whether `init` asks for nothing XMLHttpRequest cannot do the same way (a plain GET, the default cache). */
export function canUseXhr(init: RequestInit | undefined): boolean {
  if (typeof XMLHttpRequest !== 'function') return false;
  if (!init) return true;
  if (Object.keys(init).some((k) => !XHR_INIT_KEYS.has(k) && (init as Record<string, unknown>)[k] !== undefined)) return false;
  return (init.method ?? 'GET').toUpperCase() === 'GET' && (init.cache ?? 'default') === 'default';
}

/** Downloads `input` whole by XMLHttpRequest (see the file comment); no bytes for `stallMs` fail it with `NETWORK_STALLED`. */
export function xhrFetch(input: string | URL, init: RequestInit | undefined, stallMs: number): Promise<Response> {
  const url = String(input);
  const xhr = new XMLHttpRequest();
  let failWith: (err: unknown) => void = () => undefined;
  const body = new Promise<ArrayBuffer>((resolve, reject) => {
    xhr.addEventListener('load', () => resolve(xhr.response as ArrayBuffer));
    failWith = reject;
  });
  // Whoever reads no body (an error status) must not leave a rejection unhandled.
  body.catch(() => undefined);
  return new Promise<Response>((resolve, reject) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const fail = (err: unknown) => {
      clearTimeout(timer);
      reject(err);
      failWith(err);
    };
    const stall = () => {
      xhr.abort();
      fail(stalledError(url, stallMs));
    };
    const progressed = () => {
      clearTimeout(timer);
      timer = setTimeout(stall, stallMs);
    };
    const signal = init?.signal;
    if (signal?.aborted) return fail(signal.reason);
    signal?.addEventListener(
      'abort',
      () => {
        xhr.abort();
        fail(signal.reason);
      },
      { once: true },
    );
    xhr.open('GET', url);
    xhr.responseType = 'arraybuffer';
    for (const [name, value] of new Headers(init?.headers)) xhr.setRequestHeader(name, value);
    xhr.addEventListener('progress', progressed);
    xhr.addEventListener('readystatechange', () => {
      progressed();
      if (xhr.readyState === XMLHttpRequest.HEADERS_RECEIVED) {
        if (xhr.status < 200 || xhr.status > 599) return fail(new TypeError('Failed to fetch'));
        resolve(responseOf(xhr, url, body));
      }
    });
    xhr.addEventListener('loadend', () => clearTimeout(timer));
    // A network error, or a CORS refusal (as fetch, "Failed to fetch").
    xhr.addEventListener('error', () => fail(new TypeError('Failed to fetch')));
    progressed();
    xhr.send();
  });
}

/** A Response for `xhr`'s status and headers whose body readers wait for `body`. */
function responseOf(xhr: XMLHttpRequest, url: string, body: Promise<ArrayBuffer>): Response {
  const headers = new Headers();
  for (const line of xhr
    .getAllResponseHeaders()
    .trim()
    .split(/[\r\n]+/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.append(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
  }
  const type = headers.get('content-type') ?? '';
  const nullBody = xhr.status === 204 || xhr.status === 205 || xhr.status === 304;
  const out = new Response(nullBody ? null : '', { status: xhr.status, statusText: xhr.statusText, headers });
  Object.defineProperties(out, {
    url: { value: xhr.responseURL || url },
    body: { value: null },
    arrayBuffer: { value: () => body },
    bytes: { value: async () => new Uint8Array(await body) },
    text: { value: async () => new TextDecoder().decode(await body) },
    json: { value: async () => JSON.parse(new TextDecoder().decode(await body)) as unknown },
    blob: { value: async () => new Blob([await body], { type }) },
  });
  return out;
}

/** `fetchFn`, except that plain GETs go by XMLHttpRequest where there is one (see the file comment). */
export function wholeBodyFetch(fetchFn: FetchLike, stallMs: () => number): FetchLike {
  return (input, init) => (canUseXhr(init) ? xhrFetch(input, init, stallMs()) : fetchFn(input, init));
}

let installed: FetchLike | undefined;

/** Sets what `fetchWholeBody` calls: the worker's entry installs `wholeBodyFetch` over its watched fetch. */
export function installWholeBodyFetch(fetchFn: FetchLike | undefined): void {
  installed = fetchFn;
}

/**
 * The fetch for a body that is read whole and is large: the installed one, else the global fetch
 * (as called, so a test's stand-in for it applies).
 */
export const fetchWholeBody: FetchLike = (input, init) => (installed ?? globalThis.fetch)(input, init);
