import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expandOrder, parseCatalogPatch } from '../artifact/catalog-patch.ts';
import { validateCatalog } from '../catalog/validate.ts';
import { sha256Hex } from '../digest/sha256.ts';
import { buildCatalogPatches, type CatalogPatchOutput, recordsFile } from './catalog-patches.ts';

type Item = { id: string; title: string; price?: number };
const items = (n: number): Item[] => Array.from({ length: n }, (_, i) => ({ id: `p${i}`, title: `item ${i}`, price: i }));

/** One build of `raw` in `dir` as the CLI writes it: its records file; returns its digest and output. */
async function buildOf(dir: string, raw: unknown[], older: string[]): Promise<{ sha: string; out: CatalogPatchOutput }> {
  const bytes = new TextEncoder().encode(JSON.stringify(raw));
  const sha = await sha256Hex(bytes);
  const { report } = await validateCatalog(raw, { modelKey: 'm:2:q8' });
  const out = await buildCatalogPatches(dir, { sha256: sha, bytes: bytes.byteLength }, raw, report, older);
  writeFileSync(join(dir, out.records.name), out.records.text);
  return { sha, out };
}

const parsed = (out: CatalogPatchOutput, i: number, from: string, to: string) =>
  parseCatalogPatch(JSON.parse(out.patches[i]!.text), 'p', { from, to });

describe('catalog patches of a build', () => {
  it('hold the records changed since each older catalog (prices too), and the new order', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'catalog-patches-'));
    const one = items(20);
    const first = await buildOf(dir, one, []);
    expect(first.out.patches).toEqual([]);
    expect(first.out.records.name).toBe(recordsFile(first.sha));

    const two = [
      { id: 'new', title: 'new item' },
      ...one.filter((i) => i.id !== 'p5').map((i) => (i.id === 'p9' ? { ...i, price: 99 } : i)),
    ];
    const second = await buildOf(dir, two, [first.sha]);
    const patch = parsed(second.out, 0, first.sha, second.sha);
    expect(patch.items.map(([key]) => key)).toEqual(['new', 'p9']);
    expect(patch.items[1]![1]).toEqual({ id: 'p9', title: 'item 9', price: 99 });
    expect(
      expandOrder(
        patch.order,
        one.map((i) => i.id),
        'p',
      ),
    ).toEqual(two.map((i) => i.id));
    expect(patch.order).toEqual(['new', [0, 5], [6, 14]]);
    expect(patch.report).toEqual((await validateCatalog(two, { modelKey: 'm:2:q8' })).report);

    // The next build patches from both earlier catalogs, newest first, and keeps both records files.
    const three = two.map((i) => (i.id === 'p1' ? { ...i, title: 'renamed' } : i));
    const third = await buildOf(dir, three, [second.sha, first.sha]);
    expect(third.out.patches.map((p) => [p.patch.from, p.patch.count])).toEqual([
      [second.sha, 1],
      [first.sha, 3],
    ]);
    expect(third.out.keptRecords).toEqual([recordsFile(second.sha), recordsFile(first.sha)]);
    expect(third.out.patches[0]!.patch.file.name).toMatch(/^catalog-patch-[0-9a-f]{16}\.json$/);
    expect(third.out.patches[0]!.patch.file.sha256).toBe(await sha256Hex(new TextEncoder().encode(third.out.patches[0]!.text)));
  });

  it('is deterministic, and skips catalogs without records or with over a quarter of the records changed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'catalog-patches-'));
    const one = items(20);
    const first = await buildOf(dir, one, []);
    const small = one.map((i) => (i.id === 'p0' ? { ...i, price: 1000 } : i));
    const a = await buildOf(dir, small, [first.sha, 'f'.repeat(64)]);
    const b = await buildOf(dir, small, [first.sha, 'f'.repeat(64)]);
    expect(a.out).toEqual(b.out);
    expect(a.out.patches.map((p) => p.patch.from)).toEqual([first.sha]);
    // 6 of 20 changed: over MAX_PATCH_SHARE, the whole file is about as small.
    const big = one.map((i, n) => (n < 6 ? { ...i, price: -1 } : i));
    expect((await buildOf(dir, big, [first.sha])).out.patches).toEqual([]);
    // A records file of another catalog under the expected name is not used.
    writeFileSync(join(dir, recordsFile(first.sha)), JSON.stringify({ catalog: 'x', keys: [], digests: [] }));
    expect((await buildOf(dir, small, [first.sha])).out.patches).toEqual([]);
  });
});
