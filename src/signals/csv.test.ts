/**
 * The interactions CSV beyond the documented columns: a shop's own export read by header names
 * (`--columns`), quoted fields spanning lines, stray quotes that must not swallow the rows below
 * them, and the export's date format. The documented format's own tests are in signals.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { invalidOptionMessage } from '../../test/invalid-option.ts';
import { InteractionsCsvReader, MAX_RECORD_LINES, parseInteractionsCsv } from './csv.ts';
import { type CsvColumns, parseColumns } from './csv-columns.ts';

/** Shopify's order export, cut to a few of its columns: one row per line item, order fields on the first row only. */
const EXPORT_HEADER = 'Name,Email,Financial Status,Created at,Lineitem quantity,Lineitem name,Lineitem sku,Notes';
const SHOPIFY: CsvColumns = { session: 'Name', item: 'Lineitem sku', ts: 'Created at' };

describe('parseInteractionsCsv with columns picked by header name', () => {
  it('reads an order export as it is: other columns ignored, a note spanning lines, later rows without a time', () => {
    const text = [
      EXPORT_HEADER,
      '#1001,a@example.com,paid,2024-06-10 10:00:00 +0200,1,"Stapler, heavy duty",sku-1,"Leave at the door.',
      'Ring twice, please."',
      '#1001,,,,2,Staples,sku-2,',
      '#1002,b@example.com,paid,2024-06-10 09:30:00 +0200,1,Gift card,,', // a custom line: no SKU
      '#1002,,,,1,Staples,sku-2,',
      '#1003,c@example.com,pending,2024-06-11 08:00:00 -0400,1,Toner,sku-3,"Two',
      '',
      'blank lines inside"',
    ].join('\r\n');
    const { interactions, errors } = parseInteractionsCsv(text, SHOPIFY);
    expect(interactions).toEqual([
      { session: '#1001', item: 'sku-1', ts: Date.UTC(2024, 5, 10, 8) },
      { session: '#1001', item: 'sku-2' },
      { session: '#1002', item: 'sku-2' },
      { session: '#1003', item: 'sku-3', ts: Date.UTC(2024, 5, 11, 12) },
    ]);
    // The record is named by its first line; the column by the header's own name.
    expect(errors).toEqual([{ line: 5, column: 7, message: 'column 7 (Lineitem sku) is empty' }]);
  });

  it('finds names in any case with spaces around them, and reads the event column too', () => {
    const text = [' ORDER id ,"SKU",type', 'o1,a,purchase', 'o1,b,view'].join('\n');
    const { interactions } = parseInteractionsCsv(text, { session: 'order ID', item: 'sku', event: 'Type' });
    expect(interactions).toEqual([
      { session: 'o1', item: 'a', event: 'purchase' },
      { session: 'o1', item: 'b', event: 'view' },
    ]);
  });

  it('a row with another number of fields than the header is a bad line (an unquoted comma shifts every column)', () => {
    const text = [EXPORT_HEADER, '#1,x,paid,,1,Pens, blue,sku-1,', '#1,x,paid,,1,Pens,sku-9,', '#2,x,paid,,1'].join('\n');
    const { interactions, errors } = parseInteractionsCsv(text, SHOPIFY);
    expect(interactions).toEqual([{ session: '#1', item: 'sku-9' }]);
    expect(errors).toEqual([
      { line: 2, column: 9, message: 'column 9 is unexpected: expected 8 columns as the header (line 1) has, got 9' },
      { line: 4, column: 6, message: 'column 6 (Lineitem name) is missing: expected 8 columns as the header (line 1) has, got 5' },
    ]);
  });

  it('throws INVALID_OPTION when the header lacks a name, has it twice, is unreadable, or two parts name one column', () => {
    const fails = (text: string, columns: CsvColumns) => invalidOptionMessage(() => parseInteractionsCsv(text, columns));
    expect(fails(`${EXPORT_HEADER}\n#1,,,,1,x,sku-1,`, { ...SHOPIFY, item: 'SKU' })).toBe(
      '--columns item=SKU: the header (line 1) has no such column; its columns are "Name", "Email", "Financial Status", "Created at", "Lineitem quantity", "Lineitem name", "Lineitem sku", "Notes"',
    );
    expect(fails('\nName,sku,Name\n', { session: 'name', item: 'sku' })).toBe(
      '--columns session=name: the header (line 2) has 2 such columns (1, 3)',
    );
    expect(fails('"Name,sku\no1,a\n', { session: 'Name', item: 'sku' })).toMatch(
      /^--columns: the header \(line 1\) could not be read: column 1: unterminated quoted field/,
    );
    expect(fails('Name,sku\n', { session: 'Name', item: 'name' })).toBe(
      '--columns names the header\'s column 1 ("Name") for both session and item',
    );
  });
});

