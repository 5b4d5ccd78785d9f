/**
 * Turns whatever a failed model load threw into one MODEL_FAILED that says which file failed and
 * how. transformers.js and onnxruntime-web report a missing file as a crash far downstream ("Cannot
 * read properties of undefined (reading 'tokenizer_class')", "no available backend found"); the
 * verifying fetch records every request that did not answer OK, and the runtime's own files are
 * checked on the way out, so the message names the URL and the HTTP status instead.
 */
import { createError, ErrorCodes, InpageRecError } from '../errors.ts';
import type { FetchLike } from '../fetch-like.ts';
import type { FetchFailure } from './verified-fetch.ts';

/** What the explanation may use. */
export interface LoadContext {
  model: string;
  dtype: string;
  modelBase: string;
  /** Requests that did not answer OK during the load (from the verifying fetch). */
  failures: readonly FetchFailure[];
  /** onnxruntime-web's `.mjs`/`.wasm` URLs (browser only), checked when the cause is unclear. */
  runtimeFiles: readonly string[];
  fetch?: FetchLike;
}

const CSP_HINT = /Content Security Policy|Content-Security-Policy|unsafe-eval|Refused to/i;

/** Checks each runtime file with a HEAD request; returns what is wrong with the first bad one. */
async function checkRuntimeFiles(files: readonly string[], fetchFn: FetchLike): Promise<string | undefined> {
  for (const url of files) {
    try {
      const response = await fetchFn(url, { method: 'HEAD', cache: 'no-store' });
      if (!response.ok) return `onnxruntime-web file ${url} answered HTTP ${response.status}`;
    } catch (err) {
      return `onnxruntime-web file ${url} could not be fetched (${String(err)})`;
    }
  }
  return undefined;
}

/** The MODEL_FAILED to throw for `err`; other InpageRecErrors (e.g. INVALID_OPTION) pass unchanged. */
export async function explainLoadFailure(err: unknown, ctx: LoadContext): Promise<InpageRecError> {
  const head = `model "${ctx.model}" (${ctx.dtype})`;
  if (err instanceof InpageRecError) {
    return err.code === ErrorCodes.MODEL_FAILED ? createError(ErrorCodes.MODEL_FAILED, `${head}: ${err.message}`, err) : err;
  }
  const original = String(err);
  const runtime = ctx.runtimeFiles.length ? await checkRuntimeFiles(ctx.runtimeFiles, ctx.fetch ?? fetch) : undefined;
  if (runtime) return createError(ErrorCodes.MODEL_FAILED, `${head} could not start: ${runtime} (${original})`, err);
  // Requests the manifest rules out (optional files transformers.js probes for) are expected misses.
  const answered = ctx.failures.filter((f) => f.status !== undefined && f.reason !== 'not listed in the model manifest');
  const failed = answered.length ? answered : ctx.failures.filter((f) => f.status === undefined);
  if (failed.length) {
    const files = failed.map((f) => `model file ${f.url} ${f.reason}`).join('; ');
    return createError(ErrorCodes.MODEL_FAILED, `${head} could not be loaded: ${files} (${original})`, err);
  }
  const hint = CSP_HINT.test(original)
    ? ` (a Content-Security-Policy must allow script-src 'self' 'wasm-unsafe-eval' and worker-src 'self')`
    : '';
  return createError(ErrorCodes.MODEL_FAILED, `${head} could not be loaded from ${ctx.modelBase}: ${original}${hint}`, err);
}
