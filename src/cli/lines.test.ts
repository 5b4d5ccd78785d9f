/**
 * Lines checked as UTF-8 (lines.ts): split as readline splits them, across the 64 KiB chunks a
 * file stream reads, with a bad line known by its number.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { forEachLine, invalidUtf8Lines } from './lines.ts';

const dir = mkdtempSync(join(tmpdir(), 'inpage-rec-lines-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

async function lines(bytes: Buffer): Promise<(string | undefined)[]> {
  const file = join(dir, `f${n++}`);
  writeFileSync(file, bytes);
  const out: (string | undefined)[] = [];
  await forEachLine(file, (line) => out.push(line));
  return out;
}

describe('forEachLine', () => {
  it('splits at LF, CRLF and CR; gives undefined for a line that is not UTF-8; keeps a byte order mark', async () => {
    const bytes = Buffer.concat([Buffer.from('\uFEFFa,1\r\nb,2\rc,3\n'), Buffer.from([0x43, 0x61, 0x66, 0xe9]), Buffer.from('\n\nd,é')]);
    expect(await lines(bytes)).toEqual(['\uFEFFa,1', 'b,2', 'c,3', undefined, '', 'd,é']);
  });

  it('a CRLF or a character split between two chunks is still one line end and one character', async () => {
    const chunk = 64 * 1024;
    const first = `${'x'.repeat(chunk - 1)}\r`;
    const crlf = await lines(Buffer.from(`${first}\nnext\n`));
    expect(crlf.map((l) => l?.length)).toEqual([chunk - 1, 4]);
    // 'é' is two bytes: the first ends the chunk, the second opens the next.
    const split = await lines(Buffer.from(`${'y'.repeat(chunk - 1)}é\nz`));
    expect(split).toEqual([`${'y'.repeat(chunk - 1)}é`, 'z']);
  });

  it('rejects when the file cannot be read', async () => {
    await expect(forEachLine(join(dir, 'missing.csv'), () => {})).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

describe('invalidUtf8Lines', () => {
  it('numbers the lines with bytes that are not UTF-8, and none of a valid body', () => {
    const latin1 = Buffer.from([0x7b, 0x22, 0x74, 0x22, 0x3a, 0x22, 0xe9, 0x22, 0x7d]); // {"t":"é"} in Latin-1
    expect(invalidUtf8Lines(Buffer.concat([Buffer.from('{"a":1}\r\n'), latin1, Buffer.from('\n\n'), latin1]))).toEqual([2, 4]);
    expect(invalidUtf8Lines(Buffer.from('{"t":"é"}\n{"t":"\uFFFD"}\n'))).toEqual([]);
  });
});
