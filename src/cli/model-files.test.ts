import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { MODELS_DIR } from '../../test/paths.ts';
import { defaultModelsDir, hashModelFile, modelFileFor } from './model-files.ts';

describe('model files', () => {
  it('finds dist/models beside a bundled dist/cli.js, and the repository models/ from src/cli', () => {
    const pkg = mkdtempSync(join(tmpdir(), 'inpage-rec-pkg-'));
    mkdirSync(join(pkg, 'dist', 'models', 'use-lite-en'), { recursive: true });
    writeFileSync(join(pkg, 'dist', 'models', 'use-lite-en', 'config.json'), '{}');
    expect(defaultModelsDir(pathToFileURL(join(pkg, 'dist', 'cli.js')).href)).toBe(join(pkg, 'dist', 'models'));
    expect(defaultModelsDir()).toBe(MODELS_DIR);
    rmSync(pkg, { recursive: true, force: true });
  });

  it('hashes the file transformers.js loads for the dtype, and names where it looked when absent', async () => {
    expect(modelFileFor('q8')).toBe('onnx/model_quantized.onnx');
    expect(modelFileFor('fp32')).toBe('onnx/model.onnx');
    const { sha256 } = await hashModelFile('use-lite-en', modelFileFor('q8'), ['/nowhere', MODELS_DIR]);
    // The build stamp records the same SHA-256 for the file it wrote.
    const { readFileSync } = await import('node:fs');
    const stamp = JSON.parse(readFileSync(join(MODELS_DIR, 'use-lite-en', 'build-stamp.json'), 'utf8'));
    expect(sha256).toBe(stamp.outputs['onnx/model_quantized.onnx']);
    await expect(hashModelFile('nope', 'onnx/model.onnx', ['/nowhere'])).rejects.toThrow(
      /nope\/onnx\/model.onnx was found in none of: \/nowhere/,
    );
  });
});
