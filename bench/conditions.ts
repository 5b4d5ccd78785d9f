/** The machine and software a benchmark ran on, printed beside every number. */
import { cpus, totalmem } from 'node:os';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const versionOf = (pkg: string): string => {
  // Not every package exports its package.json: walk up from its resolved entry instead.
  try {
    let dir = dirname(require.resolve(pkg));
    while (!existsSync(join(dir, 'package.json')) || (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string }).name !== pkg) {
      if (dirname(dir) === dir) return 'unknown';
      dir = dirname(dir);
    }
    return (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }).version;
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
    onnxruntimeWeb: `${versionOf('onnxruntime-web')} (bundled by transformers.js; WASM files served from the page origin)`,
    ...extra,
  };
}
