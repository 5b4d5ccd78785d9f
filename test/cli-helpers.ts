/** Running the bundled `inpage-rec` CLI in a child process, and reading back what it wrote. */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MANIFEST_FILE } from '../src/artifact/format.ts';
import { parseArtifactManifest } from '../src/artifact/manifest.ts';
import { type Artifact, decodeArtifact } from '../src/artifact/read.ts';
import type { BuildSummary } from '../src/cli/build.ts';
import { ROOT } from './paths.ts';

/** What one CLI run printed and returned. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `node <cli> ...args` and resolves with its exit code and output (never rejects on a non-zero exit). */
export function runCli(cli: string, args: readonly string[], cwd?: string): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [cli, ...args], { cwd, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err && typeof err.code !== 'number') return reject(err);
      resolve({ code: err ? (err.code as number) : 0, stdout, stderr });
    });
  });
}

/**
 * Runs the CLI from source (`node --import tsx src/cli/main.ts ...args`), for tests that need no
 * bundle: it starts in a second instead of the bundle's build.
 */
export function runSourceCli(args: readonly string[]): Promise<CliRun> {
  return runCli('--import=tsx', [join(ROOT, 'src', 'cli', 'main.ts'), ...args], ROOT);
}

/** Reads and verifies the artifact in `dir` with the library's reader. */
export async function readArtifactDir(dir: string): Promise<Artifact> {
  const manifest = parseArtifactManifest(JSON.parse(readFileSync(join(dir, MANIFEST_FILE), 'utf8')), MANIFEST_FILE);
  const files = new Map(manifest.files.map((f) => [f.name, new Uint8Array(readFileSync(join(dir, f.name)))]));
  return decodeArtifact(manifest, files);
}

/** The `--report-file` JSON of a run. */
export function readSummary(file: string): BuildSummary {
  return JSON.parse(readFileSync(file, 'utf8')) as BuildSummary;
}

/** Every file of `dir`'s artifact as bytes, by name, for byte-for-byte comparisons. */
export function artifactBytes(dir: string): Record<string, Buffer> {
  const manifest = readFileSync(join(dir, MANIFEST_FILE));
  const parsed = JSON.parse(manifest.toString('utf8')) as { files: { name: string }[] };
  return Object.fromEntries([[MANIFEST_FILE, manifest], ...parsed.files.map((f) => [f.name, readFileSync(join(dir, f.name))])]);
}
