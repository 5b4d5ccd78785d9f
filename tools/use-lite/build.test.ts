/** The model build: deterministic bytes, skipped when up to date, rebuilt when an output changes. */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildModelFolder, MANIFEST_FILE, MODEL_FILES } from './build.ts';

const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'use-lite-'));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('buildModelFolder', () => {
  it('produces byte-identical outputs on a rebuild, and skips when up to date', () => {
    const a = tmp();
    const b = tmp();
    expect(buildModelFolder(a)).toBe(true);
    expect(buildModelFolder(b)).toBe(true);
    for (const f of [...MODEL_FILES, MANIFEST_FILE]) expect(readFileSync(join(a, f)).equals(readFileSync(join(b, f))), f).toBe(true);
    expect(buildModelFolder(a)).toBe(false);
  });

  it('writes a manifest with the byte size and SHA-256 of every model file, and restores a missing one', () => {
    const a = tmp();
    buildModelFolder(a);
    const manifest = JSON.parse(readFileSync(join(a, MANIFEST_FILE), 'utf8')) as {
      model: string;
      files: Record<string, { size: number; sha256: string }>;
    };
    expect(manifest.model).toBe('use-lite-en');
    expect(Object.keys(manifest.files)).toEqual(MODEL_FILES);
    for (const f of MODEL_FILES) {
      const bytes = readFileSync(join(a, f));
      expect(manifest.files[f], f).toEqual({ size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') });
    }
    const before = readFileSync(join(a, MANIFEST_FILE));
    rmSync(join(a, MANIFEST_FILE));
    expect(buildModelFolder(a)).toBe(false); // the model files are intact: no rebuild
    expect(existsSync(join(a, MANIFEST_FILE))).toBe(true);
    expect(readFileSync(join(a, MANIFEST_FILE)).equals(before)).toBe(true);
  });

  it('rebuilds when an output file was damaged', () => {
    const a = tmp();
    buildModelFolder(a);
    writeFileSync(join(a, 'onnx/model.onnx'), 'damaged');
    expect(buildModelFolder(a)).toBe(true);
    expect(readFileSync(join(a, 'onnx/model.onnx')).length).toBeGreaterThan(20_000_000);
    expect(readFileSync(join(a, 'onnx/model_quantized.onnx')).length).toBeLessThan(8_000_000);
    const manifest = JSON.parse(readFileSync(join(a, MANIFEST_FILE), 'utf8')) as { files: Record<string, { size: number }> };
    expect(manifest.files['onnx/model.onnx']!.size).toBe(readFileSync(join(a, 'onnx/model.onnx')).length);
  });
});
