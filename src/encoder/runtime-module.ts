/**
 * onnxruntime-web's `.mjs`, loaded before onnxruntime-web asks for it, so that a server holding it
 * cannot hang the model load. onnxruntime-web loads it with a dynamic `import()`, which no fetch
 * hook sees: a held connection there used to hang the visit at "loading-model" forever.
 *
 * So the worker first fetches the file through its own `fetch` (the stall watchdog applies: no
 * bytes for the limit aborts it, naming the URL), then imports it itself with a deadline of the
 * same limit. The import finds the bytes in the HTTP cache (or, where the host forbids caching,
 * fetches them again from a server that has just answered); a module is imported once per URL, so
 * onnxruntime-web's own `import()` of the same URL later resolves at once. Not a `blob:` URL: a
 * strict `script-src 'self'` blocks those.
 */
import { createError, ErrorCodes, errorMessage, InpageRecError } from '../errors.ts';
import type { FetchLike } from '../fetch-like.ts';

/** Fetches, then imports, the runtime module at `url`; throws MODEL_FAILED naming it when either fails or stalls. */
export async function preloadRuntimeModule(fetchFn: FetchLike, url: string, stallMs: number): Promise<void> {
  await importWatched(fetchFn, url, stallMs, 'onnxruntime-web file');
}

/**
 * The module at `url`, fetched under the watchdog and then imported under a deadline (see the file
 * comment): `what` names it in the MODEL_FAILED thrown when either step fails or stalls. Also how
 * the worker loads transformers.js itself (`inpage-rec.encoder.js`, encoder.ts).
 */
export async function importWatched<T>(fetchFn: FetchLike, url: string, stallMs: number, what: string): Promise<T> {
  try {
    const response = await fetchFn(url);
    if (!response.ok) throw createError(ErrorCodes.MODEL_FAILED, `${what} ${url} answered HTTP ${response.status}`);
    await response.arrayBuffer();
  } catch (err) {
    if (err instanceof InpageRecError && err.code === ErrorCodes.MODEL_FAILED) throw err;
    throw createError(ErrorCodes.MODEL_FAILED, `${what} ${url} could not be fetched (${errorMessage(err)})`, err);
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          createError(
            ErrorCodes.MODEL_FAILED,
            `${what} ${url} was fetched, but importing it did not finish within ${stallMs / 1000} s, so the model load was abandoned`,
          ),
        ),
      stallMs,
    );
  });
  try {
    return (await Promise.race([import(/* @vite-ignore */ /* webpackIgnore: true */ url), deadline])) as T;
  } catch (err) {
    if (err instanceof InpageRecError) throw err;
    throw createError(ErrorCodes.MODEL_FAILED, `${what} ${url} could not be imported (${errorMessage(err)})`, err);
  } finally {
    clearTimeout(timer);
  }
}
