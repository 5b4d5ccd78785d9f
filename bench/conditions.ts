/** The machine and software a benchmark ran on, printed beside every number. */
import { cpus, totalmem } from 'node:os';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const versionOf = (pkg: string): string => {
  try {
    return (JSON.parse(readFileSync(require.resolve(`${pkg}/package.json`), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
};

export function conditions(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    date: new Date().toISOString(),
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    transformers: versionOf('@huggingface/transformers'),
    onnxruntimeNode: versionOf('onnxruntime-node'),
    onnxruntimeWeb: '1.31.0-dev (bundled by transformers.js; WASM files served from the page origin)',
    ...extra,
  };
}
