/**
 * `--interactions` as the build reads it (streamed, checked, aggregated), without the model:
 * `signalsSection` needs only the catalog's ids.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sortKeys } from '../artifact/index.ts';
import { ErrorCodes } from '../errors.ts';
import { aggregate, buildSignals, DEFAULT_SIGNALS_OPTIONS, encodeSignals, exactSignals, parseInteractionsCsv } from '../signals/index.ts';
import { seededRandom } from '../signals/noise.ts';
import { signalsSection } from './sections.ts';

const dir = mkdtempSync(join(tmpdir(), 'inpage-rec-interactions-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const csv = (text: string | Buffer) => {
  const file = join(dir, `f${n++}.csv`);
  writeFileSync(file, text);
  return file;
};
const keys = ['nw-0003', 'nw-0001', 'nw-0002', 'nw-0004'];
/** Two sessions of nw-0001 -> nw-0002, as CSV lines. */
const GOOD = ['o1,nw-0001,1', 'o1,nw-0002,2', 'o2,nw-0001,1', 'o2,nw-0002,2'];

describe('signalsSection', () => {
  it('streams to the same bytes as parsing the whole text, across chunk boundaries, CRLF, quotes and interleaved sessions', async () => {
    const ids = Array.from({ length: 500 }, (_, i) => `sku-${i}`);
    const lines = ['\uFEFFsession_or_order_id,item_id,ts,event'];
    for (let r = 0; r < 60_000; r++) {
      const s = (r * 7919) % 4000; // sessions interleaved through the file
      const item = (s * 13 + (r % 11)) % 520; // some ids unknown
      const ts = r % 17 === 0 ? '' : String(1000 + (r % 29)); // some times missing, some out of order
      lines.push(`${r % 5 === 0 ? `"s,${s}"` : `s${s}`},sku-${item},${ts},${r % 3 ? 'view' : 'purchase'}`);
    }
    const text = `${lines.join('\r\n')}\r\n`;
    const file = csv(text);
    // The same seeded noise on both sides (a build's noise is never seeded): the same release.
    const privacy = () => ({ random: seededRandom(9) });
    const { bytes, summary, warnings, sessions } = await signalsSection(file, ids, { privacy: privacy() });
    const expected = buildSignals(parseInteractionsCsv(text).interactions, sortKeys(ids), { privacy: privacy() });
    expect(bytes).toEqual(encodeSignals(expected.signals));
    // The sessions streamed are the sessions parsed: their exact counts agree (and hold lists to compare).
    const exact = exactSignals(parseInteractionsCsv(text).interactions, sortKeys(ids));
    expect(exact.report.itemsWithTogether).toBeGreaterThan(100);
    expect(encodeSignals(aggregate(sessions, sortKeys(ids), DEFAULT_SIGNALS_OPTIONS))).toEqual(encodeSignals(exact.signals));
    expect(summary).toMatchObject({ ...expected.report, badLineCount: 0, badLines: [] });
    expect(warnings).toEqual([]);
    const purchases = await signalsSection(file, ids, { events: ['purchase'], privacy: privacy() });
    const filtered = buildSignals(parseInteractionsCsv(text).interactions, sortKeys(ids), { events: ['purchase'], privacy: privacy() });
    expect(purchases.bytes).toEqual(encodeSignals(filtered.signals));
    expect(purchases.summary).toMatchObject({ filteredEvents: 40_000, events: ['purchase'] });
  });

  it('a file without one readable line fails naming the first lines, columns and reasons, and the count', async () => {
    const iso = csv(['o1,nw-0001,10/06/2024 10:00', 'o1,nw-0002,10/06/2024 10:01', ...Array(5).fill('o2,,1')].join('\n'));
    const err = await signalsSection(iso, keys).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: ErrorCodes.CATALOG_UNREADABLE });
    const message = (err as Error).message;
    expect(message).toContain('7 lines are bad');
    expect(message).toContain('line 1: column 3 (ts) must be a number or an ISO 8601 date, got "10/06/2024 10:00"');
    expect(message).toContain('line 3: column 2 (item_id) is empty');
    expect(message).toContain('and 2 more');
  });

  it('lists the first 5 bad lines once each ("line N" once) and counts the rest', async () => {
    const bad = Array.from({ length: 12 }, (_, i) => `o9,nw-0003,x${i}`);
    const { summary, warnings } = await signalsSection(csv(['session_or_order_id,item_id,ts', ...GOOD, ...bad].join('\n')), keys);
    expect(summary.badLineCount).toBe(12);
    expect(summary.badLines).toHaveLength(5);
    expect(summary.badLines[0]).toBe('line 6: column 3 (ts) must be a number or an ISO 8601 date, got "x0"');
    expect(warnings).toEqual([
      ...summary.badLines.map((l) => `warning: --interactions ${l}`),
      'warning: --interactions: ... and 7 more bad lines (12 in all), skipped like these',
    ]);
    for (const w of warnings) expect(w).not.toMatch(/line \d+: line/);
    expect(summary).toMatchObject({ sessions: 2, interactions: 4 });
  });

  it('a line that is not valid UTF-8 is a bad line with its number, in order among the others, not a row of garbled ids', async () => {
    // "o3,nw-0001" and "o3,nw-000é" saved as Latin-1 (0xe9): the second would be an unknown id read with U+FFFD.
    const latin1 = Buffer.concat([Buffer.from('o3,nw-000'), Buffer.from([0xe9])]);
    const lines = [...GOOD.slice(0, 2), 'o3,nw-0001', latin1, 'o4,nw-0001,x', ...GOOD.slice(2)].map((l) => Buffer.from(l));
    const { summary, warnings } = await signalsSection(csv(Buffer.concat(lines.flatMap((l) => [l, Buffer.from('\r\n')]))), keys);
    expect(summary).toMatchObject({ sessions: 3, interactions: 5, unknownItems: 0, badLineCount: 2 });
    expect(warnings).toEqual([
      'warning: --interactions line 4: not valid UTF-8 (save the file as UTF-8, e.g. "CSV UTF-8" in a spreadsheet)',
      'warning: --interactions line 5: column 3 (ts) must be a number or an ISO 8601 date, got "x"',
    ]);
    const only = await signalsSection(csv(latin1), keys).catch((e: unknown) => e);
    expect(only).toMatchObject({
      code: ErrorCodes.CATALOG_UNREADABLE,
      message: expect.stringMatching(/1 line is bad \(line 1: not valid UTF-8/),
    });
  });

  it('strips a byte order mark before a quoted first field, and finds a header below blank lines', async () => {
    const bom = await signalsSection(csv('\uFEFF"o1",nw-0001\no1,nw-0002\no2,nw-0001\no2,nw-0002'), keys);
    expect(bom.summary).toMatchObject({ sessions: 2, badLineCount: 0 });
    // Two sessions of nw-0001 then nw-0002, as read (two sessions are too few for the private release to publish a pair).
    expect([...bom.sessions.rows].map((r) => bom.ids[r])).toEqual(['nw-0001', 'nw-0002', 'nw-0001', 'nw-0002']);
    const late = await signalsSection(csv(['', 'session_or_order_id,item_id,ts', ...GOOD].join('\n')), keys);
    expect(late.summary).toMatchObject({ sessions: 2, badLineCount: 0 });
    expect(late.warnings).toEqual([]);
  });

  it('--events keeps the listed events and rows without one; says when it keeps nothing or names an absent event', async () => {
    const file = csv(
      ['o1,nw-0001,1,purchase', 'o1,nw-0002,2,purchase', 'o2,nw-0001,1,cart', 'o2,nw-0002,2,view', 'o3,nw-0001', 'o3,nw-0002'].join('\n'),
    );
    const { summary, warnings } = await signalsSection(file, keys, { events: ['purchase', 'cart', 'purchse'] });
    expect(summary).toMatchObject({ interactions: 5, filteredEvents: 1, sessions: 3, events: ['purchase', 'cart', 'purchse'] });
    expect(warnings).toEqual([`warning: --events: no row has the event "purchse"; the file's events include "purchase", "cart", "view"`]);
    const none = await signalsSection(csv('o1,nw-0001,1,view\no1,nw-0002,2,view'), keys, { events: ['purchase'] }).catch((e: unknown) => e);
    expect(none).toMatchObject({
      code: ErrorCodes.INVALID_OPTION,
      message: expect.stringMatching(/--events purchase keeps none of the 2 rows.*"view"/),
    });
  });

  it('warns naming unknown ids when most rows are unknown; fails naming file and catalog ids when none is known', async () => {
    const mostly = await signalsSection(csv([...GOOD, 'o3,SKU-1', 'o3,SKU-2', 'o4,SKU-1', 'o4,SKU-3', 'o5,SKU-4'].join('\n')), keys);
    expect(mostly.summary).toMatchObject({ unknownItems: 5, unknownIds: ['SKU-1', 'SKU-2', 'SKU-3', 'SKU-4'] });
    expect(mostly.warnings).toEqual([
      'warning: --interactions: 5 of 9 rows (56%) name items not in the catalog, e.g. "SKU-1", "SKU-2", "SKU-3", "SKU-4" (catalog ids look like "nw-0001", "nw-0002", "nw-0003"); they are skipped',
    ]);
    const few = await signalsSection(csv([...GOOD, 'o3,SKU-1'].join('\n')), keys);
    expect(few.warnings).toEqual([]);
    const none = await signalsSection(csv('o1,SKU-1\no1,SKU-2\no2,SKU-1\no2,SKU-2'), keys).catch((e: unknown) => e);
    expect(none).toMatchObject({ code: ErrorCodes.UNKNOWN_ITEM });
    expect((none as Error).message).toMatch(
      /none of the 4 rows .* names an item of the catalog: its item_id values include "SKU-1", "SKU-2", while catalog ids look like "nw-0001", "nw-0002", "nw-0003"/,
    );
  });

  it('an empty, header-only, missing or unreadable file fails with CATALOG_UNREADABLE saying which', async () => {
    const fail = (file: string) => signalsSection(file, keys).catch((e: unknown) => e as Error & { code: string });
    expect(await fail(csv(''))).toMatchObject({
      code: ErrorCodes.CATALOG_UNREADABLE,
      message: expect.stringMatching(/is empty: it holds no line with content/),
    });
    expect(await fail(csv('\n\nsession_or_order_id,item_id\n'))).toMatchObject({
      message: expect.stringMatching(/only a header line \(line 3\)/),
    });
    expect(await fail(join(dir, 'nope.csv'))).toMatchObject({
      code: ErrorCodes.CATALOG_UNREADABLE,
      message: expect.stringMatching(/nope\.csv" could not be read \(.*ENOENT/),
    });
    mkdirSync(join(dir, 'folder.csv'));
    expect(await fail(join(dir, 'folder.csv'))).toMatchObject({
      code: ErrorCodes.CATALOG_UNREADABLE,
      message: expect.stringMatching(/EISDIR/),
    });
  });
});

