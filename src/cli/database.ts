/**
 * `inpage-rec build --to <database>`: the build's catalog, vectors and site signals loaded into
 * Postgres + pgvector (src/server/load.ts), incrementally, beside the artifact the build writes.
 * The vectors are the artifact's own (decoded from its codes), so the database ranks with what a
 * page would.
 */
import type { ArtifactItem } from '../artifact/index.ts';
import { sortKeys } from '../artifact/index.ts';
import type { CatalogEntry } from '../catalog/index.ts';
import { type LoadResult, loadDatabase } from '../server/load.ts';
import { openDatabase } from '../server/sql-client.ts';
import { decodeSignals, SignalLookup } from '../signals/index.ts';
import type { TextRule } from '../types/index.ts';
import { decodedVectors } from './sections.ts';

/** What a load into the database did, for the build summary. */
export type DatabaseSummary = LoadResult & { target: string };

/** What the build hands over: the artifact's model, rule and catalog digest, its items in catalog order, the entries, the signals section. */
export interface DatabaseInput {
  model: { key: string; dims: number };
  textRule: string;
  /** The text rule itself: its list fields give the labels similar reads (`itemFacets`). */
  rule?: TextRule;
  catalog: string;
  /** Catalog order, as `entries`. */
  items: readonly ArtifactItem[];
  entries: readonly CatalogEntry[];
  signals?: Uint8Array;
}

/** Loads the build into `target` (a `postgres://` URL or a PGlite folder) and closes it. */
export async function loadBuildInto(target: string, input: DatabaseInput): Promise<DatabaseSummary> {
  const db = await openDatabase(target);
  try {
    const keys = sortKeys(input.entries.map((e) => e.key));
    const signals = input.signals ? new SignalLookup(decodeSignals(input.signals, keys), keys) : undefined;
    const result = await loadDatabase(db.sql, {
      model: input.model,
      textRule: input.textRule,
      ...(input.rule ? { rule: input.rule } : {}),
      catalog: input.catalog,
      items: input.entries.map((e) => ({ key: e.key, hash: e.hash, item: e.item, text: e.text })),
      vectors: decodedVectors(input.items, input.model.dims),
      ...(signals ? { signals } : {}),
    });
    return { ...result, target: db.name };
  } finally {
    await db.close();
  }
}
