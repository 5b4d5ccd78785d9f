import { describe, expect, it } from 'vitest';
import { ErrorCodes } from '../errors.ts';
import { flattenSessions } from './build.ts';
import {
  aggregate,
  DEFAULT_SIGNALS_OPTIONS,
  decodeSignals,
  dequantize,
  encodeSignals,
  exactSignals,
  type Interaction,
  InteractionsCsvReader,
  parseInteractionsCsv,
  popularityCount,
  quantizePopularity,
  quantizeWeight,
  SignalLookup,
} from './index.ts';
import { DEFAULT_WEIGHTING } from './weighting.ts';

const ids = ['a', 'b', 'c', 'd', 'e'];
const sessions = (spec: Record<string, string>): Interaction[] =>
  Object.entries(spec).flatMap(([session, items]) => [...items].map((item, i) => ({ session, item, ts: i })));

describe('exactSignals', () => {
  // a,b together in 3 sessions; a,c in 2; d,e in 1 (below minSupport 2).
  const input = sessions({ s1: 'abc', s2: 'ab', s3: 'bac', s4: 'de', s5: 'a' });

  it('counts co-occurrence as a cosine over sessions and drops pairs seen in fewer than minSupport sessions', () => {
    const { signals, report } = exactSignals(input, ids);
    const look = new SignalLookup(signals, ids);
    const together = look.together('a');
    expect(together.map((n) => n.key)).toEqual(['b', 'c']);
    // a in 4 sessions, b in 3, both in 3: 3 / sqrt(12) = 0.866; a,c: 2 / sqrt(4 * 2) = 0.707.
    expect(together[0]!.weight).toBeCloseTo(3 / Math.sqrt(12), 2);
    expect(together[1]!.weight).toBeCloseTo(2 / Math.sqrt(8), 2);
    expect(look.together('d')).toEqual([]);
    expect(exactSignals(input, ids, { minSupport: 1 }).signals.together[3]!.rows).toEqual(Uint32Array.from([4]));
    expect(report).toMatchObject({ sessions: 5, interactions: 11, unknownItems: 0, itemsWithTogether: 3, itemsWithNext: 1 });
  });

  it('counts transitions in time order as P(next | item)', () => {
    const { signals } = exactSignals(input, ids);
    const look = new SignalLookup(signals, ids);
    // a -> b in s1 and s2 (2 of the 4 sessions holding a); a -> c once (s3), dropped by minSupport.
    expect(look.next('a')).toEqual([{ key: 'b', weight: dequantize(quantizeWeight(0.5)) }]);
    // Shuffled input with times gives the same lists.
    const shuffled = [...input].reverse();
    expect(encodeSignals(exactSignals(shuffled, ids).signals)).toEqual(encodeSignals(signals));
  });

  it('a row without ts keeps its place after the rows it followed, instead of sorting first', () => {
    // s1 and s2: a (ts 10), b (ts 20), c (no ts). Read as ts 0, c would jump ahead: c -> a, a -> b.
    const rows = (session: string): Interaction[] => [
      { session, item: 'a', ts: 10 },
      { session, item: 'b', ts: 20 },
      { session, item: 'c' },
    ];
    const look = new SignalLookup(exactSignals([...rows('s1'), ...rows('s2')], ids).signals, ids);
    expect(look.next('b').map((n) => n.key)).toEqual(['c']);
    expect(look.next('c')).toEqual([]);
    expect(look.next('a').map((n) => n.key)).toEqual(['b']);
    // A session opening without a time keeps that row first; later times still sort the rest.
    const open = (session: string): Interaction[] => [
      { session, item: 'd' },
      { session, item: 'b', ts: 20 },
      { session, item: 'a', ts: 10 },
    ];
    const first = new SignalLookup(exactSignals([...open('s1'), ...open('s2')], ids).signals, ids);
    expect(first.next('d').map((n) => n.key)).toEqual(['a']);
    expect(first.next('a').map((n) => n.key)).toEqual(['b']);
    // Without any time, input order; with every time, time order (unchanged).
    const plain = sessions({ s1: 'abc', s2: 'abc' }).map(({ session, item }) => ({ session, item }));
    expect(new SignalLookup(exactSignals(plain, ids).signals, ids).next('b').map((n) => n.key)).toEqual(['c']);
  });

  it('reports the first few unknown ids; aggregate takes flat sessions with the same result', () => {
    const input2 = [...input, ...['x1', 'x2', 'x1', 'x3', 'x4', 'x5', 'x6'].map((item) => ({ session: 's9', item }))];
    expect(exactSignals(input2, ids).report).toMatchObject({ unknownItems: 7, unknownIds: ['x1', 'x2', 'x3', 'x4', 'x5'] });
    const arrays = [[0, 1, 2], [0, 1], [1, 0, 2], [3, 4], [0], []];
    const options = { ...DEFAULT_SIGNALS_OPTIONS, window: 1 };
    expect(encodeSignals(aggregate(flattenSessions(arrays), ids, options))).toEqual(encodeSignals(aggregate(arrays, ids, options)));
  });

  it('window limits co-occurrence to nearby positions; events filter; unknown items are counted and skipped', () => {
    const far = sessions({ s1: 'abcde', s2: 'abcde' });
    const near = new SignalLookup(exactSignals(far, ids, { window: 1 }).signals, ids);
    expect(near.together('a').map((n) => n.key)).toEqual(['b']);
    const mixed: Interaction[] = [
      { session: 'o1', item: 'a', event: 'purchase' },
      { session: 'o1', item: 'b', event: 'view' },
      { session: 'o1', item: 'zz', event: 'purchase' },
    ];
    const { report } = exactSignals(mixed, ids, { events: ['purchase'] });
    expect(report).toMatchObject({ interactions: 1, filteredEvents: 1, unknownItems: 1 });
  });

  it('by default counts co-occurrence within 10 positions (chosen on validation); a weighting replaces the cosine', () => {
    expect(DEFAULT_SIGNALS_OPTIONS).toMatchObject({ window: 10, maxNeighbours: 24, minSupport: 2 });
    // a at position 0, b at 10 (in reach), c at 11 (out of reach), in two sessions.
    const rows = Array.from({ length: 12 }, (_, i) => (i === 0 ? 'a' : i === 10 ? 'b' : i === 11 ? 'c' : `x${i}`));
    const long: Interaction[] = ['s1', 's2'].flatMap((session) => rows.map((item, ts) => ({ session, item, ts })));
    const all = [...ids, ...rows.filter((r) => r.startsWith('x'))];
    const look = new SignalLookup(exactSignals(long, all).signals, all);
    expect(look.together('a').map((n) => n.key)).toContain('b');
    expect(look.together('a').map((n) => n.key)).not.toContain('c');
    const whole = new SignalLookup(exactSignals(long, all, { window: Number.POSITIVE_INFINITY }).signals, all);
    expect(whole.together('a').map((n) => n.key)).toContain('c');
    // P(j given i) instead of the cosine: a,b in 3 of a's 4 sessions.
    const byA = aggregate(
      [[0, 1, 2], [0, 1], [1, 0, 2], [3, 4], [0]],
      ids,
      { ...DEFAULT_SIGNALS_OPTIONS },
      {
        ...DEFAULT_WEIGHTING,
        together: (c, ni) => c / ni,
      },
    );
    expect(new SignalLookup(byA, ids).together('a')[0]).toEqual({ key: 'b', weight: dequantize(quantizeWeight(3 / 4)) });
  });

  it('keeps the strongest maxNeighbours and rejects bad options', () => {
    const many = sessions({ s1: 'abcde', s2: 'abcde', s3: 'ab', s4: 'ab', s5: 'ac' });
    const { signals } = exactSignals(many, ids, { maxNeighbours: 2 });
    expect(new SignalLookup(signals, ids).together('a').map((n) => n.key)).toEqual(['b', 'c']);
    expect(() => exactSignals(many, ids, { maxNeighbours: 0 })).toThrow(expect.objectContaining({ code: ErrorCodes.INVALID_OPTION }));
    expect(() => exactSignals(many, ids, { maxNeighbours: 25 })).toThrow(/maxNeighbours/);
    expect(() => exactSignals(many, ids, { minSupport: 0.5 })).toThrow(/minSupport/);
  });

  it('popularity: log-scale session counts, most popular first', () => {
    const look = new SignalLookup(exactSignals(input, ids).signals, ids);
    expect(look.popular(3)).toEqual(['a', 'b', 'c']);
    expect(look.popularity('a')).toBe(1);
    expect(look.popularity('e')).toBeLessThan(look.popularity('c'));
    for (const c of [1, 2, 10, 1000, 100_000]) expect(popularityCount(quantizePopularity(c)) / c).toBeCloseTo(1, 0);
  });

  it('publishes no popularity for an item seen in fewer than minSupport sessions', () => {
    const logs = sessions({ s1: 'ab', s2: 'ab', s3: 'c' });
    const strict = new SignalLookup(exactSignals(logs, ids).signals, ids);
    expect(strict.popularity('a')).toBe(1);
    expect(strict.popularity('c')).toBe(0);
    expect(strict.popular(5)).toEqual(['a', 'b']);
    expect(new SignalLookup(exactSignals(logs, ids, { minSupport: 1 }).signals, ids).popularity('c')).toBeGreaterThan(0);
  });
});

