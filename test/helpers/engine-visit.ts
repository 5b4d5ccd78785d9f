/**
 * A page visit of the engine in Node, for the engine's own tests (src/worker/engine*.test.ts): the
 * real storage code on a fake-indexeddb factory the test owns and the small deterministic encoder.
 * A "second visit" reuses the factory with a new engine, as a reload does. Test-only, in test/.
 */
import type { IDBFactory } from 'fake-indexeddb';
import type { EncoderOptions } from '../../src/encoder/index.ts';
import { openStore } from '../../src/storage/index.ts';
import type { CatalogItem, EngineStatus } from '../../src/types/index.ts';
import type { EngineDeps } from '../../src/worker/context.ts';
import { createEngine, type EngineWithModes } from '../../src/worker/engine.ts';
import type { EngineConfig, EngineEvent } from '../../src/worker/protocol.ts';
import { createFakeEncoder, type FakeEncoder } from './fake-encoder.ts';
import { engineConfig } from './fake-engine.ts';

/** The fake encoder's width: small, so a test's vectors stay cheap. */
export const DIMS = 16;
/** A model the registry does not know, so nothing tries to fetch it. */
export const MODEL = 'fake-model';

/** The engine config of every visit here, but its catalog. */
export const visitConfig = engineConfig(MODEL);

/** `n` items (40 by default) in 4 categories whose titles share words within a category. */
export function catalog(n = 40): CatalogItem[] {
  const kinds = ['tent', 'stove', 'lamp', 'boot'];
  return Array.from({ length: n }, (_, i) => {
    const kind = kinds[i % kinds.length]!;
    return { id: `p${i}`, title: `${kind} model ${i}`, category: kind, description: `a ${kind} for camping number ${i}` };
  });
}

/** One visit: the engine, what it told the page, the encoders it created, and its init. */
export interface Visit {
  engine: EngineWithModes;
  events: EngineEvent[];
  encoders: FakeEncoder[];
  ready: Promise<EngineStatus>;
}

/** Starts a visit on `factory` with catalog `items`; `overrides` change the config, `deps` the engine's outside world. */
export function visit(factory: IDBFactory, items: unknown[], overrides: Partial<EngineConfig> = {}, deps: Partial<EngineDeps> = {}): Visit {
  const encoders: FakeEncoder[] = [];
  const events: EngineEvent[] = [];
  const engine = createEngine({
    openStore: (namespace) => openStore(namespace, { indexedDB: factory }),
    createEncoder: async (o: EncoderOptions) => {
      const e = createFakeEncoder(DIMS, o);
      encoders.push(e);
      return e;
    },
    ...deps,
  });
  const config: EngineConfig = { ...visitConfig, catalog: items, ...overrides };
  const ready = engine.init(config, (e) => events.push(e));
  return { engine, events, encoders, ready };
}

/** Polls `check` every 10 ms until it holds, for 2 s at most (the caller asserts what it waited for). */
export async function until(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 200 && !(await check()); i++) await new Promise((ok) => setTimeout(ok, 10));
}

/** Every text the visit's encoders embedded, in order. */
export function embeddedTexts(v: Visit): string[] {
  return v.encoders.flatMap((e) => e.texts);
}
