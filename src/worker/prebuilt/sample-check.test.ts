/**
 * Prebuilt vectors prove themselves (sample-check.ts): forged artifacts whose hashes are all
 * correct (vectors shuffled between items, or all zero) are caught once the encoder loads, dropped
 * and re-embedded; a genuine one is verified and kept; a refused one is never adopted again.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FileServer, startFileServer } from '../../../test/helpers/file-server.ts';
import { DIMS, items, publish, start } from '../../../test/helpers/prebuilt-fixture.ts';
import { createError, ErrorCodes } from '../../errors.ts';
import type { EngineEvent } from '../protocol.ts';
import { MIN_SAMPLE_COSINE, SAMPLE_SIZE } from './sample-check.ts';

let server: FileServer;
beforeAll(async () => {
  server = await startFileServer();
});
afterAll(() => server.close());

const shuffled = (truth: Float32Array[]) => truth.map((_, i) => truth[(i + 1) % truth.length]!);
const zero = (truth: Float32Array[]) => truth.map(() => new Float32Array(DIMS));

type Engine = { status(): Promise<{ vectorsCheck?: string; embedded: number; items: number }> };
/** Waits (up to 10 s) until the check is verified, or refused with every item re-embedded; returns the status then. */
async function settled(engine: Engine) {
  for (let i = 0; i < 1000; i++) {
    const s = await engine.status();
    if (s.vectorsCheck === 'verified' || (s.vectorsCheck === 'refused' && s.embedded >= s.items)) return s;
    await new Promise((ok) => setTimeout(ok, 10));
  }
  return engine.status();
}
const mismatches = (events: EngineEvent[]) => events.filter((e) => e.type === 'warning' && e.code === ErrorCodes.ARTIFACT_MISMATCH);

