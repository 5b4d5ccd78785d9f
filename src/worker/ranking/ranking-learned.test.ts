/**
 * Ranking in the shop's learned space (the artifact's `learned` section, src/learn/lookup.ts): a
 * real Engine on fake-indexeddb with the fake bag-of-words encoder, and a hand-made space set as
 * the page's published one. "For you" ranks in it with word overlap; "bought together"'s content
 * fill-ins rank in it too.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { modelNumberCatalog } from '../../../test/fixtures/model-number-catalog.ts';
import { engineConfig, fakeEngine } from '../../../test/helpers/fake-engine.ts';
import { LearnedLookup } from '../../learn/lookup.ts';
import { forYouBlended, LEARNED_BLEND, LEARNED_COMPLEMENTS_BLEND, profileFromHistory } from '../../recommend/index.ts';

const MODEL = 'fake-model';

type ModeEngine = Awaited<ReturnType<typeof fakeEngine>>['engine'];

/** The shared fixture: p0 and p37 share the model number "zx81" (test/fixtures/model-number-catalog.ts). */
const catalog = modelNumberCatalog;

const KEYS = catalog().map((c) => String(c.id));

/**
 * A learned space of one axis per group (`group(i)` of item `pi`); `query` overrides some items'
 * query sides (an axis each). Query sides are .99 long, so no item's two sides are equal (an item
 * the logs named) except for the `textOnly` items (the logs never named them: both sides equal).
 */
function space(dims: number, group: (i: number) => number, query: Record<string, number> = {}, textOnly: string[] = []): LearnedLookup {
  const axes = (axis: (i: number) => number, length: (key: string) => number) => {
    const rows = new Float32Array(KEYS.length * dims);
    KEYS.forEach((key, i) => {
      rows[i * dims + axis(i)] = length(key);
    });
    return rows;
  };
  const queries = axes(
    (i) => query[KEYS[i]!] ?? group(i),
    (key) => (textOnly.includes(key) ? 1 : 0.99),
  );
  const map = { inDims: 16, outDims: dims, weights: new Float32Array(16 * dims) };
  return new LearnedLookup({ map, sides: 2, count: KEYS.length, vectors: [queries, axes(group, () => 1)] }, KEYS);
}

/** An engine on the catalog whose published learned space is `lookup` (none when undefined). */
async function engineWith(lookup: LearnedLookup | undefined): Promise<ModeEngine> {
  const { engine } = await fakeEngine(new IDBFactory(), MODEL, 16);
  await engine.init(engineConfig(MODEL, { catalog: catalog() }), () => {});
  if (lookup) Object.defineProperty(engine.context!.prebuilt, 'learned', { get: () => lookup });
  return engine;
}

describe('"For you" in the shop\'s learned space', () => {
  it('weighs word overlap too: among items the space ties, the one sharing a rare word comes first', async () => {
    expect(LEARNED_BLEND.wordOverlapUnlisted).toBeGreaterThan(0);
    // p0, p12, p24 and p37 share the first axis.
    const lookup = space(4, (i) => ([0, 12, 24, 37].includes(i) ? 0 : 1 + (i % 3)));
    const engine = await engineWith(lookup);
    await engine.track({ type: 'view', itemId: 'p0' });
    // The space alone ties p12, p24 and p37, and the key order puts p12 first.
    const profile = profileFromHistory([{ type: 'view', itemId: 'p0', ts: 1 }]);
    const options = { calibration: lookup.calibration(), weights: LEARNED_BLEND, anchorQuery: lookup.query };
    expect(forYouBlended(lookup.targets, profile, 3, undefined, options).map((r) => r.key)).toEqual(['p12', 'p24', 'p37']);
    // The page's "for you" ranks in the space with word overlap: p37 shares p0's "zx81".
    const forYou = await engine.forYou({ k: 3 });
    // (What follows is MMR's: p12 and p24 sit exactly where p37 does in the space.)
    expect(forYou[0]).toMatchObject({ id: 'p37', because: { id: 'p0' } });
  });
});

describe('"For you" for items the logs never named', () => {
  it('ranks them by their text, as the raw space would, not by where the map alone puts them', async () => {
    // p0 alone on axis 0; p3 (a tent like p0) alone on axis 3; every other item on axis 1 or 2.
    const group = (i: number) => (i === 0 ? 0 : i === 3 ? 3 : 1 + (i % 2));
    const first = async (lookup: LearnedLookup) => {
      const engine = await engineWith(lookup);
      await engine.track({ type: 'view', itemId: 'p0' });
      return (await engine.forYou({ k: 3 }))[0]!.id;
    };
    expect(space(4, group, {}, ['p3']).textOnly('p3')).toBe(true);
    expect(space(4, group).textOnly('p3')).toBe(false);
    // Named by the logs, p3's place in the space is final: nothing ties it to p0 there.
    expect(await first(space(4, group))).not.toBe('p3');
    // Never named, its text decides: of the tents, the closest to p0's text.
    expect(await first(space(4, group, {}, ['p3']))).toBe('p3');
  });
});

describe('"Bought together" with the shop\'s learned space', () => {
  it('ranks its content fill-ins in the space: what sessions open after the item, never what similar shows', async () => {
    expect(LEARNED_COMPLEMENTS_BLEND.wordOverlap).toBeGreaterThan(0);
    // Eight axes; p0's query side points at the axis of p4 (a stove) and p8 (a lamp).
    const lookup = space(8, (i) => (i === 4 || i === 8 ? 7 : i % 7), { p0: 7 });
    const raw = await engineWith(undefined);
    const learned = await engineWith(lookup);
    const ids = (list: { id: string | number }[]) => list.map((r) => String(r.id));
    const without = await raw.complements('p0', { k: 6 });
    expect(ids(without)).not.toContain('p4');
    expect(ids(without)).not.toContain('p8');
    const withSpace = await learned.complements('p0', { k: 6 });
    expect(ids(withSpace).slice(0, 2).sort()).toEqual(['p4', 'p8']);
    expect(withSpace.every((r) => r.basis === 'content')).toBe(true);
    // Similar items are the same with or without the space, and bought together repeats none of them.
    const similar = ids(await learned.similar('p0'));
    expect(similar).toEqual(ids(await raw.similar('p0')));
    for (const id of ids(withSpace)) expect(similar).not.toContain(id);
  });
});

describe("A new visitor with the shop's learned space", () => {
  it('gets what the space expects next from anywhere first; without it, the catalog spread', async () => {
    // Every query side points at axis 3, where only p5, p17 and p29 have their target side.
    const lookup = space(4, (i) => ([5, 17, 29].includes(i) ? 3 : i % 3), Object.fromEntries(KEYS.map((k) => [k, 3])));
    const withSpace = await (await engineWith(lookup)).forYou({ k: 6 });
    expect(
      withSpace
        .slice(0, 3)
        .map((r) => r.id)
        .sort(),
    ).toEqual(['p17', 'p29', 'p5']);
    const without = await (await engineWith(undefined)).forYou({ k: 6 });
    // Without it, the spread: none of the three first.
    expect(without.slice(0, 3).map((r) => r.id)).not.toContain('p5');
    // Then the rest of the space's order (it scores every item): six distinct items.
    expect(new Set(withSpace.map((r) => r.id)).size).toBe(6);
  });
});
