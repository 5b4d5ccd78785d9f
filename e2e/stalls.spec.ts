/**
 * No hang on a held connection (issue 29, point 1): a download that stops half-way with its
 * connection held open (the whole Content-Length promised), or a request that never gets headers,
 * is abandoned after `stallTimeoutMs` (1 s here, 15 s by default), and the visit goes on.
 * - Prebuilt vectors: an ARTIFACT_INVALID error naming the file, then the page embeds the catalog.
 * - The model and onnxruntime-web's WASM and `.mjs` (its fetch, or the import after it):
 *   MODEL_FAILED naming the URL, `ready` settles.
 * - The catalog (by XMLHttpRequest, src/network/xhr-fetch.ts): CATALOG_UNREADABLE naming it, `ready` settles.
 * Before the watchdog, each of these waited forever ("Loading recommendations (50%)…").
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../test/paths.ts';
import { expect, test } from './fixtures.ts';
import { visit } from './model-pages.ts';
import { type FaultAnswer, startFront } from './model-server.ts';

const BIN = firstBinaryName();

function firstBinaryName(): string {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'dist', 'demo', 'vectors', 'manifest.json'), 'utf8')) as {
    files: { name: string }[];
  };
  return manifest.files[0]!.name;
}

/** The served file at `path` (under dist/ or e2e/pages/), held as `hold` says. */
function held(path: string, hold: 'headers' | 'body', type: string): FaultAnswer {
  const file = path.startsWith('/e2e/') ? join(ROOT, 'e2e', 'pages', path.slice(5)) : join(ROOT, 'dist', path);
  return { hold, body: readFileSync(file), headers: { 'content-type': type } };
}

for (const hold of ['body', 'headers'] as const) {
  test(`prebuilt vectors held (${hold === 'body' ? 'half-way' : 'before the headers'}): an error naming the file, then the page embeds`, async ({
    page,
    plainServer,
  }) => {
    const path = `/demo/vectors/${BIN}`;
    const front = await startFront({
      upstream: plainServer.url,
      fault: (p) => (p === path ? held(path, hold, 'application/octet-stream') : undefined),
    });
    try {
      const outcome = await visit(page, front.url, `ns=stall-vectors-${hold}&items=24&stall=1000&vectors=/demo/vectors/manifest.json`);
      expect(outcome.ok).toBe(true);
      expect(outcome).toMatchObject({ embedded: 24 });
      expect(outcome.similar).toHaveLength(3);
      expect(outcome.events).toEqual([
        {
          code: 'ARTIFACT_INVALID',
          message: expect.stringContaining(`${front.url}${path} sent no bytes for 1 s`),
        },
      ]);
      expect(front.hits.get(path)).toBe(1);
    } finally {
      await front.close();
    }
  });
}

const MODEL_FILES = [
  { name: 'the model', path: '/models/use-lite-en/onnx/model_quantized.onnx', type: 'application/octet-stream' },
  { name: "onnxruntime-web's WASM", path: '/ort/ort-wasm-simd-threaded.wasm', type: 'application/wasm' },
  // A dynamic import inside onnxruntime-web: the worker fetches it first (src/encoder/runtime-module.ts).
  { name: "onnxruntime-web's .mjs", path: '/ort/ort-wasm-simd-threaded.mjs', type: 'text/javascript' },
  // transformers.js, imported by the worker when it loads the model (src/encoder/encoder.ts `moduleBase`; on WASM, as every visit here, the WASM-only build: src/encoder/runtime-flavours.ts).
  { name: 'the encoder module', path: '/inpage-rec.encoder.js', type: 'text/javascript' },
];

for (const file of MODEL_FILES) {
  test(`${file.name} held half-way: MODEL_FAILED naming the URL, and ready settles`, async ({ page, plainServer }) => {
    const front = await startFront({
      upstream: plainServer.url,
      // The WASM's compressed siblings too: a raw answer is dropped for them (src/encoder/runtime-wasm.ts).
      fault: (p) => (p.startsWith(file.path) ? held(p, 'body', file.type) : undefined),
    });
    try {
      const outcome = await visit(page, front.url, `ns=stall-model-${file.path.length}&stall=1000`);
      expect(outcome.ok).toBe(false);
      expect(outcome.code).toBe('MODEL_FAILED');
      expect(outcome.message).toContain(`${front.url}${file.path} sent no bytes for 1 s`);
      expect(outcome.events).toEqual([{ code: 'MODEL_FAILED', message: outcome.message }]);
    } finally {
      await front.close();
    }
  });
}

test("onnxruntime-web's .mjs answered, then its import held: MODEL_FAILED naming the URL, and ready settles", async ({
  page,
  plainServer,
}) => {
  const path = '/ort/ort-wasm-simd-threaded.mjs';
  const file = join(ROOT, 'dist', path);
  const front = await startFront({
    upstream: plainServer.url,
    // Not cacheable, so the import asks the server again; that second request never gets headers.
    fault: (p, n) =>
      p === path
        ? n === 0
          ? { body: readFileSync(file), headers: { 'content-type': 'text/javascript', 'cache-control': 'no-store' } }
          : { hold: 'headers' }
        : undefined,
  });
  try {
    const outcome = await visit(page, front.url, 'ns=stall-mjs-import&stall=1000');
    expect(outcome.ok).toBe(false);
    expect(outcome.code).toBe('MODEL_FAILED');
    expect(outcome.message).toContain(`${front.url}${path} was fetched, but importing it did not finish within 1 s`);
    expect(outcome.events).toEqual([{ code: 'MODEL_FAILED', message: outcome.message }]);
    expect(front.hits.get(path)).toBe(2);
  } finally {
    await front.close();
  }
});

// The worker downloads the catalog by XMLHttpRequest (src/network/xhr-fetch.ts): its own watchdog.
for (const hold of ['body', 'headers'] as const) {
  test(`the catalog held ${hold === 'body' ? 'half-way' : 'before the headers'}: CATALOG_UNREADABLE naming it, and ready settles`, async ({
    page,
    plainServer,
  }) => {
    const path = '/e2e/catalog-small.json';
    const front = await startFront({ upstream: plainServer.url });
    try {
      // The page's own script reads the catalog first; the worker's request is the second one.
      front.setFault((p, n) => (p === path && n > 0 ? held(path, hold, 'application/json') : undefined));
      const outcome = await visit(page, front.url, `ns=stall-catalog-${hold}&stall=1000&catalog=${path}`);
      expect(outcome.ok).toBe(false);
      expect(outcome.code).toBe('CATALOG_UNREADABLE');
      expect(outcome.message).toContain(`${front.url}${path} sent no bytes for 1 s`);
    } finally {
      await front.close();
    }
  });
}