describe('the sample check of prebuilt vectors', () => {
  for (const [name, forge] of [
    ['shuffled between items', shuffled],
    ['all zero', zero],
  ] as const)
    it(`vectors ${name}, hashes recomputed: caught when the encoder loads, dropped and re-embedded`, async () => {
      const catalog = items(40);
      const url = await publish(server, `forged-${name.split(' ')[0]}`, catalog, { vectors: forge });
      const v = await start(server, new IDBFactory(), catalog, url);
      // Accepted at first (its SHA-256s are right): nothing is embedded before the model is needed.
      expect(await v.ready).toMatchObject({ fromArtifact: 40, embedded: 0, vectorsCheck: 'pending' });
      await v.engine.search('tent', { k: 3 }); // loads the encoder
      const s = await settled(v.engine);
      expect(s).toMatchObject({ vectorsCheck: 'refused', embedded: 40 });
      expect(mismatches(v.events)).toEqual([
        expect.objectContaining({
          message: expect.stringMatching(
            new RegExp(
              `^the prebuilt vectors at ${url} do not match their items: \\d+ of ${SAMPLE_SIZE} sampled items .*cosine < ${MIN_SAMPLE_COSINE}`,
            ),
          ),
        }),
      ]);
      expect(v.events).toContainEqual({ type: 'refresh', reason: 'vectors' });
      // Ranked by the page's own vectors now: a tent's neighbours are tents.
      const similar = await v.engine.similar('p0', { k: 3 });
      expect(similar.map((r) => r.item.category)).toEqual(['tent', 'tent', 'tent']);
    });

  it('a genuine artifact is verified with a preloaded model and kept: no warning, nothing embedded', async () => {
    const catalog = items(40);
    const url = await publish(server, 'genuine', catalog);
    const v = await start(server, new IDBFactory(), catalog, url, { preloadModel: true });
    await v.ready;
    expect(await settled(v.engine)).toMatchObject({ vectorsCheck: 'verified', embedded: 0 });
    expect(v.embedded().length).toBeLessThanOrEqual(SAMPLE_SIZE);
    expect(mismatches(v.events)).toEqual([]);
  });

  it('a check left pending by a visit that never loaded the model runs on the next one; a refused artifact is not adopted again', async () => {
    const factory = new IDBFactory();
    const catalog = items(40);
    const url = await publish(server, 'forged-later', catalog, { vectors: shuffled });
    const first = await start(server, factory, catalog, url);
    expect(await first.ready).toMatchObject({ fromArtifact: 40, vectorsCheck: 'pending' });
    first.engine.destroy();
    // The next visit answers from IndexedDB, loads the model at once, finishes the check.
    const second = await start(server, factory, catalog, url, { preloadModel: true });
    await second.ready;
    expect(await settled(second.engine)).toMatchObject({ vectorsCheck: 'refused', embedded: 40 });
    expect(mismatches(second.events)).toHaveLength(1);
    second.engine.destroy();
    // A new item would come from the artifact: it is embedded instead, with a warning.
    const third = await start(server, factory, [...catalog, { id: 'p-new', title: 'tent new', category: 'tent' }], url);
    expect(await third.ready).toMatchObject({ fromArtifact: 0, embedded: 1 });
    expect(mismatches(third.events)).toEqual([expect.objectContaining({ message: expect.stringContaining('failed an earlier check') })]);
  });

  it('checkVectors (the page at idle) loads the encoder only for a runnable check, and finishes it', async () => {
    const factory = new IDBFactory();
    const catalog = items(40);
    const url = await publish(server, 'forged-idle', catalog, { vectors: shuffled });
    const v = await start(server, factory, catalog, url);
    expect(await v.ready).toMatchObject({ vectorsCheck: 'pending', embedded: 0 });
    expect(v.encoders).toHaveLength(0);
    expect(await v.engine.checkVectors()).toBe('refused');
    expect(v.encoders).toHaveLength(1);
    expect(await settled(v.engine)).toMatchObject({ vectorsCheck: 'refused', embedded: 40 });
    expect(mismatches(v.events)).toHaveLength(1);
    v.engine.destroy();
    // A verdict is stored: the next visit's call loads nothing.
    const next = await start(server, factory, catalog, url);
    await next.ready;
    expect(await next.engine.checkVectors()).toBe('refused');
    expect(next.encoders).toHaveLength(0);
  });

  it('checkVectors loads nothing when too little of the sample is left in the catalog', async () => {
    const catalog = items(40);
    const url = await publish(server, 'changed-idle', catalog);
    const factory = new IDBFactory();
    const first = await start(server, factory, catalog, url);
    expect(await first.ready).toMatchObject({ vectorsCheck: 'pending' });
    first.engine.destroy();
    // All but 3 items are gone: fewer than 4 of the sample can be compared, and nothing needs embedding.
    const second = await start(server, factory, catalog.slice(0, 3), url);
    expect(await second.ready).toMatchObject({ items: 3, embedded: 0 });
    expect(await second.engine.checkVectors()).toBe('pending');
    expect(second.encoders).toHaveLength(0);
  });

  it('checkVectors with a model that fails to load: the check stays pending, with a warning', async () => {
    const catalog = items(40);
    const url = await publish(server, 'model-fails-idle', catalog);
    const fails = async (): Promise<never> => {
      throw createError(ErrorCodes.MODEL_FAILED, 'models/fake-model/model.onnx: 404');
    };
    const v = await start(server, new IDBFactory(), catalog, url, {}, { createEncoder: fails });
    await v.ready;
    expect(await v.engine.checkVectors()).toBe('pending');
    expect(v.events).toContainEqual({
      type: 'warning',
      code: ErrorCodes.MODEL_FAILED,
      message: 'the prebuilt vectors stay unchecked: models/fake-model/model.onnx: 404',
    });
    expect(v.events.filter((e) => e.type === 'error')).toEqual([]);
  });

  it('checkVectors in a second tab, after the first verified the artifact, loads nothing', async () => {
    const catalog = items(40);
    const url = await publish(server, 'two-tabs', catalog);
    const factory = new IDBFactory();
    // Two first visits at once: each adopts the artifact and holds a pending record.
    const a = await start(server, factory, catalog, url);
    const b = await start(server, factory, catalog, url);
    expect(await a.ready).toMatchObject({ vectorsCheck: 'pending' });
    expect(await b.ready).toMatchObject({ vectorsCheck: 'pending', embedded: 0 });
    expect(await a.engine.checkVectors()).toBe('verified');
    expect(await b.engine.checkVectors()).toBe('verified');
    expect(b.encoders).toHaveLength(0);
    a.engine.destroy();
    b.engine.destroy();
  });
});
