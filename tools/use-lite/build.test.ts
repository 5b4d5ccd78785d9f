/** The model build: deterministic bytes, skipped when up to date, rebuilt when an output changes. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildModelFolder, MODEL_FILES } from './build.ts';

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
    for (const f of MODEL_FILES) expect(readFileSync(join(a, f)).equals(readFileSync(join(b, f))), f).toBe(true);
    expect(buildModelFolder(a)).toBe(false);
  });

  it('rebuilds when an output file was damaged', () => {
    const a = tmp();
    buildModelFolder(a);
    writeFileSync(join(a, 'onnx/model.onnx'), 'damaged');
    expect(buildModelFolder(a)).toBe(true);
    expect(readFileSync(join(a, 'onnx/model.onnx')).length).toBeGreaterThan(20_000_000);
    expect(readFileSync(join(a, 'onnx/model_quantized.onnx')).length).toBeLessThan(8_000_000);
  });
});
