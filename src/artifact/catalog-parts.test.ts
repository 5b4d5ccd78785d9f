import { describe, expect, it } from 'vitest';
import { build, makeItems } from '../../test/artifact-fixtures.ts';
import { decodeCatalogPart, encodeCatalogParts } from './catalog-parts.ts';
import { coarseNearest, encodeCoarse } from './coarse.ts';
import { parseArtifactManifest, serializeArtifactManifest } from './manifest.ts';

const items = Array.from({ length: 7 }, (_, i) => ({ id: i % 2 ? `k${i}` : i, title: `item ${i}` }));
const keys = items.map((item) => String(item.id));

describe('the catalog in parts', () => {
  it('splits the records by row, content-addressed, and each part reads back against the keys', async () => {
    const { files, entry } = await encodeCatalogParts(items, 3);
    expect(entry.rows).toBe(3);
    expect(files.map((f) => f.name)).toEqual(entry.files.map((f) => f.name));
    expect(files.every((f) => /^catalog-part-[0-9a-f]{16}\.json$/.test(f.name))).toBe(true);
    expect(entry.files.map((f) => f.bytes)).toEqual(files.map((f) => f.bytes.byteLength));
    const parts = await Promise.all(files.map((f, i) => decodeCatalogPart(f.bytes, entry, i, keys, f.name)));
    expect(parts.map((p) => p.length)).toEqual([3, 3, 1]);
    expect(parts.flat()).toEqual(items);
  });

  it('refuses a part that is not its manifest entry, or whose records are not the rows it stands for', async () => {
    const { files, entry } = await encodeCatalogParts(items, 3);
    await expect(decodeCatalogPart(files[1]!.bytes, entry, 0, keys, 'p.json')).rejects.toThrow(/"p.json": does not match the SHA-256/);
    await expect(decodeCatalogPart(files[0]!.bytes, entry, 5, keys, 'p.json')).rejects.toThrow(/part 5, the manifest lists 3/);
    // Right bytes, wrong rows: the keys of another order.
    const shifted = [...keys.slice(1), keys[0]!];
    await expect(decodeCatalogPart(files[0]!.bytes, entry, 0, shifted, 'p.json')).rejects.toThrow(
      /row 0 whose id is not the artifact's key "k1"/,
    );
    await expect(decodeCatalogPart(files[2]!.bytes, entry, 2, [...keys, 'extra'], 'p.json')).rejects.toThrow(
      /holds 1 records, rows 6-7 are 2/,
    );
  });

  it('is named in the manifest, which checks one file per `rows` items', async () => {
    const written = await build(await makeItems(keys));
    const { entry } = await encodeCatalogParts(items, 3);
    const json = JSON.parse(serializeArtifactManifest({ ...written.manifest, catalogParts: entry }));
    expect(parseArtifactManifest(json, 'm.json').catalogParts).toEqual(entry);
    const parse = (catalogParts: unknown) => () => parseArtifactManifest({ ...json, catalogParts }, 'm.json');
    expect(parse({ ...entry, rows: 2 })).toThrow(/"catalogParts.files" must list 4 files for 7 items of 2 rows, got 3/);
    expect(parse({ ...entry, rows: 0 })).toThrow(/"catalogParts.rows" must be at least 1/);
    const named = (name: string) => entry.files.map((f, i) => (i === 0 ? { ...f, name } : f));
    expect(parse({ ...entry, files: named('x.json') })).toThrow(/names must be "catalog-part-<16 hex>.json", got "x.json"/);
    expect(parse({ ...entry, files: named('../p.json') })).toThrow(/"catalogParts.files\[0\].name" must be a plain file name/);
    expect(parse({ ...entry, files: named(entry.files[1]!.name) })).toThrow(/"catalogParts.files" names a file twice/);
    expect(parseArtifactManifest({ ...json, catalogParts: undefined }, 'm.json')).not.toHaveProperty('catalogParts');
  });
});

describe('nearest rows by sign bits', () => {
  it('ranks by Hamming distance, ties in row order, leaving out the row itself and what `skip` refuses', () => {
    // 4 dimensions: codes whose signs are the rows' bits.
    const rows = [
      [1, 1, 1, 1],
      [1, 1, 1, -1], // distance 1 from row 0
      [-1, -1, -1, -1], // 4
      [1, -1, 1, -1], // 2
      [1, 1, -1, 1], // 1
    ];
    const section = encodeCoarse(Int8Array.from(rows.flat()), rows.length, 4);
    expect(coarseNearest(section, 4, 0, 3)).toEqual([
      { row: 1, score: 0.5 },
      { row: 4, score: 0.5 },
      { row: 3, score: 0 },
    ]);
    expect(coarseNearest(section, 4, 0, 2, (r) => r === 1).map((r) => r.row)).toEqual([4, 3]);
    expect(coarseNearest(section, 4, 0, 10).map((r) => r.row)).toEqual([1, 4, 3, 2]);
    expect(coarseNearest(section, 4, 2, 1)).toEqual([{ row: 3, score: 0 }]);
  });
});
