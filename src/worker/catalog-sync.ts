/**
 * Catalog sync: brings the worker's catalog state and IndexedDB in line with a catalog source.
 * A warm start serves the previous visit's snapshot and vectors before anything is fetched; an
 * apply loads and validates the catalog, diffs it against what is known, reuses every vector whose
 * content hash is unchanged, embeds only the rest and prunes what no longer belongs (including
 * every vector of a model key this page no longer uses).
 */
import { type CatalogEntry, diffCatalog, itemText } from '../catalog/index.ts';
import type { Store, StoredEntry } from '../storage/index.ts';
import type { CatalogItem, CatalogReport, TextRule, UpdateResult } from '../types.ts';
import { prepareCatalog, reportKey } from './catalog-source.ts';
import type { CatalogState } from './catalog-state.ts';
import type { VerifiedCatalog } from './trusted-catalog.ts';

/** What catalog sync needs from the engine. */
export interface CatalogSyncHooks {
  store: Store;
  state: CatalogState;
  modelKey: string;
  textRule: TextRule | undefined;
  /** Embeds entries that have no vector; each batch is indexed and persisted as it completes. */
  embed(todo: CatalogEntry[]): Promise<void>;
  /** The validation report of each catalog applied. */
  onReport(report: CatalogReport): void;
  /** The entries are known (queries may be answered, at least lexically). */
  onEntries(): void;
  /** Vectors were added from IndexedDB or reused from the index (not embedded). */
  onReused(count: number): void;
  /**
   * Prebuilt vectors for entries IndexedDB has none for (see artifact-source.ts): indexes what it
   * holds and returns once queries can use it, with the storing still under way (`persisted`).
   */
  fromArtifact?(todo: CatalogEntry[]): Promise<{ persisted: Promise<void> }>;
  /**
   * Content hashes by key from prebuilt vectors built from catalog bytes with this SHA-256 (hex),
   * under this page's model key and text rule; undefined when there are none (trusted-catalog.ts).
   */
  artifactHashes?(catalogSha256: string): Promise<ReadonlyMap<string, string> | undefined>;
}

/**
 * Adopts the stored snapshot and its vectors: on a warm start, before anything is fetched, and when
 * another tab has applied a catalog update. Returns how many entries got a vector from storage; 0
 * when there is no snapshot for this model key (first visit, or the site changed model).
 *
 * A returning visit with no index yet first tries the index codes the previous visit saved (no
 * float32 read, no encoding), then reads vectors only for entries the codes lack. Queries wait
 * for this rather than being answered from the keyword index meanwhile: building that index for
 * 100k items blocked the worker for ~25 s, longer than reading every vector.
 */
export async function loadFromStore(h: CatalogSyncHooks): Promise<number> {
  const [snapshot, saved] = await Promise.all([
    h.store.loadSnapshot(),
    h.state.index === undefined ? h.store.loadIndexCodes(h.modelKey) : undefined,
  ]);
  if (!snapshot || snapshot.modelKey !== h.modelKey || snapshot.entries.length === 0) return 0;
  const entries: CatalogEntry[] = snapshot.entries.map((e) => new SnapshotEntry(e, h.textRule));
  // Keys that are gone lose their vectors (another tab's update); a fresh worker has none to lose.
  if (h.state.entries.size > 0) h.state.remove(diffCatalog(h.state.hashes(), entries).removed);
  h.state.setEntries(entries, snapshot.source);
  const fromCodes = saved ? h.state.loadCodes(saved) : 0;
  if (fromCodes > 0) h.onReused(fromCodes);
  const missing = entries.filter((e) => !h.state.isCurrent(e));
  const remaining = await adoptStoredVectors(h, missing);
  h.onEntries();
  return fromCodes + missing.length - remaining.length;
}

/**
 * A snapshot entry whose text is built on first use: the text rule over 100k items took 1.5 s in a
 * worker, and a returning visit needs no text before its first answer (only the keyword index and
 * the encoder read it). Its item may be parsed on first use too (storage/catalog.ts).
 */
class SnapshotEntry implements CatalogEntry {
  readonly key: string;
  readonly hash: string;
  private cachedText: string | undefined;

  constructor(
    private readonly stored: StoredEntry,
    private readonly rule: TextRule | undefined,
  ) {
    this.key = stored.key;
    this.hash = stored.hash;
  }

  get item(): CatalogItem {
    return this.stored.item;
  }

  get text(): string {
    this.cachedText ??= itemText(this.stored.item, this.rule);
    return this.cachedText;
  }
}

/**
 * Adds vectors stored in IndexedDB for `todo` (by content hash) and returns the entries still
 * without one. Another tab may have embedded them while this one waited for the embedding lock.
 */
export async function adoptStoredVectors(h: CatalogSyncHooks, todo: readonly CatalogEntry[]): Promise<CatalogEntry[]> {
  if (todo.length === 0) return [];
  const stored = await h.store.loadVectors(h.modelKey);
  const row = new Map(stored.hashes.map((hash, i) => [hash, i]));
  const found = todo.filter((e) => row.has(e.hash));
  const dims = h.state.dims;
  const vectors = new Float32Array(found.length * dims);
  found.forEach((e, i) => {
    const r = row.get(e.hash)!;
    vectors.set(stored.vectors.subarray(r * dims, (r + 1) * dims), i * dims);
  });
  h.state.addVectors(found, vectors);
  if (found.length > 0) h.onReused(found.length);
  return todo.filter((e) => !row.has(e.hash));
}

