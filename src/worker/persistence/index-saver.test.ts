/**
 * A returning visit from saved index codes, in Node with the real storage code on fake-indexeddb:
 * the first visit trains and saves the index's codes after `ready`; the next one rebuilds its index
 * from them alone (the float vectors are erased to prove it), ranks exactly as before, and writes
 * nothing back when nothing changed. A changed item is re-embedded and the codes saved again.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { engineConfig, fakeEngine } from '../../../test/helpers/fake-engine.ts';
import { dbName, openDatabase } from '../../storage/open.ts';
import type { CatalogItem, EngineStatus } from '../../types/index.ts';
import type { EngineWithModes } from '../engine.ts';

const DIMS = 16;
const MODEL = 'fake-model';
const N = 1200; // above the binary index's minimum training size (1,000)

function catalog(changed = -1): CatalogItem[] {
  const kinds = ['tent', 'stove', 'lamp', 'boot', 'rope'];
  return Array.from({ length: N }, (_, i) => {
    const kind = kinds[i % kinds.length]!;
    return { id: `p${i}`, title: `${kind} model ${i}${i === changed ? ' (new edition)' : ''}`, category: kind };
  });
}

async function visit(factory: IDBFactory, items: CatalogItem[]) {
  const fake = await fakeEngine(factory, MODEL, DIMS);
  const status = await fake.engine.init(engineConfig(MODEL, { catalog: items, index: 'binary', batchSize: 64 }), () => {});
  return { ...fake, status };
}

/** Waits until the worker has saved its codes (after `ready` and the training it schedules). */
async function saved(engine: EngineWithModes): Promise<EngineStatus> {
  for (let i = 0; i < 500; i++) {
    const s = await engine.status();
    if (s.timings.indexSavedMs !== undefined) return s;
    await new Promise((ok) => setTimeout(ok, 10));
  }
  throw new Error('the index codes were never saved');
}

async function similarKeys(engine: EngineWithModes, key: string): Promise<string[]> {
  return (await engine.similar(key, { k: 10 })).map((r) => r.item.id as string);
}

describe('index codes across visits', () => {
  it('a returning visit loads its index from the saved codes alone and ranks as before', async () => {
    const factory = new IDBFactory();
    const first = await visit(factory, catalog());
    expect(first.status.embedded).toBe(N);
    const afterSave = await saved(first.engine);
    expect(afterSave.indexTrained).toBe(true);
    const before = await similarKeys(first.engine, 'p7');
    await first.engine.destroy();

    // Erase the float vectors: whatever the next visit ranks with must come from the codes.
    const db = await openDatabase(dbName('shop'), factory);
    await db.clear('vectors');
    expect(await db.count('codes')).toBe(1);
    db.close();

    const second = await visit(factory, catalog());
    expect(second.status).toMatchObject({ fromCache: N, embedded: 0, indexed: N, indexKind: 'binary', indexTrained: true });
    expect(await similarKeys(second.engine, 'p7')).toEqual(before);
    // Nothing changed, so nothing is written back.
    await new Promise((ok) => setTimeout(ok, 100));
    expect((await second.engine.status()).timings.indexSavedMs).toBeUndefined();
    await second.engine.destroy();

    // A changed item: its stale row is dropped, it is embedded again, and the codes are saved anew.
    const third = await visit(factory, catalog(42));
    expect(third.status).toMatchObject({ embedded: 1, indexed: N });
    expect(third.embedded()).toHaveLength(1);
    expect(third.embedded()[0]).toContain('model 42 (new edition)');
    await saved(third.engine);
    await third.engine.destroy();
    const fourth = await visit(factory, catalog(42));
    expect(fourth.status).toMatchObject({ embedded: 0, fromCache: N });
    await fourth.engine.destroy();
  });
});
