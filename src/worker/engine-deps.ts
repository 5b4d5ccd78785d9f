/**
 * What the engine builds on, injectable: the IndexedDB store and the encoder. The worker passes
 * the real ones; unit tests pass a store on fake-indexeddb and a small deterministic encoder.
 */
import { createEncoder, type Encoder, type EncoderOptions } from '../encoder/index.ts';
import { openStore, type Store } from '../storage/index.ts';
import type { TabApis } from './tab-sync.ts';

/** The engine's external parts. */
export interface EngineDeps {
  /** Opens the storage of one catalog namespace. */
  openStore(namespace: string): Promise<Store>;
  /** Loads an encoder. */
  createEncoder(options: EncoderOptions): Promise<Encoder>;
  /** Web Locks and BroadcastChannel for many tabs; default: the browser's own. */
  tabs?: TabApis;
  /** How long a search waits for the keyword index (keyword-wait.ts); default `KEYWORD_WAIT_MS`. */
  keywordWaitMs?: number;
}

/** The real parts: IndexedDB through `idb`, transformers.js. */
export const defaultDeps: EngineDeps = {
  openStore: (namespace) => openStore(namespace),
  createEncoder,
};
