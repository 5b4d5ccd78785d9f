/**
 * IndexedDB timings through the library's own store (src/store): the same code, chunking and
 * transaction settings the product worker uses to persist and reload vectors.
 */
import { deleteDatabase, openStore } from '../../src/storage/index.ts';
import type { BenchData } from './bench-data.ts';
import type { IdbReadResult, IdbWriteArgs, IdbWriteResult } from './index-bench-protocol.ts';

const MODEL_KEY = 'use-lite-en:512:q8';

/** 32 hex characters, the shape of the product's content hashes (src/catalog/hash.ts). */
function fakeHash(i: number): string {
  return i.toString(16).padStart(32, '0');
}

/** Writes the first `n` rows of `data` into a fresh database, `batch` vectors per transaction. */
export async function idbWrite(data: BenchData, args: IdbWriteArgs): Promise<IdbWriteResult> {
  await deleteDatabase(args.namespace);
  const hashes = Array.from({ length: args.n }, (_, i) => fakeHash(i));
  const store = await openStore(args.namespace);
  let transactions = 0;
  const t0 = performance.now();
  try {
    for (let start = 0; start < args.n; start += args.batch) {
      const end = Math.min(start + args.batch, args.n);
      await store.putVectors(MODEL_KEY, data.dims, hashes.slice(start, end), data.data.subarray(start * data.dims, end * data.dims));
      transactions++;
    }
  } finally {
    store.close();
  }
  const ms = performance.now() - t0;
  const estimate = await navigator.storage?.estimate?.().catch(() => undefined);
  return { ms, transactions, usageBytes: estimate?.usage ?? null };
}

/** Opens the database afresh and loads every vector, as a returning visit does. */
export async function idbRead(namespace: string): Promise<IdbReadResult> {
  const t0 = performance.now();
  const store = await openStore(namespace);
  const openMs = performance.now() - t0;
  try {
    const t1 = performance.now();
    const set = await store.loadVectors(MODEL_KEY);
    return { openMs, loadMs: performance.now() - t1, count: set.hashes.length };
  } finally {
    store.close();
  }
}

/** Deletes a benchmark database so the next size starts from an empty one. */
export async function idbDelete(namespace: string): Promise<{ deleted: boolean }> {
  await deleteDatabase(namespace);
  return { deleted: true };
}
