/**
 * An Engine on fake-indexeddb with the deterministic fake encoder, for Node tests of the worker
 * with a made-up model: the store is seeded with the model's dims, as a site that ran it before
 * would have (the registry knows only real models' dims). Test-only, in test/.
 */
import type { IDBFactory } from 'fake-indexeddb';
import { openStore } from '../../src/storage/index.ts';
import type { EngineDeps } from '../../src/worker/context.ts';
import { createEngine, type EngineWithModes } from '../../src/worker/engine.ts';
import type { EngineConfig } from '../../src/worker/protocol.ts';
import { createFakeEncoder, type FakeEncoder } from './fake-encoder.ts';

/** The engine, the encoders it created, and every text they embedded. */
export interface FakeEngine {
  engine: EngineWithModes;
  encoders: FakeEncoder[];
  embedded(): string[];
}

/** An Engine in namespace `namespace` whose encoders are fake, `dims` wide, for `model`; `deps` add to its parts. */
export async function fakeEngine(
  factory: IDBFactory,
  model: string,
  dims: number,
  namespace = 'shop',
  deps: Partial<EngineDeps> = {},
): Promise<FakeEngine> {
  const seed = await openStore(namespace, { indexedDB: factory });
  await seed.setSetting(`dims:${model}`, dims);
  seed.close();
  const encoders: FakeEncoder[] = [];
  const engine = createEngine({
    ...deps,
    openStore: (ns) => openStore(ns, { indexedDB: factory }),
    createEncoder: async (o) => {
      // A `createEncoder` of `deps` runs first: a test's model that fails to load throws there.
      await deps.createEncoder?.(o);
      const e = createFakeEncoder(dims, o);
      encoders.push(e);
      return e;
    },
  });
  return { engine, encoders, embedded: () => encoders.flatMap((e) => e.texts) };
}

/** The engine config of a Node worker test: `model` in namespace 'shop', no network; `overrides` win. */
export function engineConfig(model: string, overrides: Partial<EngineConfig> = {}): EngineConfig {
  return {
    catalog: [],
    namespace: 'shop',
    model,
    dtype: 'q8',
    device: 'wasm',
    assetsBase: 'http://127.0.0.1/',
    index: 'auto',
    batchSize: 8,
    allowRemoteModels: false,
    stallTimeoutMs: 15_000,
    ...overrides,
  };
}
