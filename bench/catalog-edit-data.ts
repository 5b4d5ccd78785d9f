/**
 * The files of bench/catalog-edit-visit.ts: artifact copies, compressed siblings, the catalog edit,
 * the real CLI's incremental build and artifact sizes.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { compressFile } from '../src/cli/compress.ts';
import { ROOT } from '../test/paths.ts';

/** Copies an artifact's manifest and binaries (not their compressed siblings) into `to`. */
export function copyArtifact(from: string, to: string): void {
  mkdirSync(to, { recursive: true });
  for (const f of readdirSync(from)) if (/\.(json|bin)$/.test(f)) copyFileSync(join(from, f), join(to, f));
}

/** Gives every .json and .bin file in `dir` (recursively) its .br/.gz siblings (outputs cached by content). */
export async function compressAll(dir: string): Promise<void> {
  for (const f of readdirSync(dir, { recursive: true, encoding: 'utf8' }))
    if (/\.(json|bin)$/.test(f)) await compressFile(join(dir, f), { cacheDir: join(ROOT, '.cache', 'compressed') });
}

/** Gives `share` of the items, evenly spread (not contiguous), a new title; returns how many. */
export function editCatalog(items: Array<Record<string, unknown>>, share: number): number {
  const m = Math.max(1, Math.round(items.length * share));
  for (let j = 0; j < m; j++) {
    const item = items[Math.floor(((j + 0.5) * items.length) / m)]!;
    item.title = `${String(item.title)}: Definitive Edition`;
  }
  return m;
}

/** `inpage-rec build` of `folder`/catalog.json into `folder`/vectors (holding the previous build), timed. */
export function rebuild(folder: string) {
  const report = join(dirname(folder), 'cli-report.json');
  const args = [join(ROOT, 'dist', 'cli.js'), 'build', join(folder, 'catalog.json'), '--out', join(folder, 'vectors'), '--no-progress'];
  const t0 = performance.now();
  const run = spawnSync(process.execPath, [...args, '--report-file', report], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const ms = Math.round(performance.now() - t0);
  const output = `${run.stdout}${run.stderr}`.split('\n').filter(Boolean);
  if (run.status !== 0) throw new Error(`inpage-rec build exited with ${run.status}:\n${output.join('\n')}`);
  const s = JSON.parse(readFileSync(report, 'utf8')) as {
    count: number;
    embedded: number;
    reused: number;
    removed: number;
    previous: string;
  };
  // The catalog's own problems (Steam prices like "Free") are in the report file; keep the summary.
  const summary = output.filter((l) => !/^\s+(warning|error) |^\s+\.\.\. and \d+ more/.test(l));
  return { ms, count: s.count, embedded: s.embedded, reused: s.reused, removed: s.removed, previous: s.previous, output: summary };
}

/** Raw bytes of every file in an artifact folder, and of the full artifact (manifest + its `files`). */
export function artifactSize(dir: string): { files: Record<string, number>; full: number } {
  const files = Object.fromEntries(readdirSync(dir).flatMap((f) => (/\.(json|bin)$/.test(f) ? [[f, statSync(join(dir, f)).size]] : [])));
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { files: Array<{ name: string }> };
  return { files, full: files['manifest.json']! + manifest.files.reduce((a, f) => a + (files[f.name] ?? 0), 0) };
}
