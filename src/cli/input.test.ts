/**
 * The build's catalog reading (input.ts) on real files with bytes that are not UTF-8: a JSON Lines
 * line is a bad line reported with its number; a JSON document is read as a browser reads it,
 * with a warning naming the line.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { validateCatalog } from '../catalog/validate.ts';
import { readCatalog } from './input.ts';

const dir = mkdtempSync(join(tmpdir(), 'inpage-rec-input-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, bytes: Buffer) => {
  writeFileSync(join(dir, name), bytes);
  return join(dir, name);
};
/** `{"id":"c","title":"Caf\xe9"}`: "Café" saved as Latin-1. */
const LATIN1 = Buffer.concat([Buffer.from('{"id":"c","title":"Caf'), Buffer.from([0xe9]), Buffer.from('"}')]);

describe('readCatalog and bytes that are not UTF-8', () => {
  it('a JSON Lines line is a bad line with its number; the other lines are items', async () => {
    const bytes = Buffer.concat([Buffer.from('{"id":"a","title":"Tea"}\n\n'), LATIN1, Buffer.from('\n{"id":"d","title":"Mug é"}\n')]);
    const warnings: string[] = [];
    const { raw, catalog } = await readCatalog(file('catalog.jsonl', bytes), (line) => warnings.push(line));
    expect(warnings).toEqual([]);
    expect(catalog.bytes).toBe(bytes.byteLength);
    const { entries, report } = await validateCatalog(raw, { modelKey: 'use-lite-en:512:q8' });
    expect(entries.map((e) => e.key)).toEqual(['a', 'd']);
    expect(report.skipped).toBe(1);
    expect(report.problems).toEqual([
      expect.objectContaining({ code: 'ITEM_NOT_OBJECT', message: expect.stringMatching(/^line 3 \(position 1\): not valid UTF-8/) }),
    ]);
  });

  it('JSON Lines found by content, not by name, too', async () => {
    const bytes = Buffer.concat([Buffer.from('{"id":"a","title":"Tea"}\n'), LATIN1, Buffer.from('\n{"id":"b","title":"Pot"}\n')]);
    const { raw } = await readCatalog(file('export.json', bytes), () => {});
    expect(raw[1]).toMatchObject({ $inpageRecUnparsableLine: true, line: 2, reason: expect.stringMatching(/not valid UTF-8/) });
  });

  it('a JSON document keeps its items and warns, naming the line', async () => {
    const bytes = Buffer.concat([Buffer.from('[\n{"id":"a","title":"Tea"},\n'), LATIN1, Buffer.from('\n]\n')]);
    const warnings: string[] = [];
    const { raw } = await readCatalog(file('catalog.json', bytes), (line) => warnings.push(line));
    expect(raw).toHaveLength(2);
    expect(warnings).toEqual([
      expect.stringMatching(/^warning: catalog ".*catalog\.json" is not valid UTF-8 on line 3: read as a browser/),
    ]);
  });

  it('a valid file gives no warning and no marker', async () => {
    const warnings: string[] = [];
    const { raw } = await readCatalog(file('ok.jsonl', Buffer.from('{"id":"a","title":"Café"}\n')), (line) => warnings.push(line));
    expect(raw).toEqual([{ id: 'a', title: 'Café' }]);
    expect(warnings).toEqual([]);
  });
});
