/** The machine and software a benchmark ran on, printed beside every number. */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, release, totalmem } from 'node:os';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const versionOf = (pkg: string): string => {
  // Not every package exports its package.json: walk up from its resolved entry instead.
  try {
    let dir = dirname(require.resolve(pkg));
    while (
      !existsSync(join(dir, 'package.json')) ||
      (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string }).name !== pkg
    ) {
      if (dirname(dir) === dir) return 'unknown';
      dir = dirname(dir);
    }
    return (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
};

/** The commit measured, with `+dirty` when the work tree differs (numbers then match no commit). */
function gitCommit(): string {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { encoding: 'utf8' }).trim() !== '';
    return dirty ? `${head}+dirty` : head;
  } catch {
    return 'unknown';
  }
}

/** Machine, Node and package versions, plus `extra` (model, browser, mode...). */
export function conditions(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    date: new Date().toISOString(),
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    os: `${process.platform} ${release()}`,
    node: process.version,
    commit: gitCommit(),
    transformers: versionOf('@huggingface/transformers'),
    onnxruntimeNode: versionOf('onnxruntime-node'),
    onnxruntimeWeb: `${versionOf('onnxruntime-web')} (bundled by transformers.js; WASM files served from the page origin)`,
    playwright: versionOf('@playwright/test'),
    ...extra,
  };
}

/** The conditions one section's numbers depend on: where it ran and on what. */
export interface SectionConditions {
  /** e.g. "Chromium 156.0.8078.79 headless, dedicated worker" or "Node v20 (onnxruntime-node)". */
  runtime: string;
  /** What computes: "JavaScript (src/index)", "onnxruntime-web WASM", "IndexedDB"... */
  backend: string;
  /** Threads the measured work may use. */
  threads: number | string;
  crossOriginIsolated?: boolean;
  model?: string;
  [more: string]: unknown;
}

/** The model every section uses unless it says otherwise. */
export const MODEL = 'use-lite-en (512-d, q8 unless stated)';

/** One line for tables and charts: "Chromium 156 headless, dedicated worker | JS | 1 thread | isolated". */
export function conditionsLine(c: SectionConditions, machine: Record<string, unknown>): string {
  const parts = [
    `${String(machine.cpu)} x${String(machine.cores)}`,
    c.runtime,
    c.backend,
    typeof c.threads === 'number' ? `${c.threads} thread${c.threads === 1 ? '' : 's'}` : c.threads,
  ];
  if (c.crossOriginIsolated !== undefined) parts.push(c.crossOriginIsolated ? 'cross-origin isolated' : 'not isolated');
  if (c.model) parts.push(c.model);
  return parts.join(' | ');
}
