/**
 * The worker ranks with word overlap (src/recommend/term-index.ts): a real Engine on
 * fake-indexeddb with the fake bag-of-words encoder, whose cosine alone does not put the item
 * sharing a model number first, while the shipped blend does.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { engineConfig, fakeEngine } from '../../test/helpers/fake-engine.ts';
import { CONTENT_BLEND, similarItems } from '../recommend/index.ts';
import type { CatalogItem } from '../types.ts';
import type { CatalogState } from './catalog-state.ts';

const MODEL = 'fake-model';

/** 60 items in 3 kinds; p0 and p37 (another kind) share the model number "zx81", nothing else does. */
function catalog(): CatalogItem[] {
  const kinds = ['tent', 'stove', 'lamp'];
  return Array.from({ length: 60 }, (_, i) => {
    const kind = kinds[i % 3]!;
    const code = i === 0 || i === 37 ? 'zx81' : `c${i}`;
    return { id: `p${i}`, title: `${kind} ${code}`, description: `a ${kind} for camping` };
  });
}

describe('Ranking with word overlap', () => {
  it('similar() and forYou() lift the item sharing a rare word; cosine alone does not', async () => {
    expect(CONTENT_BLEND.terms).toBeGreaterThan(0);
    const { engine } = await fakeEngine(new IDBFactory(), MODEL, 16);
    await engine.init(engineConfig(MODEL, { catalog: catalog() }), () => {});
    const state = (engine as unknown as { state: CatalogState }).state;
    expect(state.terms?.size).toBe(60);

    const cosineOnly = similarItems(state.index!, 'p0', 5, undefined, new Set());
    expect(cosineOnly.map((r) => r.key)).not.toContain('p37'); // the fake encoder ranks "tent" items first
    const similar = await engine.similar('p0', { k: 5 });
    expect(similar[0]!.id).toBe('p37');

    await engine.track({ type: 'view', itemId: 'p0' });
    const forYou = await engine.forYou({ k: 5 });
    expect(forYou[0]!.id).toBe('p37');
    expect(forYou[0]!.because?.id).toBe('p0');
  });
});
