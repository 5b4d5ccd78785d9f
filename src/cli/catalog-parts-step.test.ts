import { describe, expect, it } from 'vitest';
import { CATALOG_PART_ROWS, decodeCatalogPart } from '../artifact/catalog-parts.ts';
import { sortKeys } from '../artifact/keys.ts';
import { validateCatalog } from '../catalog/validate.ts';
import { CATALOG_PARTS_MIN_ITEMS, catalogPartFiles } from './catalog-parts-step.ts';

// Ids that sort differently as text than in catalog order (p10 before p2).
const catalog = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `p${i}`, title: `item ${i}`, price: i }));
const entriesOf = async (n: number) => (await validateCatalog(catalog(n), { modelKey: 'm:8:q8' })).entries;

describe("the build's catalog parts", () => {
  it(`are written from ${CATALOG_PARTS_MIN_ITEMS} items: every valid record once, in the artifact's row order`, async () => {
    expect(await catalogPartFiles(await entriesOf(CATALOG_PARTS_MIN_ITEMS - 1))).toBeUndefined();
    const entries = await entriesOf(CATALOG_PARTS_MIN_ITEMS);
    const parts = (await catalogPartFiles(entries))!;
    expect(parts.entry.rows).toBe(CATALOG_PART_ROWS);
    expect(parts.files).toHaveLength(Math.ceil(CATALOG_PARTS_MIN_ITEMS / CATALOG_PART_ROWS));
    const keys = sortKeys(entries.map((e) => e.key));
    const records = (await Promise.all(parts.files.map((f, i) => decodeCatalogPart(f.bytes, parts.entry, i, keys, f.name)))).flat();
    expect(records.map((r) => String(r.id))).toEqual(keys);
    expect(records.find((r) => r.id === 'p10')).toEqual(entries.find((e) => e.key === 'p10')!.item);
  });
});