describe('signalsSection of a shop export read by column names (--columns)', () => {
  /** The GOOD sessions as an order export: more columns, other names, a note spanning lines, an order row without SKU. */
  const EXPORT = [
    'Name,Created at,Lineitem name,Lineitem sku,Notes',
    '#o1,2024-06-10 10:00:00 +0200,Stapler,nw-0001,"call first,',
    'then deliver"',
    '#o1,,Staples,nw-0002,',
    '#o1,,Shipping,,',
    '#o2,2024-06-11 09:00:00 +0200,Stapler,nw-0001,',
    '#o2,,Staples,nw-0002,',
  ].join('\r\n');
  const COLUMNS = { session: 'Name', item: 'Lineitem sku', ts: 'Created at' };

  it('gives the same signals as the documented file of the same interactions, and reports the row without SKU', async () => {
    const fromExport = await signalsSection(csv(EXPORT), keys, { columns: COLUMNS, privacy: { random: seededRandom(4) } });
    const documented = await signalsSection(csv(GOOD.join('\n')), keys, { privacy: { random: seededRandom(4) } });
    expect(fromExport.bytes).toEqual(documented.bytes);
    expect([...fromExport.sessions.rows]).toEqual([...documented.sessions.rows]);
    expect([...fromExport.sessions.start]).toEqual([...documented.sessions.start]);
    expect(fromExport.summary).toMatchObject({ sessions: 2, interactions: 4, badLineCount: 1, columns: COLUMNS });
    expect(fromExport.warnings).toEqual(['warning: --interactions line 5: column 4 (Lineitem sku) is empty']);
  });

  it('a header without a named column fails with INVALID_OPTION listing its columns; unknown SKUs name the column', async () => {
    const missing = await signalsSection(csv(EXPORT), keys, { columns: { ...COLUMNS, item: 'SKU' } }).catch((e: unknown) => e);
    expect(missing).toMatchObject({
      code: ErrorCodes.INVALID_OPTION,
      message: expect.stringContaining('--columns item=SKU: the header (line 1) has no such column; its columns are "Name", "Created at",'),
    });
    const skus = await signalsSection(csv('Order,SKU\no1,SKU-1\no1,SKU-2'), keys, { columns: { session: 'Order', item: 'SKU' } }).catch(
      (e: unknown) => e,
    );
    expect(skus).toMatchObject({ code: ErrorCodes.UNKNOWN_ITEM, message: expect.stringMatching(/its "SKU" values include "SKU-1"/) });
  });

  it('without --columns, a first line that is an export header is a bad line whose warning says how to read it', async () => {
    const { warnings, summary } = await signalsSection(csv(['order_id,sku,created_at', ...GOOD].join('\n')), keys);
    expect(summary).toMatchObject({ sessions: 2, badLineCount: 1 });
    expect(warnings).toEqual([
      'warning: --interactions line 1: column 3 (ts) must be a number or an ISO 8601 date, got "created_at"; if line 1 is a header with other column names, pick the columns by name: --columns "session=<order or session column>,item=<item id column>[,ts=<time column>][,event=<event column>]"',
    ]);
    const later = await signalsSection(csv([...GOOD, 'o9,nw-0001,x'].join('\n')), keys);
    expect(later.warnings).toEqual(['warning: --interactions line 5: column 3 (ts) must be a number or an ISO 8601 date, got "x"']);
    // A broken quote on the first line is no header: no hint.
    const quote = await signalsSection(csv(['"o0,nw-0003', ...GOOD].join('\n')), keys);
    expect(quote.warnings).toEqual([
      'warning: --interactions line 1: column 1 (session_or_order_id): unterminated quoted field starting at character 1',
    ]);
  });
});
