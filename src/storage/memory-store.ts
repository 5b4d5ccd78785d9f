/**
 * A `Store` in memory, for when IndexedDB cannot be used at all (missing in some private modes,
 * blocked, or failing to open): the visit works the same, nothing persists past it.
 */

import { type CodeArray, dequantizeInto } from '../artifact/quantize.ts';
import { isProjectedKey } from '../model-key.ts';
import type { HistoryEvent } from '../types/index.ts';
import type { CatalogSnapshot } from './catalog.ts';
import { isQuantized, type StoredRows, type VectorSet } from './chunks.ts';
import type { SavedIndexCodes } from './codes.ts';
import { trimEvents } from './history.ts';
import type { StoredEntry } from './schema.ts';
import type { Store } from './store.ts';

/** One stored row: float32, or an artifact's code and scale (kept small, as in IndexedDB). */
type Row = Float32Array | { code: CodeArray; scale: number };

/** Vectors of one model key: hash -> row, in insertion order. */
type ModelVectors = { dims: number; byHash: Map<string, Row> };

/** Row `i` of `rows`, copied. */
function rowOf(rows: StoredRows, i: number, dims: number): Row {
  if (!isQuantized(rows)) return rows.slice(i * dims, (i + 1) * dims);
  return { code: rows.codes.slice(i * dims, (i + 1) * dims), scale: rows.scales[i]! };
}

/** Writes `row` as float32 into `out` at `offset`. */
function readRow(row: Row, dims: number, out: Float32Array, offset: number, normalize: boolean): void {
  if (row instanceof Float32Array) out.set(row, offset);
  else dequantizeInto(row.code, 0, dims, row.scale, out, offset, normalize);
}

/** Removes `model`'s rows whose hash is not in `keep`; returns how many. */
function pruneRows(model: ModelVectors, keep: ReadonlySet<string>): number {
  let removed = 0;
  for (const h of [...model.byHash.keys()]) {
    if (keep.has(h)) continue;
    model.byHash.delete(h);
    removed++;
  }
  return removed;
}

/** Every vector of `modelKey`, contiguous, in insertion order. */
function allVectors(models: ReadonlyMap<string, ModelVectors>, modelKey: string): VectorSet {
  const model = models.get(modelKey);
  if (!model) return { dims: 0, hashes: [], vectors: new Float32Array(0) };
  const hashes = [...model.byHash.keys()];
  const vectors = new Float32Array(hashes.length * model.dims);
  hashes.forEach((h, i) => {
    readRow(model.byHash.get(h)!, model.dims, vectors, i * model.dims, !isProjectedKey(modelKey));
  });
  return { dims: model.dims, hashes, vectors };
}

/** Opens an in-memory store for `namespace`. */
export function createMemoryStore(namespace: string): Store {
  const models = new Map<string, ModelVectors>();
  let snapshot: CatalogSnapshot | undefined;
  let events: HistoryEvent[] = [];
  const settings = new Map<string, unknown>();
  const codes = new Map<string, SavedIndexCodes>();
  return {
    namespace,
    async putVectors(modelKey, dims, hashes, rows) {
      let model = models.get(modelKey);
      if (!model) {
        model = { dims, byHash: new Map() };
        models.set(modelKey, model);
      }
      hashes.forEach((h, i) => {
        model.byHash.set(h, rowOf(rows, i, dims));
      });
    },
    loadVectors: async (modelKey) => allVectors(models, modelKey),
    async eachVectors(modelKey, sink) {
      // Held in memory already: one batch.
      const set = allVectors(models, modelKey);
      if (set.hashes.length > 0) sink(set);
    },
    async pruneVectors(modelKey, keep) {
      const model = models.get(modelKey);
      return model ? pruneRows(model, keep) : 0;
    },
    async deleteModel(modelKey) {
      models.delete(modelKey);
      codes.delete(modelKey);
    },
    async saveIndexCodes(modelKey, saved, hashes) {
      codes.set(modelKey, { codes: saved, hashes: [...hashes], savedAt: Date.now() });
    },
    async loadIndexCodes(modelKey) {
      return codes.get(modelKey);
    },
    async deleteIndexCodes(modelKey) {
      codes.delete(modelKey);
    },
    async listModelKeys() {
      return [...models.keys()].sort();
    },
    async saveSnapshot(modelKey, entries: StoredEntry[], options = {}) {
      // Items held as objects would keep fields a later check leaves out: only whole snapshots here.
      if (options.pending !== undefined) return;
      snapshot = { modelKey, entries: entries.map(({ key, hash, item }) => ({ key, hash, item })), savedAt: Date.now() };
      if (options.source !== undefined) snapshot.source = options.source;
    },
    // No pending snapshot is kept (see saveSnapshot): the caller saves the whole snapshot.
    async completeSnapshot() {
      return false;
    },
    async loadSnapshot() {
      return snapshot;
    },
    async addEvent(event) {
      events = trimEvents([{ type: event.type, itemId: event.itemId, ts: event.ts }, ...events]);
    },
    async recentEvents(limit = 200) {
      return events.slice(0, limit);
    },
    async clearHistory() {
      events = [];
    },
    async getSetting<T>(key: string) {
      return settings.get(key) as T | undefined;
    },
    async setSetting(key, value) {
      if (value === undefined) settings.delete(key);
      else settings.set(key, value);
    },
    close() {},
  };
}
