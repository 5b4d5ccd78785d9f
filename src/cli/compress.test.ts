import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { compressFile, compressFiles, compressibleFiles } from './compress.ts';

const dir = mkdtempSync(join(tmpdir(), 'inpage-rec-compress-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const text = 'function f(){return 1}\n'.repeat(500);

describe('precompressed siblings', () => {
  it('writes .br and .gz that decode to the file, and lists only compressible files', async () => {
    mkdirSync(join(dir, 'a', 'ort'), { recursive: true });
    writeFileSync(join(dir, 'a', 'app.js'), text);
    writeFileSync(join(dir, 'a', 'ort', 'x.wasm'), text);
    writeFileSync(join(dir, 'a', 'photo.png'), text);
    writeFileSync(join(dir, 'a', 'types.d.ts'), text);
    const files = compressibleFiles(join(dir, 'a'));
    expect(files).toEqual([join(dir, 'a', 'app.js'), join(dir, 'a', 'ort', 'x.wasm')]);
    const [js] = await compressFiles(files);
    expect(js!.bytes).toBe(text.length);
    expect(js!.br).toBeLessThan(text.length / 20);
    expect(brotliDecompressSync(readFileSync(join(dir, 'a', 'app.js.br'))).toString()).toBe(text);
    expect(gunzipSync(readFileSync(join(dir, 'a', 'app.js.gz'))).toString()).toBe(text);
    expect(existsSync(join(dir, 'a', 'ort', 'x.wasm.br'))).toBe(true);
    // Existing siblings are not compressed again.
    expect(compressibleFiles(join(dir, 'a'))).toEqual(files);
  });

  it('writes no sibling that is not smaller, and removes a stale one', async () => {
    const file = join(dir, 'tiny.json');
    writeFileSync(file, '[]');
    writeFileSync(`${file}.br`, 'stale');
    const out = await compressFile(file);
    expect(out).toEqual({ file, bytes: 2 });
    expect(existsSync(`${file}.br`)).toBe(false);
    expect(existsSync(`${file}.gz`)).toBe(false);
  });

  it('reuses given brotli bytes and caches by content hash', async () => {
    const file = join(dir, 'given.js');
    writeFileSync(file, text);
    const given = Buffer.from('not really brotli');
    await compressFile(file, { brotli: given });
    expect(readFileSync(`${file}.br`).equals(given)).toBe(true);
    const cacheDir = join(dir, 'cache');
    await compressFile(file, { cacheDir });
    const cached = readdirSync(cacheDir).sort();
    expect(cached).toHaveLength(2);
    expect(cached.some((f) => f.endsWith('.q11.br'))).toBe(true);
    // A cache entry is what the next run writes, without compressing again.
    writeFileSync(join(cacheDir, cached.find((f) => f.endsWith('.br'))!), 'from cache');
    await compressFile(file, { cacheDir });
    expect(readFileSync(`${file}.br`, 'utf8')).toBe('from cache');
  });
});
