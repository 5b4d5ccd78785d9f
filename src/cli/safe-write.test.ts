/**
 * The CLI's file writes (safe-write.ts) on real files: a link planted where a file goes is replaced,
 * a link planted where a temporary file could go is never written through, and the up-front checks
 * name a wrong `--out` or `--report-file` before any work.
 */
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkFileTarget, checkFolderTarget, ensureFolder, writeFileAtomic } from './safe-write.ts';

const base = mkdtempSync(join(tmpdir(), 'inpage-rec-safe-write-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));
const at = (...parts: string[]) => join(base, ...parts);

/** The message of the INVALID_OPTION error `run` throws. */
function invalid(run: () => void): string {
  try {
    run();
  } catch (err) {
    expect(err).toMatchObject({ code: 'INVALID_OPTION' });
    return (err as Error).message;
  }
  throw new Error('expected an INVALID_OPTION error');
}

describe('writeFileAtomic', () => {
  it('replaces a link planted at the destination; the file it pointed to is unchanged; no temporary file is left', async () => {
    mkdirSync(at('out'));
    writeFileSync(at('target'), 'outside');
    symlinkSync(at('target'), at('out', 'manifest.json'));
    await writeFileAtomic(at('out', 'manifest.json'), '{"new":true}');
    expect(readFileSync(at('target'), 'utf8')).toBe('outside');
    expect(lstatSync(at('out', 'manifest.json')).isSymbolicLink()).toBe(false);
    expect(readFileSync(at('out', 'manifest.json'), 'utf8')).toBe('{"new":true}');
    expect(readdirSync(at('out'))).toEqual(['manifest.json']);
  });

  it('a destination that is a folder fails, and leaves nothing behind', async () => {
    mkdirSync(at('out2', 'report.json'), { recursive: true });
    await expect(writeFileAtomic(at('out2', 'report.json'), 'x')).rejects.toMatchObject({ code: 'EISDIR' });
    expect(readdirSync(at('out2'))).toEqual(['report.json']);
  });
});

describe('ensureFolder', () => {
  it('makes the folders of a path inside the root; refuses one planted as a link or a file', () => {
    expect(ensureFolder(at('site'), 'models/use-lite-en')).toBe(at('site', 'models', 'use-lite-en'));
    expect(lstatSync(at('site', 'models')).isDirectory()).toBe(true);
    mkdirSync(at('elsewhere'));
    symlinkSync(at('elsewhere'), at('site', 'ort'));
    expect(invalid(() => ensureFolder(at('site'), 'ort'))).toMatch(/site\/ort is a symbolic link \(to .*elsewhere\); .* remove the link/);
    writeFileSync(at('site', 'css'), 'a file');
    expect(invalid(() => ensureFolder(at('site'), 'css/x'))).toMatch(/site\/css is a file where a folder belongs/);
    expect(readdirSync(at('elsewhere'))).toEqual([]);
  });

  it('the root itself may be a link the user chose', () => {
    mkdirSync(at('real-public'));
    symlinkSync(at('real-public'), at('public'));
    expect(ensureFolder(at('public'), 'ort')).toBe(at('public', 'ort'));
    expect(readdirSync(at('real-public'))).toEqual(['ort']);
  });
});

describe('checkFolderTarget and checkFileTarget', () => {
  it('name an --out that is a file, a --report-file that is a folder, and empty values', () => {
    writeFileSync(at('vectors'), 'a file');
    expect(invalid(() => checkFolderTarget(at('vectors'), '--out'))).toMatch(/^--out ".*vectors" is a file, not a folder: name a folder/);
    expect(invalid(() => checkFolderTarget(at('vectors', 'sub'), '--out'))).toMatch(
      /^--out ".*vectors\/sub" cannot be made: .*vectors is a file/,
    );
    expect(invalid(() => checkFolderTarget('', '--out'))).toBe('--out needs a folder path; got an empty value');
    mkdirSync(at('reports'));
    expect(invalid(() => checkFileTarget(at('reports'), '--report-file'))).toMatch(
      /^--report-file ".*reports" is a folder: name a file, e.g. ".*reports\/report.json"/,
    );
    expect(invalid(() => checkFileTarget(at('vectors', 'r.json'), '--report-file'))).toMatch(/cannot be made: .*vectors is a file/);
  });

  it('accept a folder or file that does not exist yet, below folders that do not exist yet', () => {
    expect(() => checkFolderTarget(at('new', 'deep', 'out'), '--out')).not.toThrow();
    expect(() => checkFileTarget(at('new', 'deep', 'report.json'), '--report-file')).not.toThrow();
    expect(() => checkFolderTarget(at('reports'), '--out')).not.toThrow();
  });
});