describe('quoted fields spanning lines, and stray quotes', () => {
  it('a line break in a column the reader uses (ids, times, events) is a stray quote, even when the record closes well', () => {
    // A later inch mark closes the stray quote into a row of an allowed width: the rows between
    // must still be read, as lines of their own.
    const inch = parseInteractionsCsv(['o1,"sku-1,1', 'o2,sku-2,2', 'o3,sku-3,3', 'o4,TV-55",4', 'o5,sku-5,5'].join('\n'));
    expect(inch.interactions.map((i) => `${i.session}/${i.item}`)).toEqual(['o2/sku-2', 'o3/sku-3', 'o4/TV-55"', 'o5/sku-5']);
    expect(inch.errors.map((e) => e.line)).toEqual([1]);
    const event = parseInteractionsCsv(['o1,sku-1,1,"view', 'o2,sku-2,2', 'o3,sku-3,3,cart"'].join('\n'));
    expect(event.interactions.map((i) => i.session)).toEqual(['o2', 'o3']);
    expect(event.errors.map((e) => e.line)).toEqual([1]);
    // With --columns the same holds for the picked columns; the others (a note) may span lines.
    const picked = parseInteractionsCsv(['order,sku,note', 'o1,"sku-1,x', 'o2,sku-2,x', 'o3,sku-3",x'].join('\n'), {
      session: 'order',
      item: 'sku',
    });
    expect(picked.interactions.map((i) => i.session)).toEqual(['o2', 'o3']);
    expect(picked.errors.map((e) => e.line)).toEqual([2]);
  });

  it('a quote left open at the end of the file costs its line only', () => {
    const { interactions, errors } = parseInteractionsCsv('o1,a\n"o2,b\no3,c\n\no4,d');
    expect(interactions.map((i) => i.session)).toEqual(['o1', 'o3', 'o4']);
    expect(errors).toEqual([
      { line: 2, column: 1, message: 'column 1 (session_or_order_id): unterminated quoted field starting at character 1' },
    ]);
  });

  it('a quote that closes lines later into a record of the wrong shape costs its line only', () => {
    const { interactions, errors } = parseInteractionsCsv(['o1,"sku-1,1', 'o2,sku-2,2', 'o3,sku-3",3,view,extra', 'o4,sku-4'].join('\n'));
    expect(interactions.map((i) => i.session)).toEqual(['o2', 'o4']);
    expect(errors.map((e) => e.line)).toEqual([1, 3]);
    expect(errors[0]!.message).toMatch(/column 2 \(item_id\): unterminated quoted field starting at character 4/);
  });

  it(`a quote still open after ${MAX_RECORD_LINES} lines is given up, saying so: every line after it is read`, () => {
    const lines = ['"o0,a', ...Array.from({ length: 3 * MAX_RECORD_LINES }, (_, i) => `o${i + 1},b`)];
    const { interactions, errors } = parseInteractionsCsv(lines.join('\n'));
    expect(interactions).toHaveLength(3 * MAX_RECORD_LINES);
    expect(errors).toEqual([
      {
        line: 1,
        column: 1,
        message: `column 1 (session_or_order_id): unterminated quoted field starting at character 1, still open ${MAX_RECORD_LINES - 1} lines later`,
      },
    ]);
  });

  it('skips # comment lines above a --columns header (analytics downloads), and only there', () => {
    const text = ['# Items report', '# 2024-06-01 - 2024-06-30', '', 'Order,Item', '#1001,a', '#1001,b'].join('\n');
    expect(parseInteractionsCsv(text, { session: 'order', item: 'item' }).interactions).toEqual([
      { session: '#1001', item: 'a' },
      { session: '#1001', item: 'b' },
    ]);
    // In the documented format a first field may start with # (Shopify's order names).
    expect(parseInteractionsCsv('#1001,a\n#1001,b').interactions).toHaveLength(2);
  });

  it('the streaming reader gives the same rows and lines, with end() closing the input', () => {
    const text = `${EXPORT_HEADER}\n#1,x,paid,2024-06-10,1,Pen,sku-1,"a\nb"\n#2,x,paid,2024-06-11,1,Pen,sku-2,"open`;
    const rows: string[] = [];
    const reader = new InteractionsCsvReader((session, item) => rows.push(`${session}/${item}`), 10, SHOPIFY);
    for (const line of text.split('\n')) reader.push(line);
    expect(rows).toEqual(['#1/sku-1']);
    reader.end();
    expect(reader).toMatchObject({ lines: 4, rows: 1, badLines: 1, headerLine: 1, firstRecordLine: 1 });
    expect(reader.errors).toEqual([
      { line: 4, column: 8, message: 'column 8 (Notes): unterminated quoted field starting at character 34' },
    ]);
  });
});

describe('dates as order exports write them', () => {
  it('reads a space before the offset and " UTC" (Shopify, Rails), and still refuses ambiguous forms', () => {
    const ts = (value: string) => parseInteractionsCsv(`o1,a,${value}`).interactions[0]?.ts;
    expect(ts('2024-06-10 10:00:00 +0200')).toBe(Date.UTC(2024, 5, 10, 8));
    expect(ts('2024-06-10 10:00:00 -04:00')).toBe(Date.UTC(2024, 5, 10, 14));
    expect(ts('2024-06-10 10:00:00 UTC')).toBe(Date.UTC(2024, 5, 10, 10));
    for (const bad of ['2024-06-10 10:00:00  +0200', '2024-06-10 UTC', '2024-06-10 10:00:00 CEST', '10/06/2024 10:00'])
      expect(parseInteractionsCsv(`o1,a,${bad}`).errors, bad).toHaveLength(1);
  });
});

describe('parseColumns (--columns)', () => {
  it('reads part=name pairs, names with spaces kept whole', () => {
    expect(parseColumns('session=Name, item=Lineitem sku ,ts=Created at')).toEqual(SHOPIFY);
    expect(parseColumns('item=sku,session=order,event=type,')).toEqual({ item: 'sku', session: 'order', event: 'type' });
  });

  it('refuses unknown parts, repeats, empty names and a missing session or item, naming the flag', () => {
    const message = (value: string) => invalidOptionMessage(() => parseColumns(value));
    expect(message('session=a,sku=b')).toMatch(/^--columns: unknown part "sku" \(known: session, item, ts, event\)/);
    expect(message('session=a,item=b,item=c')).toBe('--columns names the item column twice');
    expect(message('session=a,item=')).toMatch(/^--columns: item needs a header name after "="/);
    expect(message('session=a')).toMatch(/^--columns needs at least session= and item=/);
    expect(message('')).toMatch(/^--columns needs at least session= and item=/);
  });
});
