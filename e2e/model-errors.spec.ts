/**
 * Clear model load errors (issue 11, item 6): a missing model folder, a missing model file and a
 * missing onnxruntime-web file each end in MODEL_FAILED naming the URL and the HTTP status, as the
 * rejection of `ready` and as an `error` event (before: "Cannot read properties of undefined
 * (reading 'tokenizer_class')" for a models/ 404).
 */
import { expect, test } from './fixtures.ts';
import { visit } from './model-pages.ts';
import { startFront } from './model-server.ts';

const cases: { name: string; missing: (path: string) => boolean; says: (origin: string) => string }[] = [
  {
    name: 'the whole models/ folder',
    missing: (p) => p.startsWith('/models/'),
    says: (o) => `model manifest ${o}/models/use-lite-en/manifest.json answered HTTP 404`,
  },
  {
    name: 'a model file (tokenizer_config.json)',
    missing: (p) => p === '/models/use-lite-en/tokenizer_config.json',
    says: (o) => `model file ${o}/models/use-lite-en/tokenizer_config.json answered HTTP 404`,
  },
  {
    name: "onnxruntime-web's .wasm",
    missing: (p) => p === '/ort/ort-wasm-simd-threaded.wasm',
    says: (o) => `onnxruntime-web file ${o}/ort/ort-wasm-simd-threaded.wasm answered HTTP 404`,
  },
  {
    name: "onnxruntime-web's .mjs",
    missing: (p) => p === '/ort/ort-wasm-simd-threaded.mjs',
    says: (o) => `onnxruntime-web file ${o}/ort/ort-wasm-simd-threaded.mjs answered HTTP 404`,
  },
];

for (const c of cases) {
  test(`a 404 on ${c.name} is a MODEL_FAILED naming the URL and the status`, async ({ page, plainServer }) => {
    const front = await startFront({
      upstream: plainServer.url,
      fault: (path) => (c.missing(path) ? { status: 404, body: 'not found', headers: { 'content-type': 'text/plain' } } : undefined),
    });
    try {
      const outcome = await visit(page, front.url, 'ns=errors');
      expect(outcome.ok).toBe(false);
      expect(outcome.code).toBe('MODEL_FAILED');
      expect(outcome.message).toContain('model "use-lite-en" (q8)');
      expect(outcome.message).toContain(c.says(front.url));
      expect(outcome.message).not.toContain('Cannot read properties');
      expect(outcome.events).toEqual([{ code: 'MODEL_FAILED', message: outcome.message }]);
    } finally {
      await front.close();
    }
  });
}
