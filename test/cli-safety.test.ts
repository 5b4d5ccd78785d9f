/**
 * `inpage-rec build` and `assets` against a mistaken or hostile output path, run from source in a
 * child process (test/cli-helpers.ts `runSourceCli`):
 * - a wrong `--out`, `--report-file` or assets folder fails with one line, no stack, before the
 *   model: those runs point `--models-dir` at a folder that does not exist, so reaching the model at
 *   all would fail with MODEL_FAILED instead of the message expected;
 * - links planted in the output folder to files outside are replaced, and those files never change.
 */
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { artifactBytes, type CliRun, readArtifactDir, readSummary, runSourceCli } from './cli-helpers.ts';
import { demoItems } from './cli-workspace.ts';
import { MODELS_DIR } from './paths.ts';

const work = mkdtempSync(join(tmpdir(), 'inpage-rec-cli-safety-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const path = (...parts: string[]) => join(work, ...parts);
const catalog = path('catalog.json');
writeFileSync(catalog, JSON.stringify(demoItems(3)));
const NO_MODELS = path('no-models-here');

/** Expects a failed run that printed exactly one line matching `pattern`, and no stack. */
function expectOneLine(run: CliRun, pattern: RegExp): void {
  expect(run.stderr).not.toContain('    at ');
  expect(run.stderr.trimEnd().split('\n')).toEqual([expect.stringMatching(pattern)]);
  expect(run.code).toBe(1);
}

describe('inpage-rec: a wrong output path fails at once, in one line', () => {
  it('--out naming an existing file', async () => {
    writeFileSync(path('vectors'), 'a file');
    const run = await runSourceCli(['build', catalog, '--out', path('vectors'), '--models-dir', NO_MODELS, '--no-progress']);
    expectOneLine(run, /^inpage-rec build failed: INVALID_OPTION: --out ".*vectors" is a file, not a folder: name a folder/);
    expect(readFileSync(path('vectors'), 'utf8')).toBe('a file');
  });

  it('--report-file naming a folder, and --out below a file', async () => {
    mkdirSync(path('reports'));
    const args = ['build', catalog, '--out', path('out'), '--models-dir', NO_MODELS, '--no-progress'];
    const report = await runSourceCli([...args, '--report-file', path('reports')]);
    expectOneLine(report, /^inpage-rec build failed: INVALID_OPTION: --report-file ".*reports" is a folder: name a file/);
    const below = await runSourceCli(['build', catalog, '--out', path('vectors', 'v1'), '--models-dir', NO_MODELS]);
    expectOneLine(below, /^inpage-rec build failed: INVALID_OPTION: --out ".*v1" cannot be made: .*vectors is a file/);
    expect(readdirSync(work).sort()).toEqual(['catalog.json', 'reports', 'vectors']);
  });

  it('assets into an existing file', async () => {
    const run = await runSourceCli(['assets', path('vectors')]);
    expectOneLine(run, /^inpage-rec assets failed: INVALID_OPTION: the destination ".*vectors" is a file, not a folder/);
  });
});

describe('inpage-rec build: links planted in the output folder', () => {
  it('are replaced by the files written; the files outside they point to are unchanged', async () => {
    const first = await runSourceCli(['build', catalog, '--out', path('first'), '--models-dir', MODELS_DIR, '--no-progress']);
    expect(first.code).toBe(0);
    const bin = readdirSync(path('first')).find((f) => f.endsWith('.bin'))!;
    // Outside: the previous build (its manifest with two more newlines, so a write through the link
    // would show), and decoys for the temporary names a writer might use.
    mkdirSync(path('outside'));
    const outside = {
      manifest: `${readFileSync(path('first', 'manifest.json'), 'utf8')}\n\n`,
      bin: readFileSync(path('first', bin)),
      tmp1: 'decoy 1',
      tmp2: 'decoy 2',
      report: 'outside report',
    };
    for (const [name, bytes] of Object.entries(outside)) writeFileSync(path('outside', name), bytes);
    const planted = {
      'manifest.json': 'manifest',
      [bin]: 'bin',
      [`${bin}.tmp`]: 'tmp1',
      'manifest.json.tmp': 'tmp2',
      'report.json': 'report',
    };
    mkdirSync(path('second'));
    for (const [name, target] of Object.entries(planted)) symlinkSync(path('outside', target), path('second', name));
    const before = statSync(path('outside', 'bin')).mtimeMs;

    const args = ['--models-dir', MODELS_DIR, '--no-progress', '--report-file', path('second', 'report.json')];
    const second = await runSourceCli(['build', catalog, '--out', path('second'), ...args]);
    expect(second.stderr).toBe('');
    expect(second.code).toBe(0);
    // The previous build was read through the links (reading is harmless), so nothing was embedded.
    expect(readSummary(path('second', 'report.json'))).toMatchObject({ reused: 3, embedded: 0, previous: 'reused' });
    for (const [name, bytes] of Object.entries(outside))
      expect(readFileSync(path('outside', name)).equals(Buffer.from(bytes)), name).toBe(true);
    expect(statSync(path('outside', 'bin')).mtimeMs).toBe(before);
    for (const name of ['manifest.json', bin, 'report.json']) expect(lstatSync(path('second', name)).isSymbolicLink(), name).toBe(false);
    expect(artifactBytes(path('second'))).toEqual(artifactBytes(path('first')));
    expect((await readArtifactDir(path('second'))).count).toBe(3);
  });

  it('a report file in a folder that does not exist yet is written there', async () => {
    const run = await runSourceCli([
      'build',
      catalog,
      '--out',
      path('first'),
      '--models-dir',
      MODELS_DIR,
      '--no-progress',
      '--report-file',
      path('new', 'deep', 'report.json'),
    ]);
    expect(run.code).toBe(0);
    expect(readSummary(path('new', 'deep', 'report.json'))).toMatchObject({ count: 3, reused: 3 });
  });
});