describe('encodeSignals / decodeSignals', () => {
  const { signals } = exactSignals(sessions({ s1: 'abc', s2: 'abc', s3: 'cde', s4: 'cde', s5: 'ea', s6: 'ea' }), ids);

  it('round-trips and is deterministic', () => {
    const bytes = encodeSignals(signals);
    expect(decodeSignals(bytes, ids)).toEqual(signals);
    expect(encodeSignals(decodeSignals(bytes))).toEqual(bytes);
  });

  it('round-trips large rows (multi-byte varints)', () => {
    const big = Array.from({ length: 300_000 }, (_, i) => `i${i}`);
    const input: Interaction[] = [];
    for (const s of ['x', 'y']) for (const item of ['i5', 'i200000', 'i299999']) input.push({ session: s, item });
    const built = exactSignals(input, big).signals;
    const back = new SignalLookup(decodeSignals(encodeSignals(built), big), big);
    expect(
      back
        .together('i5')
        .map((n) => n.key)
        .sort(),
    ).toEqual(['i200000', 'i299999']);
  });

  it('refuses truncated, corrupt, foreign-version and mismatched input with a clear error', () => {
    const bytes = encodeSignals(signals);
    const err = (b: Uint8Array, ids?: string[]) => () => decodeSignals(b, ids);
    expect(err(bytes.slice(0, bytes.length - 1))).toThrow(expect.objectContaining({ code: ErrorCodes.CATALOG_UNREADABLE }));
    expect(err(bytes.slice(0, 20))).toThrow(/truncated/);
    expect(err(new Uint8Array(16))).toThrow(/magic/);
    const v2 = bytes.slice();
    v2[4] = 2;
    expect(err(v2)).toThrow(/version 2/);
    expect(err(bytes, ['a', 'b', 'c', 'd', 'x'])).toThrow(/another item list/);
    expect(err(bytes, ids.slice(0, 4))).toThrow(/another item list/);
  });
});

