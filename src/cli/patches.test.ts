import { describe, expect, it } from 'vitest';
import { MODEL, makeItems } from '../../test/artifact-fixtures.ts';
import { describeTextRule } from '../artifact/text-rule.ts';
import { contentHash } from '../catalog/hash.ts';
import { buildPatches, type PatchHistory } from './patches.ts';

const KEYS = Array.from({ length: 20 }, (_, i) => `k${String(i).padStart(2, '0')}`);
const input = async () => ({ model: MODEL, textRule: await describeTextRule(), generator: 'inpage-rec test' });
const sha = (c: string) => c.repeat(64);

/** The items with `edited` keys given new texts. */
async function edit(items: Awaited<ReturnType<typeof makeItems>>, edited: string[], round = 1) {
  return Promise.all(
    items.map(async (i) => (edited.includes(i.key) ? { ...i, hash: await contentHash(`${i.key} v${round}`, MODEL.key) } : i)),
  );
}

describe('the patches a build writes', () => {
  it('none without a previous build, and none from the build itself', async () => {
    const items = await makeItems(KEYS);
    expect(await buildPatches(await input(), items, sha('a'), undefined)).toEqual([]);
    const same: PatchHistory = { base: sha('a'), hashes: new Map(items.map((i) => [i.key, i.hash])), patches: [] };
    expect(await buildPatches(await input(), items, sha('a'), same)).toEqual([]);
  });

  it('from the previous build: its changed and new keys; from older builds: those accumulated', async () => {
    const before = await makeItems(KEYS);
    const items = [...(await edit(before, ['k03'])), ...(await makeItems(['new']))];
    const history: PatchHistory = {
      base: sha('b'),
      hashes: new Map(before.map((i) => [i.key, i.hash])),
      patches: [
        { from: sha('a'), keys: new Set(['k07', 'k08']) },
        // Its build is the one being written (the site went back to it): nobody needs a patch.
        { from: sha('c'), keys: new Set(['k09']) },
      ],
    };
    const patches = await buildPatches(await input(), items, sha('c'), history);
    expect(patches.map((p) => p.patch.from)).toEqual([sha('b'), sha('a')]);
    expect(patches.map((p) => p.patch.count)).toEqual([2, 4]);
  });

  it('leaves out patches over a quarter of the items, and keeps the 8 newest builds', async () => {
    const before = await makeItems(KEYS);
    const items = await edit(before, ['k00']);
    const history: PatchHistory = {
      base: sha('0'),
      hashes: new Map(before.map((i) => [i.key, i.hash])),
      patches: [
        { from: sha('1'), keys: new Set(KEYS.slice(0, 5)) }, // 5 of 20: kept
        { from: sha('2'), keys: new Set(KEYS.slice(0, 6)) }, // 6 of 20: over a quarter
        ...['3', '4', '5', '6', '7', '8', '9', 'a'].map((c) => ({ from: sha(c), keys: new Set(['k01']) })),
      ],
    };
    const patches = await buildPatches(await input(), items, sha('f'), history);
    expect(patches.map((p) => p.patch.from)).toEqual(['0', '1', '3', '4', '5', '6', '7', '8'].map(sha));
    expect(patches.map((p) => p.patch.count)).toEqual([1, 5, 2, 2, 2, 2, 2, 2]);
  });
});
