import { createHash } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { brotliCompressSync, brotliDecompressSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyAssets, packageDist } from './assets.ts';
import { servedUrl } from './assets-command.ts';

const base = mkdtempSync(join(tmpdir(), 'inpage-rec-assets-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const WASM = Buffer.from('wasm '.repeat(4000));
const WEIGHTS = {
  'onnx/model_quantized.onnx': Buffer.from('q8 weights '.repeat(300)),
  'onnx/model.onnx': Buffer.from('fp32 '.repeat(900)),
};

/** A package `dist/` as npm installs it: the WASM only as `.br`, the model without fp32 weights. */
function fakeDist(dir: string, options: { fp32?: boolean; wasm?: Buffer } = {}): string {
  const put = (rel: string, bytes: Buffer | string) => {
    mkdirSync(join(dir, rel, '..'), { recursive: true });
    writeFileSync(join(dir, rel), bytes);
  };
  put('inpage-rec.worker.js', 'self.onmessage = () => {};\n'.repeat(50));
  put('inpage-rec.encoder.js', 'export const env = {};\n'.repeat(50));
  put('inpage-rec.encoder-webgpu.js', 'export const env = { webgpu: {} };\n'.repeat(50));
  put('inpage-rec.js', '(() => {})();\n'.repeat(50));
  put('inpage-rec.css', ':host{display:block}\n'.repeat(50));
  const model: Record<string, Buffer> = {
    'config.json': Buffer.from('{"model_type":"use"}'),
    'tokenizer.json': Buffer.from(JSON.stringify({ vocab: Array.from({ length: 200 }, (_, i) => `tok${i}`) })),
    'tokenizer_config.json': Buffer.from('{}'),
    ...WEIGHTS,
  };
  const manifest = {
    model: 'use-lite-en',
    files: Object.fromEntries(Object.entries(model).map(([f, b]) => [f, { size: b.length, sha256: sha(b) }])),
  };
  for (const [f, b] of Object.entries(model)) if (f !== 'onnx/model.onnx' || options.fp32) put(join('models', 'use-lite-en', f), b);
  put(join('models', 'use-lite-en', 'manifest.json'), JSON.stringify(manifest));
  const mjs = Buffer.from('export default {};\n'.repeat(40));
  put('ort/x.mjs', mjs);
  put('ort/x.wasm.br', brotliCompressSync(options.wasm ?? WASM));
  put(
    'ort/manifest.json',
    JSON.stringify({ files: { 'x.mjs': { size: mjs.length, sha256: sha(mjs) }, 'x.wasm': { size: WASM.length, sha256: sha(WASM) } } }),
  );
  return dir;
}

let dist = '';
beforeAll(() => {
  dist = fakeDist(join(base, 'pkg', 'dist'));
});

describe('inpage-rec assets', () => {
  it('copies the worker, q8 model, ORT files, stylesheet and script bundle, restoring the WASM from its .br', async () => {
    const out = join(base, 'site', 'public', 'inpage-rec');
    const summary = await copyAssets({ out, dtype: 'q8', dist });
    expect(summary.files.map((f) => f.path).sort()).toEqual(
      [
        'inpage-rec.css',
        'inpage-rec.encoder.js',
        'inpage-rec.encoder-webgpu.js',
        'inpage-rec.js',
        'inpage-rec.worker.js',
        'models/use-lite-en/config.json',
        'models/use-lite-en/manifest.json',
        'models/use-lite-en/onnx/model_quantized.onnx',
        'models/use-lite-en/tokenizer.json',
        'models/use-lite-en/tokenizer_config.json',
        'ort/x.mjs',
        'ort/x.wasm',
      ].sort(),
    );
    expect(readFileSync(join(out, 'ort', 'x.wasm')).equals(WASM)).toBe(true);
    // The package's own brotli file is the sibling; a gzip one is made.
    expect(readFileSync(join(out, 'ort', 'x.wasm.br')).equals(readFileSync(join(dist, 'ort', 'x.wasm.br')))).toBe(true);
    expect(existsSync(join(out, 'ort', 'x.wasm.gz'))).toBe(true);
    expect(
      brotliDecompressSync(readFileSync(join(out, 'inpage-rec.worker.js.br'))).equals(readFileSync(join(dist, 'inpage-rec.worker.js'))),
    ).toBe(true);
    expect(existsSync(join(out, 'models', 'use-lite-en', 'onnx', 'model.onnx'))).toBe(false);
    expect(summary.brBytes).toBeLessThan(summary.bytes);
    expect(summary.bytes).toBe(summary.files.reduce((s, f) => s + f.bytes, 0));
  });

  it('--no-compress writes no siblings and removes stale ones', async () => {
    const out = join(base, 'plain');
    await copyAssets({ out, dtype: 'q8', dist });
    expect(existsSync(join(out, 'inpage-rec.worker.js.br'))).toBe(true);
    const summary = await copyAssets({ out, dtype: 'q8', dist, compress: false });
    expect(existsSync(join(out, 'inpage-rec.worker.js.br'))).toBe(false);
    expect(existsSync(join(out, 'ort', 'x.wasm.gz'))).toBe(false);
    expect(summary.brBytes).toBe(summary.bytes);
  });

  it('fp32: says the package ships q8 only and how to get fp32; copies it from --models-dir', async () => {
    await expect(copyAssets({ out: join(base, 'fp32'), dtype: 'fp32', dist })).rejects.toThrow(
      /ships the q8 model only.*npm install.*--models-dir <checkout>\/models/,
    );
    const checkout = fakeDist(join(base, 'checkout'), { fp32: true });
    const summary = await copyAssets({ out: join(base, 'fp32'), dtype: 'fp32', dist, modelsDir: join(checkout, 'models') });
    expect(summary.files.map((f) => f.path)).toContain('models/use-lite-en/onnx/model.onnx');
    expect(readFileSync(join(base, 'fp32', 'models', 'use-lite-en', 'onnx', 'model.onnx')).equals(WEIGHTS['onnx/model.onnx'])).toBe(true);
    await expect(copyAssets({ out: join(base, 'fp32'), dtype: 'fp32', dist, modelsDir: join(base, 'nowhere') })).rejects.toThrow(
      /model file .*nowhere\/use-lite-en\/onnx\/model.onnx is missing/,
    );
  });

  it('refuses a WASM or model file that does not match its manifest', async () => {
    const bad = fakeDist(join(base, 'bad', 'dist'), { wasm: Buffer.from('truncated') });
    await expect(copyAssets({ out: join(base, 'bad-out'), dtype: 'q8', dist: bad })).rejects.toMatchObject({
      code: 'MODEL_FAILED',
      message: expect.stringMatching(/x.wasm does not match .*manifest.json \(9 bytes, expected 20000\)/),
    });
    const model = fakeDist(join(base, 'bad-model', 'dist'));
    writeFileSync(join(model, 'models', 'use-lite-en', 'onnx', 'model_quantized.onnx'), 'other');
    await expect(copyAssets({ out: join(base, 'bad-out'), dtype: 'q8', dist: model })).rejects.toThrow(
      /model_quantized.onnx does not match/,
    );
  });

  it('replaces a symbolic link planted in the folder instead of writing through it; a file outside never changes', async () => {
    const outside = join(base, 'outside');
    mkdirSync(outside);
    const out = join(base, 'planted');
    mkdirSync(join(out, 'ort'), { recursive: true });
    // Every kind of name the command writes: a file, a compressed sibling, a file in a sub-folder.
    const planted = ['inpage-rec.css', 'inpage-rec.js.br', 'inpage-rec.worker.js.gz', 'ort/x.wasm'];
    planted.forEach((rel, i) => {
      writeFileSync(join(outside, `target-${i}`), `outside ${i}`);
      symlinkSync(join(outside, `target-${i}`), join(out, rel));
    });
    await copyAssets({ out, dtype: 'q8', dist });
    planted.forEach((rel, i) => {
      expect(readFileSync(join(outside, `target-${i}`), 'utf8'), rel).toBe(`outside ${i}`);
      expect(lstatSync(join(out, rel)).isSymbolicLink(), rel).toBe(false);
    });
    expect(readFileSync(join(out, 'inpage-rec.css')).equals(readFileSync(join(dist, 'inpage-rec.css')))).toBe(true);
    expect(readFileSync(join(out, 'ort', 'x.wasm')).equals(WASM)).toBe(true);
    expect(readdirSync(out).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('refuses a folder planted as a link to a folder outside, before writing any file; a file as destination fails at once', async () => {
    const outside = join(base, 'outside-models');
    mkdirSync(outside);
    const out = join(base, 'planted-folder');
    mkdirSync(out);
    symlinkSync(outside, join(out, 'models'));
    await expect(copyAssets({ out, dtype: 'q8', dist })).rejects.toMatchObject({
      code: 'INVALID_OPTION',
      message: expect.stringMatching(/planted-folder\/models is a symbolic link \(to .*outside-models\); inpage-rec writes only inside/),
    });
    expect(readdirSync(outside)).toEqual([]);
    expect(readdirSync(out)).toEqual(['models']);
    writeFileSync(join(base, 'a-file'), 'not a folder');
    await expect(copyAssets({ out: join(base, 'a-file'), dtype: 'q8', dist: join(base, 'no-dist') })).rejects.toMatchObject({
      code: 'INVALID_OPTION',
      message: expect.stringMatching(/the destination ".*a-file" is a file, not a folder/),
    });
  });

  it('finds dist/ beside the bundled cli.js, and the URL a public/ folder is served at', () => {
    expect(packageDist(pathToFileURL(join(dist, 'cli.js')).href)).toBe(dist);
    expect(() => packageDist(pathToFileURL(join(base, 'x', 'y', 'cli.js')).href)).toThrow(/build the package first/);
    expect(servedUrl(join(process.cwd(), 'public', 'inpage-rec'))).toBe('/inpage-rec/');
    expect(servedUrl(join(process.cwd(), 'static', 'a', 'b'))).toBe('/a/b/');
    expect(servedUrl(join(process.cwd(), 'assets'))).toBeUndefined();
  });
});