/** Loads, validates and applies a catalog; embeds only items whose content is new. */
export async function applyCatalog(source: unknown[] | string, h: CatalogSyncHooks): Promise<UpdateResult> {
  const prepared = await prepareCatalog(source, h);
  if (prepared.report) h.onReport(prepared.report);
  if (prepared.unchanged) return keepStored(h, prepared.report);
  const { entries: given } = prepared;
  const diff = diffCatalog(h.state.hashes(), given);
  // Copy reusable vectors out before removed keys drop theirs: a renamed item keeps its vector.
  const reused = h.state.reuse(given.filter((e) => !h.state.isCurrent(e)));
  h.state.remove(diff.removed);
  h.state.setEntries(given, prepared.source);
  h.state.addVectors(reused.found, reused.vectors);
  h.onReused(reused.found.length);

  // With prebuilt vectors, queries wait for them (a download, not an embedding), so the first
  // answers are already vector-ranked; without, they get the lexical fallback at once. The artifact
  // is downloaded for vectors only when some are missing; its site signals are checked against the
  // published manifest on every visit regardless (site-signals.ts).
  const missing = given.filter((e) => !h.state.isCurrent(e));
  const artifact = missing.length > 0 && h.fromArtifact ? await h.fromArtifact(missing) : undefined;
  h.onEntries();
  const { entries, report } = prepared.verify ? await checkTrusted(h, prepared.verify) : prepared;
  await artifact?.persisted;

  // Vectors of removed or changed items are stale from here until the prune below has run.
  const staleVectors = diff.removed.length > 0 || diff.changed.length > 0 || entries !== given;
  if (staleVectors) await h.store.setSetting(cleanKey(h), undefined);
  // The snapshot first: a reload during the embedding below then resumes with this catalog.
  // A fetched catalog is JSON: its items are stored as text, read back faster (storage/catalog.ts).
  await h.store.saveSnapshot(
    h.modelKey,
    entries.map((e) => ({ key: e.key, hash: e.hash, item: e.item })),
    { json: typeof source === 'string', ...(prepared.source ? { source: prepared.source } : {}) },
  );
  await h.store.setSetting(reportKey(h.modelKey), report);
  await finish(h, entries, staleVectors);
  return { added: diff.added.length, changed: diff.changed.length, removed: diff.removed.length, unchanged: diff.unchanged.length, report };
}

/**
 * The fetched catalog is the one the stored entries were built from: they stand, with their
 * report. Only vectors an earlier visit did not get to (a reload mid-embedding) are made.
 */
async function keepStored(h: CatalogSyncHooks, report: CatalogReport): Promise<UpdateResult> {
  const entries = [...h.state.entries.values()];
  const missing = entries.filter((e) => !h.state.isCurrent(e));
  const artifact = missing.length > 0 && h.fromArtifact ? await h.fromArtifact(missing) : undefined;
  h.onEntries();
  await artifact?.persisted;
  await finish(h, entries, false);
  return { added: 0, changed: 0, removed: 0, unchanged: entries.length, report };
}

/** Embeds what still lacks a vector, then prunes unless nothing went stale since the last prune. */
async function finish(h: CatalogSyncHooks, entries: readonly CatalogEntry[], staleVectors: boolean): Promise<void> {
  await h.embed(entries.filter((e) => !h.state.isCurrent(e)));
  // A prune reads every stored vector (205 MB at 100k, ~1.2 s in a worker): skipped when the last
  // one finished and nothing has gone stale since (an unchanged returning visit).
  if (staleVectors || (await h.store.getSetting<boolean>(cleanKey(h))) !== true) {
    await prune(h, entries);
    await h.store.setSetting(cleanKey(h), true);
  }
}

/**
 * Checks hashes taken on trust, now that queries are answered: an item whose real hash differs
 * loses its adopted vector here (and is embedded afterwards like any changed item); the report,
 * which needs every item's text, is sent now.
 */
async function checkTrusted(h: CatalogSyncHooks, verify: () => Promise<VerifiedCatalog>): Promise<VerifiedCatalog> {
  const verified = await verify();
  h.state.remove(verified.stale.map((e) => e.key));
  h.state.setEntries(verified.entries, h.state.source);
  h.onReport(verified.report);
  return verified;
}

/** The setting that says IndexedDB holds no vector the stored snapshot does not use (see applyCatalog). */
function cleanKey(h: CatalogSyncHooks): string {
  return `vectors-pruned:${h.modelKey}`;
}

/** Deletes stored vectors no entry uses: stale hashes of this model and every other model key. */
async function prune(h: CatalogSyncHooks, entries: readonly CatalogEntry[]): Promise<void> {
  await h.store.pruneVectors(h.modelKey, new Set(entries.map((e) => e.hash)));
  for (const key of await h.store.listModelKeys()) {
    if (key !== h.modelKey) await h.store.deleteModel(key);
  }
}
