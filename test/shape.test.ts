/**
 * The codebase's shape (issue 32): no TypeScript source over 300 lines, so a file stays one job a
 * reader can hold. Functions over 60 lines are Biome's to catch (noExcessiveLinesPerFunction in
 * biome.jsonc); this catches the files. Data files are exempt, each listed below with its reason.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './paths.ts';

/** The most lines a source file may have. */
const MAX_LINES = 300;

/** The folders whose TypeScript is checked: everything but configuration at the root. */
const FOLDERS = ['src', 'test', 'eval', 'bench', 'tools', 'e2e'];

/** Files (or folders, ending in '/') exempt from the limit, and why: data, not code to split. */
const EXEMPT: Record<string, string> = {
  'tools/demo-catalog/vocab/': "the demo catalog's vocabulary, one department's word table per file",
  'src/vector-index/kernels/kernels.generated.ts': 'generated from kernels.wat by tools/wasm/build.ts (gitignored, never edited)',
};

/** Lines as an editor counts them (`wc -l` when the file ends with a newline, as formatted files do). */
function lineCount(text: string): number {
  if (text === '') return 0;
  const newlines = text.split('\n').length - 1;
  return text.endsWith('\n') ? newlines : newlines + 1;
}

/**
 * The TypeScript files of FOLDERS that git tracks, plus new ones not yet added (but not ignored),
 * so a long new file fails here before it is committed.
 */
function sourceFiles(): string[] {
  const listed = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard', '--', ...FOLDERS], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  const files = [...new Set(listed.split('\0'))].filter((f) => /\.(ts|tsx|mts|cts)$/.test(f));
  // A tracked file deleted in the working tree has no lines to count.
  return files.filter((f) => existsSync(join(ROOT, f)));
}

const exempt = (file: string) => Object.keys(EXEMPT).some((e) => (e.endsWith('/') ? file.startsWith(e) : file === e));

describe('source shape', () => {
  it(`no TypeScript file under ${FOLDERS.join(', ')} has more than ${MAX_LINES} lines`, () => {
    const files = sourceFiles();
    expect(files.length).toBeGreaterThan(100); // git answered with the project's files
    const tooLong = files
      .filter((f) => !exempt(f))
      .map((f) => ({ file: f, lines: lineCount(readFileSync(join(ROOT, f), 'utf8')) }))
      .filter((f) => f.lines > MAX_LINES)
      .map((f) => `${f.file}: ${f.lines} lines`);
    expect(tooLong, `files over ${MAX_LINES} lines: split each by job (or, for a data file, add it to EXEMPT with its reason)`).toEqual([]);
  });

  it('counts lines as wc -l does for a formatted file', () => {
    expect([lineCount(''), lineCount('a\n'), lineCount('a\nb\n'), lineCount('a\nb')]).toEqual([0, 1, 2, 2]);
  });
});

/** The README's limit (issue 32): what it is, a start for each way in, the main options, links. */
const README_MAX_LINES = 300;

describe('README shape', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');

  it(`is at most ${README_MAX_LINES} lines; the rest lives in docs/`, () => {
    expect(lineCount(readme)).toBeLessThanOrEqual(README_MAX_LINES);
  });

  it('links only to files that exist', () => {
    const targets = [...readme.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)].map((m) => m[1] ?? '').filter((t) => !/^[a-z]+:/.test(t));
    expect(targets.length).toBeGreaterThan(20);
    expect(targets.filter((t) => !existsSync(join(ROOT, t)))).toEqual([]);
  });
});
