import { describe, expect, it } from 'vitest';
import { ErrorCodes, InpageRecError } from '../errors.ts';
import type { FetchLike } from '../fetch-like.ts';
import { preloadRuntimeModule } from './runtime-module.ts';

// Node imports `data:` modules, so the import step runs for real; the held import is e2e/stalls.spec.ts.
const MODULE = 'data:text/javascript,export default 42;';

async function failure(run: Promise<void>): Promise<InpageRecError> {
  const err = await run.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(InpageRecError);
  return err as InpageRecError;
}

describe("onnxruntime-web's .mjs, fetched under the watchdog before it is imported", () => {
  it('fetches, then imports the module: one request', async () => {
    const seen: string[] = [];
    const fetchFn: FetchLike = async (input) => {
      seen.push(String(input));
      return new Response('export default 42;');
    };
    await preloadRuntimeModule(fetchFn, MODULE, 1000);
    expect(seen).toEqual([MODULE]);
  });

  it('an HTTP error is MODEL_FAILED naming the URL and the status, and nothing is imported', async () => {
    const err = await failure(
      preloadRuntimeModule(async () => new Response('gone', { status: 404 }), 'data:text/javascript,throw 1', 1000),
    );
    expect(err.code).toBe(ErrorCodes.MODEL_FAILED);
    expect(err.message).toBe('onnxruntime-web file data:text/javascript,throw 1 answered HTTP 404');
  });

  it("a stalled or failed fetch (the watchdog's abort) is MODEL_FAILED naming the URL with the cause", async () => {
    const fetchFn: FetchLike = async () => {
      throw new Error('https://shop.example/ort.mjs sent no bytes for 1 s');
    };
    const err = await failure(preloadRuntimeModule(fetchFn, 'https://shop.example/ort.mjs', 1000));
    expect(err.code).toBe(ErrorCodes.MODEL_FAILED);
    expect(err.message).toContain('onnxruntime-web file https://shop.example/ort.mjs could not be fetched');
    expect(err.message).toContain('sent no bytes for 1 s');
  });

  it('a module that fails to evaluate is MODEL_FAILED naming the URL', async () => {
    const url = 'data:text/javascript,throw new Error("broken runtime")';
    const err = await failure(preloadRuntimeModule(async () => new Response('x'), url, 1000));
    expect(err.code).toBe(ErrorCodes.MODEL_FAILED);
    expect(err.message).toContain(`onnxruntime-web file ${url} could not be imported`);
    expect(err.message).toContain('broken runtime');
  });
});
