import { describe, expect, it } from 'vitest';
import { describeValue as describeAnyValue, ErrorCodes } from '../errors.ts';
import type { CatalogReport } from '../types/index.ts';
import { formatReport, itemLabel, listedReport, STATUS_PROBLEMS } from './report.ts';
import { validateCatalog } from './validate.ts';

/** Catalog messages name the value's type (src/catalog/checks.ts). */
const describeValue = (value: unknown) => describeAnyValue(value, 'typed');

/** `n` items that are not objects: one error each. */
function notObjects(n: number): CatalogReport {
  const problems = Array.from({ length: n }, (_, i) => ({
    index: i,
    field: '',
    code: ErrorCodes.ITEM_NOT_OBJECT,
    severity: 'error' as const,
    message: `item at position ${i}: must be an object, got null`,
  }));
  return { total: n, valid: 0, skipped: n, problems };
}

describe('formatReport', () => {
  it('summarises a clean catalog in one line', () => {
    expect(formatReport({ total: 3, valid: 3, skipped: 0, problems: [] })).toBe('catalog: 3 items, 3 kept, 0 skipped, no problems');
  });

  it('lists problems with severity and code', async () => {
    const { report } = await validateCatalog([{ id: 42, title: 'Mug', price: 'abc' }, { id: 1 }, { id: '' }], { modelKey: 'm' });
    expect(formatReport(report)).toBe(
      [
        'catalog: 3 items, 2 kept, 1 skipped (1 error, 2 warnings)',
        '  warning ITEM_FIELD_TYPE: item "42" (position 0): field "price" must be a number, got string "abc"; the field is left out',
        '  warning ITEM_NO_TEXT: item "1" (position 1): has no text to embed under the text rule; it is kept but gets no content vector',
        '  error ITEM_ID_INVALID: item at position 2: field "id" must be a non-empty string or a finite number, got string ""',
      ].join('\n'),
    );
  });

  it('caps the list at 20 lines, then says how many more', () => {
    const report = notObjects(57);
    const lines = formatReport(report).split('\n');
    expect(lines).toHaveLength(22);
    expect(lines[20]).toContain('position 19:');
    expect(lines[21]).toBe('  ... and 37 more');
    expect(formatReport(report, { maxLines: 5 }).split('\n')).toHaveLength(7);
  });

  it('a listed report (status) keeps its first problems and counts the rest, and prints the same tail', () => {
    const report = notObjects(57);
    const { problems } = report;
    const listed = listedReport(report);
    expect(listed.problems).toEqual(problems.slice(0, STATUS_PROBLEMS));
    expect(listed.unlisted).toBe(57 - STATUS_PROBLEMS);
    expect(report.problems).toHaveLength(57);
    // Listed again (fewer), the count still covers every problem.
    expect(listedReport(listed, 5)).toMatchObject({ unlisted: 52 });
    const lines = formatReport(listed).split('\n');
    expect(lines[0]).toBe('catalog: 57 items, 0 kept, 57 skipped (57 problems)');
    expect(lines.at(-1)).toBe('  ... and 37 more');
    expect(formatReport(listed, { maxLines: 5 }).split('\n').at(-1)).toBe('  ... and 52 more');
    // Within the limit: the report itself.
    const small = { ...report, problems: problems.slice(0, 3) };
    expect(listedReport(small)).toBe(small);
  });
});

describe('message helpers', () => {
  it('names items by id when they have one, else by position', () => {
    expect(itemLabel(17, '42')).toBe('item "42" (position 17)');
    expect(itemLabel(3)).toBe('item at position 3');
    expect(itemLabel(0, 'say "hi"')).toBe('item "say \\"hi\\"" (position 0)');
  });

  it('describes values briefly without splitting emoji', () => {
    expect(describeValue('x'.repeat(50))).toBe(`string "${'x'.repeat(40)}…"`);
    expect(describeValue(`${'x'.repeat(39)}😀`)).toBe(`string "${'x'.repeat(39)}…"`);
    expect(describeValue(undefined)).toBe('undefined');
    expect(describeValue({})).toBe('object');
    expect(describeValue(10n)).toBe('bigint 10');
  });
});