describe('parseInteractionsCsv', () => {
  it('reads the documented columns, an optional header, quotes, and reports each bad line', () => {
    const text = [
      'session_or_order_id,item_id,ts,event',
      'o1,sku-1,100,purchase',
      '"o,2",sku-2,,view',
      'o3,"say ""hi"""',
      ',sku-4',
      'o5,',
      'o6,sku-6,yesterday',
      'o7',
      'o8,sku-8,1,view,extra',
      '"o9,sku-9',
      '',
    ].join('\n');
    const { interactions, errors } = parseInteractionsCsv(text);
    expect(interactions).toEqual([
      { session: 'o1', item: 'sku-1', ts: 100, event: 'purchase' },
      { session: 'o,2', item: 'sku-2', event: 'view' },
      { session: 'o3', item: 'say "hi"' },
    ]);
    expect(errors.map((e) => e.line)).toEqual([5, 6, 7, 8, 9, 10]);
    // The line number is a field, not part of the message: callers print it once.
    expect(errors[0]).toEqual({ line: 5, column: 1, message: 'column 1 (session_or_order_id) is empty' });
    expect(errors[1]).toMatchObject({ column: 2, message: expect.stringMatching(/column 2 \(item_id\) is empty/) });
    expect(errors[2]).toMatchObject({
      column: 3,
      message: expect.stringMatching(/column 3 \(ts\) must be a number or an ISO 8601 date, got "yesterday"/),
    });
    expect(errors[3]).toMatchObject({ column: 2, message: expect.stringMatching(/expected 2 to 4 columns/) });
    expect(errors[4]).toMatchObject({ column: 5, message: expect.stringMatching(/expected 2 to 4 columns .*got 5/) });
    expect(errors[5]).toMatchObject({
      column: 1,
      message: expect.stringMatching(/column 1 .*unterminated quoted field starting at character 1/),
    });
    for (const e of errors) expect(e.message).not.toMatch(/line/);
  });

  it('cuts long values short in messages', () => {
    const { errors } = parseInteractionsCsv(`o1,a,${'9x'.repeat(1000)}`);
    // The reason (~70 characters) plus the value cut to a few dozen, never the 2,000 characters.
    expect(errors[0]!.message).not.toContain('9x'.repeat(50));
    expect(errors[0]!.message.length).toBeLessThan(130);
  });

  it('ignores a byte order mark, even before a quoted first field, and finds the header on the first non-blank line', () => {
    expect(parseInteractionsCsv('\uFEFF"o1",a\no1,b\n').interactions).toEqual([
      { session: 'o1', item: 'a' },
      { session: 'o1', item: 'b' },
    ]);
    const late = parseInteractionsCsv('\n  \nsession_or_order_id,item_id,ts\no1,a,1\n');
    expect(late).toEqual({ interactions: [{ session: 'o1', item: 'a', ts: 1 }], errors: [] });
    expect(parseInteractionsCsv('\uFEFF\r\nsession_or_order_id,"item_id"\r\no1,a').errors).toEqual([]);
    // Only the first line with content can be the header: later it is an ordinary (here: good) row.
    expect(parseInteractionsCsv('o1,a\nx,item_id').interactions).toHaveLength(2);
  });

  it('reads ISO 8601 dates in ts as epoch milliseconds, so an export with dates orders its sessions', () => {
    const { interactions, errors } = parseInteractionsCsv(
      ['o1,b,2024-06-10T10:05:00Z', 'o1,a,2024-06-10T10:00:00Z', 'o2,c,2024-06-11', 'o3,d,2024-06-10 10:00:00.5+02:00'].join('\n'),
    );
    expect(errors).toEqual([]);
    expect(interactions.map((i) => i.ts)).toEqual([
      Date.UTC(2024, 5, 10, 10, 5),
      Date.UTC(2024, 5, 10, 10, 0),
      Date.UTC(2024, 5, 11),
      Date.UTC(2024, 5, 10, 8, 0, 0, 500),
    ]);
    expect(parseInteractionsCsv('o1,a,10/06/2024').errors).toHaveLength(1); // not ISO: ambiguous day and month
    // Impossible dates, an offset without a time, and out-of-range times are bad lines, not guesses.
    for (const bad of ['2024-02-30', '2024-13-01', '2024-06-10+02:00', '2024-06-10T24:00:00Z', '2024-06-10T10:60Z'])
      expect(parseInteractionsCsv(`o1,a,${bad}`).errors, bad).toHaveLength(1);
    // A time without an offset is UTC whatever the machine's time zone, as a date alone is.
    expect(parseInteractionsCsv('o1,a,2024-06-10T10:00').interactions[0]!.ts).toBe(Date.UTC(2024, 5, 10, 10));
    expect(parseInteractionsCsv('o1,a,2024-02-29T23:59:59.999-05:30').interactions[0]!.ts).toBe(Date.UTC(2024, 2, 1, 5, 29, 59, 999));
  });

  it('reads lone CR line ends as node:readline does', () => {
    expect(parseInteractionsCsv('o1,a\ro1,b\r').interactions).toEqual([
      { session: 'o1', item: 'a' },
      { session: 'o1', item: 'b' },
    ]);
  });

  it('InteractionsCsvReader keeps the first few errors but counts them all', () => {
    const rows: string[] = [];
    const reader = new InteractionsCsvReader((session, item) => rows.push(`${session}/${item}`), 2);
    for (const line of ['session_or_order_id,item_id', 'a,1', 'bad', 'b,2', 'bad', 'bad', '', 'bad']) reader.push(line);
    expect(rows).toEqual(['a/1', 'b/2']);
    expect(reader).toMatchObject({ lines: 8, rows: 2, badLines: 4, headerLine: 1 });
    expect(reader.errors.map((e) => e.line)).toEqual([3, 5]);
  });

  it('accepts files without a header and CRLF line ends', () => {
    expect(parseInteractionsCsv('a,1\r\nb,2\r\n').interactions).toEqual([
      { session: 'a', item: '1' },
      { session: 'b', item: '2' },
    ]);
  });
});
