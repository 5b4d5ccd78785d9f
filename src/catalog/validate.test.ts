import { describe, expect, it } from 'vitest';
import { ErrorCodes } from '../errors.ts';
import { contentHash } from './hash.ts';
import { parseJsonLines } from './jsonl.ts';
import { validateCatalog } from './validate.ts';

const modelKey = 'use-lite-en:512';

describe('validateCatalog', () => {
  it('keeps valid items in input order with key, text and hash', async () => {
    const a = { id: 7, title: 'Mug', price: 9.5, tags: ['kitchen'] };
    const b = { id: 'b-2', title: 'Lamp', url: 'https://shop/lamp', image: 'lamp.png', tags: 'light' };
    const { entries, report } = await validateCatalog([a, b], { modelKey });
    expect(entries.map((e) => e.key)).toEqual(['7', 'b-2']);
    expect(entries[0]!.item).toBe(a);
    expect(entries[0]!.text).toBe('Mug. kitchen');
    expect(entries[0]!.hash).toBe(await contentHash('Mug. kitchen', modelKey));
    expect(entries[1]!.text).toBe('Lamp. light');
    expect(report).toEqual({ total: 2, valid: 2, skipped: 0, problems: [] });
  });

  it('applies the text rule and puts the model key into the hash', async () => {
    const items = [{ id: 1, title: 'Mug', color: 'red' }];
    const plain = await validateCatalog(items, { modelKey, rule: { flattenOthers: false } });
    expect(plain.entries[0]!.text).toBe('Mug');
    const other = await validateCatalog(items, { modelKey: 'other:256', rule: { flattenOthers: false } });
    expect(other.entries[0]!.hash).not.toBe(plain.entries[0]!.hash);
  });

  it('skips non-objects with ITEM_NOT_OBJECT, including holes in sparse arrays', async () => {
    const raw: unknown[] = [null, [1], 'x', 3];
    raw.length = 5; // a hole at position 4
    raw.push(new Date(0), { id: 1, title: 'ok' });
    const { entries, report } = await validateCatalog(raw, { modelKey });
    expect(entries.map((e) => e.key)).toEqual(['1']);
    expect(report.skipped).toBe(6);
    expect(report.problems.map((p) => [p.index, p.code, p.severity, p.field])).toEqual(
      [0, 1, 2, 3, 4, 5].map((i) => [i, ErrorCodes.ITEM_NOT_OBJECT, 'error', '']),
    );
    expect(report.problems[1]!.message).toBe('item at position 1: must be an object, got array of 1');
    expect(report.problems[2]!.message).toBe('item at position 2: must be an object, got string "x"');
  });

  it('skips items without a usable id with ITEM_ID_INVALID', async () => {
    const raw = [{ title: 'no id' }, { id: '' }, { id: NaN }, { id: Infinity }, { id: { x: 1 } }, { id: true }, { id: 0, title: 'zero' }];
    const { entries, report } = await validateCatalog(raw, { modelKey });
    expect(entries.map((e) => e.key)).toEqual(['0']);
    expect(report.problems.every((p) => p.code === ErrorCodes.ITEM_ID_INVALID && p.field === 'id' && p.id === undefined)).toBe(true);
    expect(report.problems.map((p) => p.message)).toEqual([
      'item at position 0: field "id" is missing',
      'item at position 1: field "id" must be a non-empty string or a finite number, got string ""',
      'item at position 2: field "id" must be a non-empty string or a finite number, got number NaN',
      'item at position 3: field "id" must be a non-empty string or a finite number, got number Infinity',
      'item at position 4: field "id" must be a non-empty string or a finite number, got object',
      'item at position 5: field "id" must be a non-empty string or a finite number, got boolean true',
    ]);
  });

  it('keeps the first of duplicate ids, comparing them as text', async () => {
    const raw = [
      { id: 7, title: 'first' },
      { id: '7', title: 'second' },
      { id: 8, title: 'eight' },
      { id: 7, title: 'third' },
    ];
    const { entries, report } = await validateCatalog(raw, { modelKey });
    expect(entries.map((e) => e.text)).toEqual(['first', 'eight']);
    expect(report.problems.map((p) => [p.index, p.id, p.code])).toEqual([
      [1, '7', ErrorCodes.ITEM_ID_DUPLICATE],
      [3, '7', ErrorCodes.ITEM_ID_DUPLICATE],
    ]);
    expect(report.problems[0]!.message).toMatch(/^item "7" \(position 1\): field "id" repeats the id of the item at position 0/);
  });

  it('lets the first occurrence claim its id, even one kept with a bad field left out', async () => {
    const raw = [
      { id: 5, price: 'cheap' },
      { id: 5, title: 'good' },
    ];
    const { entries, report } = await validateCatalog(raw, { modelKey });
    expect(entries.map((e) => e.item)).toEqual([{ id: 5 }]);
    expect(report.problems.map((p) => [p.code, p.severity])).toEqual([
      [ErrorCodes.ITEM_FIELD_TYPE, 'warning'],
      [ErrorCodes.ITEM_NO_TEXT, 'warning'],
      [ErrorCodes.ITEM_ID_DUPLICATE, 'error'],
    ]);
  });

  it('drops known fields of the wrong type from the item, keeps the item, and names item and field (ITEM_FIELD_TYPE)', async () => {
    const raw = [
      { id: 42, price: 'abc' },
      { id: 'a', title: 5 },
      { id: 'b', tags: ['ok', 3] },
      { id: 'c', tags: { x: 1 } },
      { id: 'd', url: ['x'], image: false },
      { id: 'e', price: NaN },
      { id: 'f', title: null, description: null, price: null, tags: null, url: null, brand: 'B' },
      { id: 'g', description: { html: '<p>x</p>' } },
    ];
    const { entries, report } = await validateCatalog(raw, { modelKey });
    expect(entries.map((e) => e.key)).toEqual(['42', 'a', 'b', 'c', 'd', 'e', 'f', 'g']);
    expect(report.skipped).toBe(0);
    const fieldProblems = report.problems.filter((p) => p.code === ErrorCodes.ITEM_FIELD_TYPE);
    expect(fieldProblems.map((p) => p.message)).toEqual([
      'item "42" (position 0): field "price" must be a number, got string "abc"; the field is left out',
      'item "a" (position 1): field "title" must be a string, got number 5; the field is left out',
      'item "b" (position 2): field "tags" must be a list of strings, got number 3 at index 1; the field is left out',
      'item "c" (position 3): field "tags" must be a list of strings or a string, got object; the field is left out',
      'item "d" (position 4): field "url" must be a string, got array of 1; the field is left out',
      'item "d" (position 4): field "image" must be a string, got boolean false; the field is left out',
      'item "e" (position 5): field "price" must be a number, got number NaN; the field is left out',
      'item "g" (position 7): field "description" must be a string, got object; the field is left out',
    ]);
    expect(fieldProblems[4]).toMatchObject({ index: 4, id: 'd', field: 'url', code: ErrorCodes.ITEM_FIELD_TYPE, severity: 'warning' });
    // The kept items hold every other field; the bad ones are gone, so nothing downstream sees them.
    expect(entries[0]!.item).toEqual({ id: 42 });
    expect(entries[4]!.item).toEqual({ id: 'd' });
    expect(entries.find((e) => e.key === 'f')!.item).toMatchObject({ brand: 'B' });
    // An item without bad fields is passed on as given (the same object), not copied.
    const clean = { id: 'z', title: 'ok' };
    expect((await validateCatalog([clean], { modelKey })).entries[0]!.item).toBe(clean);
  });

  it('does not judge URL schemes', async () => {
    const { entries, report } = await validateCatalog([{ id: 1, title: 'x', url: 'javascript:alert(1)' }], { modelKey });
    expect(entries).toHaveLength(1);
    expect(report.problems).toEqual([]);
  });

  it('keeps items without text, with an ITEM_NO_TEXT warning', async () => {
    const { entries, report } = await validateCatalog([{ id: 1, price: 3, url: 'https://x' }], { modelKey });
    expect(entries).toHaveLength(1);
    expect(entries[0]!.text).toBe('');
    expect(report).toMatchObject({ total: 1, valid: 1, skipped: 0 });
    expect(report.problems).toEqual([
      expect.objectContaining({ index: 0, id: '1', code: ErrorCodes.ITEM_NO_TEXT, severity: 'warning', field: '' }),
    ]);
  });

  it('reports bad JSON Lines lines by line number', async () => {
    const raw = parseJsonLines('{"id":1,"title":"a"}\n{"id":2,"ti\n\n[1,2]\n{"id":3,"title":"c"}\n');
    const { entries, report } = await validateCatalog(raw, { modelKey });
    expect(entries.map((e) => e.key)).toEqual(['1', '3']);
    expect(report.problems.map((p) => [p.index, p.code])).toEqual([
      [1, ErrorCodes.ITEM_NOT_OBJECT],
      [2, ErrorCodes.ITEM_NOT_OBJECT],
    ]);
    expect(report.problems[0]!.message).toMatch(/^line 2 \(position 1\): not valid JSON/);
    expect(report.problems[1]!.message).toBe('line 4 (position 2): not a JSON object, got an array');
  });

  it('rejects bad options with INVALID_OPTION', async () => {
    await expect(validateCatalog([], { modelKey: '' })).rejects.toMatchObject({ code: ErrorCodes.INVALID_OPTION });
    await expect(validateCatalog([], { modelKey, rule: { maxLength: -1 } })).rejects.toMatchObject({ code: ErrorCodes.INVALID_OPTION });
    await expect(validateCatalog({} as unknown as unknown[], { modelKey })).rejects.toMatchObject({ code: ErrorCodes.INVALID_OPTION });
  });

  it('of 10,000 items with 50 broken ones, skips the 30 unusable ones and keeps the 20 with a bad field, reporting each of the 50', async () => {
    const breakages: Array<(i: number) => unknown> = [
      () => null,
      () => 'not an item',
      () => [1, 2],
      (i) => ({ title: `no id ${i}` }),
      (i) => ({ id: '', title: `empty id ${i}` }),
      (i) => ({ id: i, title: `price ${i}`, price: '12.50' }),
      (i) => ({ id: i, title: ['not', 'a', 'string'] }),
      (i) => ({ id: i, title: `tags ${i}`, tags: [1, 2] }),
      (i) => ({ id: i, title: `url ${i}`, url: 404 }),
      () => ({ id: 3, title: 'duplicate of item 3' }),
    ];
    const broken = new Map<number, number>(); // position -> breakage kind
    for (let k = 0; k < 50; k++) broken.set(17 + k * 199, k % breakages.length);
    const raw: unknown[] = [];
    for (let i = 0; i < 10_000; i++) {
      const kind = broken.get(i);
      raw.push(kind === undefined ? { id: i, title: `Product ${i}`, price: i / 4, tags: ['t'], specs: { n: i } } : breakages[kind]!(i));
    }
    expect(broken.has(3)).toBe(false);

    // Kinds 5-8 have one field of the wrong type: those 20 items are kept without it.
    const fieldOnly = new Set([...broken].filter(([, kind]) => kind >= 5 && kind <= 8).map(([pos]) => pos));
    expect(fieldOnly.size).toBe(20);
    const { entries, report } = await validateCatalog(raw, { modelKey });
    expect(entries).toHaveLength(9_970);
    expect(report).toMatchObject({ total: 10_000, valid: 9_970, skipped: 30 });
    // One problem per broken item, plus ITEM_NO_TEXT for the 5 whose only text was the bad title.
    const titleOnly = [...broken].filter(([, kind]) => kind === 6).map(([pos]) => pos);
    expect(report.problems).toHaveLength(50 + titleOnly.length);
    expect([...new Set(report.problems.map((p) => p.index))]).toEqual([...broken.keys()]);
    expect(report.problems.filter((p) => p.code === ErrorCodes.ITEM_NO_TEXT).map((p) => p.index)).toEqual(titleOnly);
    expect(report.problems.every((p) => p.severity === (fieldOnly.has(p.index) ? 'warning' : 'error'))).toBe(true);
    const codes = new Set(report.problems.map((p) => p.code));
    expect(codes).toEqual(
      new Set([
        ErrorCodes.ITEM_NOT_OBJECT,
        ErrorCodes.ITEM_ID_INVALID,
        ErrorCodes.ITEM_FIELD_TYPE,
        ErrorCodes.ITEM_ID_DUPLICATE,
        ErrorCodes.ITEM_NO_TEXT,
      ]),
    );
    for (const p of report.problems) expect(p.message).toContain(`position ${p.index}`);
    // Every surviving entry is an intact item, in input order.
    const keys = entries.map((e) => Number(e.key));
    expect(keys).toEqual([...keys].sort((a, b) => a - b));
    expect(keys.filter((k) => broken.has(k))).toEqual([...fieldOnly]);
    expect(entries[3]!.text).toBe('Product 3. t. specs.n: 3');
    // The 5 items left without text share the hash of the empty text.
    expect(new Set(entries.map((e) => e.hash)).size).toBe(9_970 - titleOnly.length + 1);
  });
});
