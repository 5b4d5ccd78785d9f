import { describe, expect, it } from 'vitest';
import { sortKeys } from '../artifact/keys.ts';
import { STARTER_ITEMS } from '../artifact/starter-file.ts';
import { validateCatalog } from '../catalog/validate.ts';
import { exactSignals } from '../signals/build.ts';
import { encodeSignals } from '../signals/index.ts';
import { STARTER_MIN_ITEMS, starterFile, starterOf } from './starter-step.ts';

const catalog = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ id: `p${i}`, title: `item ${i}`, category: ['tent', 'stove', 'lamp'][i % 3]! }));
const entriesOf = async (n: number) => (await validateCatalog(catalog(n), { modelKey: 'm:8:q8' })).entries;

describe("the build's starter", () => {
  it('without signals: a spread over the categories, STARTER_ITEMS records as the catalog has them', async () => {
    const entries = await entriesOf(90);
    const starter = starterOf(entries);
    expect(starter.basis).toBe('sample');
    expect(starter.items).toHaveLength(STARTER_ITEMS);
    expect(new Set(starter.items.slice(0, 3).map((item) => item.category))).toEqual(new Set(['tent', 'stove', 'lamp']));
    expect(starter.items[0]).toBe(entries.find((e) => e.item === starter.items[0])!.item);
  });

  it('with signals: the most popular items first', async () => {
    const entries = await entriesOf(90);
    const sortedKeys = sortKeys(entries.map((e) => e.key));
    // p5 in 30 sessions, p7 in 20, p1 in 10, then eight more in 5 each.
    const counts: [string, number][] = [
      ['p5', 30],
      ['p7', 20],
      ['p1', 10],
      ...[11, 12, 13, 14, 15, 16, 17, 18].map((i): [string, number] => [`p${i}`, 5]),
    ];
    const sessions = counts.flatMap(([item, n]) => Array.from({ length: n }, (_, s) => ({ session: `${item}-${s}`, item })));
    const bytes = encodeSignals(exactSignals(sessions, sortedKeys).signals);
    const starter = starterOf(entries, { bytes, sortedKeys });
    expect(starter.basis).toBe('popular');
    expect(starter.items.slice(0, 3).map((item) => item.id)).toEqual(['p5', 'p7', 'p1']);
    expect(starter.items).toHaveLength(counts.length);
    // Too few popular items (a sparse log): the spread instead.
    const few = encodeSignals(
      exactSignals(
        sessions.filter((s) => s.item === 'p5'),
        sortedKeys,
      ).signals,
    );
    expect(starterOf(entries, { bytes: few, sortedKeys }).basis).toBe('sample');
  });

  it(`is written from ${STARTER_MIN_ITEMS} items, content-addressed`, async () => {
    expect(await starterFile(await entriesOf(STARTER_MIN_ITEMS - 1), undefined)).toBeUndefined();
    const file = await starterFile(await entriesOf(STARTER_MIN_ITEMS), undefined);
    expect(file?.entry).toMatchObject({ basis: 'sample', count: STARTER_ITEMS });
    expect(file?.file.name).toBe(file?.entry.file.name);
    expect(file?.file.bytes.byteLength).toBe(file?.entry.file.bytes);
  });
});
