import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ErrorCodes } from '../errors.ts';
import { fetchRuntimeWasm } from './runtime-wasm.ts';

const URL_WASM = 'https://shop.example/inpage-rec/ort/ort.wasm';
const RAW = new Uint8Array(50_000).map((_, i) => (i * 7) % 251);

/** A host: responses by URL (a function of the request), and the requests it saw (aborted or not). */
function host(answers: Record<string, () => Response>) {
  const seen: { url: string; signal?: AbortSignal }[] = [];
  const fetchFn = async (input: string | URL, init?: RequestInit) => {
    const url = String(input);
    seen.push({ url, ...(init?.signal ? { signal: init.signal } : {}) });
    return answers[url]?.() ?? new Response('not found', { status: 404 });
  };
  return { fetchFn, seen, urls: () => seen.map((s) => s.url.replace(URL_WASM, 'wasm')) };
}
const plain =
  (bytes: Uint8Array, headers: Record<string, string> = {}) =>
  () =>
    new Response(new Uint8Array(bytes), { headers: { 'content-length': String(bytes.byteLength), ...headers } });

describe('the runtime WASM, compressed whatever the host', () => {
  it('a host that negotiates compression: its answer as it is, one request', async () => {
    const h = host({ [URL_WASM]: () => new Response(RAW, { headers: { 'content-encoding': 'br', 'content-length': '123' } }) });
    expect(new Uint8Array(await fetchRuntimeWasm(h.fetchFn, URL_WASM))).toEqual(RAW);
    expect(h.urls()).toEqual(['wasm']);
  });

  it('a host that cannot: the raw download is stopped at its headers and the .gz sibling decompressed here', async () => {
    const h = host({ [URL_WASM]: plain(RAW), [`${URL_WASM}.gz`]: plain(gzipSync(RAW)) });
    expect(new Uint8Array(await fetchRuntimeWasm(h.fetchFn, URL_WASM))).toEqual(RAW);
    expect(h.urls().filter((u) => u !== 'wasm.br')).toEqual(['wasm', 'wasm.gz']);
    expect(h.seen[0]!.signal?.aborted).toBe(true);
  });

  it('a sibling the host labels with its encoding is not decompressed twice', async () => {
    const h = host({ [URL_WASM]: plain(RAW), [`${URL_WASM}.gz`]: plain(RAW, { 'content-encoding': 'gzip' }) });
    expect(new Uint8Array(await fetchRuntimeWasm(h.fetchFn, URL_WASM))).toEqual(RAW);
  });

  it('a missing or stale sibling: the raw file after all', async () => {
    const missing = host({ [URL_WASM]: plain(RAW) });
    expect(new Uint8Array(await fetchRuntimeWasm(missing.fetchFn, URL_WASM))).toEqual(RAW);
    expect(missing.urls().filter((u) => u !== 'wasm.br')).toEqual(['wasm', 'wasm.gz', 'wasm']);
    // Left by another version: it decompresses to another length, and is not used.
    const stale = host({ [URL_WASM]: plain(RAW), [`${URL_WASM}.gz`]: plain(gzipSync(RAW.subarray(1))) });
    expect(new Uint8Array(await fetchRuntimeWasm(stale.fetchFn, URL_WASM))).toEqual(RAW);
    expect(stale.urls().filter((u) => u !== 'wasm.br')).toEqual(['wasm', 'wasm.gz', 'wasm']);
    // Not gzip at all.
    const broken = host({ [URL_WASM]: plain(RAW), [`${URL_WASM}.gz`]: plain(RAW) });
    expect(new Uint8Array(await fetchRuntimeWasm(broken.fetchFn, URL_WASM))).toEqual(RAW);
  });

  it('the raw file failing is MODEL_FAILED naming it', async () => {
    const h = host({});
    await expect(fetchRuntimeWasm(h.fetchFn, URL_WASM)).rejects.toMatchObject({
      code: ErrorCodes.MODEL_FAILED,
      message: `onnxruntime-web file ${URL_WASM} answered HTTP 404`,
    });
  });
});
