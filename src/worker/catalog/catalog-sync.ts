/**
 * Catalog sync: brings the worker's catalog state and IndexedDB in line with a catalog source.
 * A warm start serves the previous visit's snapshot and vectors before anything is fetched; an
 * apply loads and validates the catalog, diffs it against what is known, reuses every vector whose
 * content hash is unchanged, embeds only the rest and prunes what no longer belongs (including
 * every vector of a model key this page no longer uses).
 */
import type { JsonElement } from '../../catalog/byte-items.ts';
import { type CatalogEntry, diffCatalog, itemText, resolveTextRule } from '../../catalog/index.ts';
import { collectGarbage } from '../../memory/collect-garbage.ts';
import type { StoredEntry } from '../../storage/index.ts';
import type { CatalogItem, CatalogReport, TextRule, UpdateResult } from '../../types/index.ts';
import type { EngineContext } from '../context.ts';
import { earlyHead } from '../prebuilt/head-answers.ts';
import { reusableVectors } from './catalog-reuse.ts';
import { prepareCatalog, reportKey } from './catalog-source.ts';
import { type CheckedWords, SYNC_WORD_OVERLAP, wordsFromCheck } from './catalog-word-overlap.ts';
import { saveCheckedSnapshot, startEarlySnapshot } from './early-snapshot.ts';
import { adoptStoredVectors } from './stored-vectors.ts';
import type { TrustedCatalog, VerifiedCatalog } from './trusted-catalog.ts';

/** Catalog sync reads and changes most of the engine: it takes the whole context. */
type Ctx = EngineContext;

/**
 * The entries are known: queries may be answered (at least lexically); the word index may be read
 * (or, `fromCheck`, come from the trust check). True when the rankings weigh word overlap.
 */
function entriesKnown(ctx: Ctx, fromCheck?: CheckedWords): boolean {
  ctx.life.catalogKnown.resolve();
  return ctx.ranking.prefetchWordOverlap(fromCheck);
}

/** Vectors were added from IndexedDB or reused from the index (not embedded). */
function reused(ctx: Ctx, count: number): void {
  ctx.life.reused(count, ctx.state.indexed);
}

/**
 * Prebuilt vectors for entries IndexedDB has none for (see prebuilt/artifact-source.ts): indexes
 * what it holds and returns once queries can use it, with the storing still under way
 * (`persisted`); undefined without prebuilt vectors.
 */
function fromArtifact(ctx: Ctx, todo: CatalogEntry[]): Promise<{ persisted: Promise<void> }> | undefined {
  if (!ctx.prebuilt.enabled) return undefined;
  ctx.life.setPhase('loading-vectors');
  return ctx.prebuilt.adopt(todo);
}

/**
 * What a visit does before its catalog is fetched: restores the saved site signals, then adopts
 * what IndexedDB holds (a returning visit answers from it at once) or, with nothing stored, starts
 * downloading the prebuilt vectors while the catalog loads and validates; the saved signals are
 * revalidated in the background either way.
 */
export async function warmStart(ctx: Ctx): Promise<void> {
  await ctx.prebuilt.loadSaved();
  if ((await loadFromStore(ctx)) > 0) {
    // Whatever came from storage is stored already: an unchanged visit writes nothing back.
    ctx.saver.markSaved();
    ctx.life.setPhase('cached', `${ctx.state.indexed} items from IndexedDB`);
  } else {
    ctx.prebuilt.prefetch();
    // A first visit may answer from the artifact's head before the catalog is in.
    const source = ctx.prebuilt.source;
    if (source) ctx.early.startHead(earlyHead(source, ctx.config.vectors!));
  }
  ctx.prebuilt.revalidate();
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
export async function loadFromStore(ctx: Ctx): Promise<number> {
  const [snapshot, saved] = await Promise.all([
    ctx.store.loadSnapshot(),
    ctx.state.index === undefined ? ctx.store.loadIndexCodes(ctx.modelKey) : undefined,
  ]);
  if (!snapshot || snapshot.modelKey !== ctx.modelKey || snapshot.entries.length === 0) return 0;
  const entries: CatalogEntry[] = snapshot.entries.map((e) => new SnapshotEntry(e, ctx.config.textRule));
  // Keys that are gone lose their vectors (another tab's update); a fresh worker has none to lose.
  if (ctx.state.entries.size > 0) ctx.state.remove(diffCatalog(ctx.state.hashes(), entries).removed);
  ctx.state.setEntries(entries, snapshot.source);
  const fromCodes = saved ? ctx.state.loadCodes(saved) : 0;
  if (fromCodes > 0) reused(ctx, fromCodes);
  const missing = entries.filter((e) => !ctx.state.isCurrent(e));
  const remaining = await adoptStoredVectors(ctx, missing);
  entriesKnown(ctx);
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

  /**
   * Where the stored item lies, when its snapshot left it on disk (storage/disk-snapshot.ts): its
   * name is then read from the stored names and a list's items are read at once (`entryNames`,
   * the router's prefetch), not each item from disk.
   */
  place(): JsonElement | undefined {
    return this.stored.place?.();
  }
}

/** Loads, validates and applies a catalog; embeds only items whose content is new. */
export async function applyCatalog(source: unknown[] | string, ctx: Ctx): Promise<UpdateResult> {
  // A store with no vector at all is clean: what this visit writes from here is the vectors of its
  // entries, so the prune below (which reads every stored vector back) is skipped on a first visit
  // unless something turns out stale. Checked before any write of this visit, while the catalog
  // downloads (its two IndexedDB requests were on the way to a first visit's first answer).
  const clean =
    ctx.state.entries.size === 0
      ? ctx.store.listModelKeys().then((keys) => (keys.length === 0 ? ctx.store.setSetting(cleanKey(ctx), true) : undefined))
      : undefined;
  clean?.catch(() => undefined);
  const prepared = await prepareCatalog(source, ctx);
  await clean;
  if (prepared.report) ctx.life.reported(prepared.report);
  if (prepared.unchanged) return keepStored(ctx, prepared.report);
  const { entries: given } = prepared;
  const diff = diffCatalog(ctx.state.hashes(), given);
  // Copy reusable vectors out before removed keys drop theirs: a renamed item keeps its vector.
  const reusable = reusableVectors(ctx.state, given);
  ctx.state.remove(diff.removed);
  ctx.state.setEntries(given, prepared.source);
  ctx.state.addVectors(reusable.found, reusable.vectors);
  reused(ctx, reusable.found.length);

  // With prebuilt vectors, queries wait for them (a download, not an embedding), so the first
  // answers are already vector-ranked (on a slow link a big artifact's head answers first, marked
  // warming: prebuilt/artifact-head.ts); without, they get the lexical fallback at once. The artifact
  // is downloaded for vectors only when some are missing; its site signals are checked against the
  // published manifest on every visit regardless (published-signals.ts).
  // (A state holding no vector, as on a first visit, lacks every one: no pass over 100k entries.)
  const missing = ctx.state.indexedHashes.size === 0 ? given : given.filter((e) => !ctx.state.isCurrent(e));
  const artifact = missing.length > 0 ? await fromArtifact(ctx, missing) : undefined;
  ctx.prebuilt.synced(missing.length === 0);
  // A big first visit's trust check computes every text: the word-overlap index is built from them.
  const words = prepared.verify && given.length > SYNC_WORD_OVERLAP ? wordsFromCheck(resolveTextRule(ctx.config.textRule)) : undefined;
  const wanted = entriesKnown(ctx, words?.index);
  // A fetched catalog checked from here on is stored while the check runs (early-snapshot.ts).
  const early = prepared.verify && typeof source === 'string' ? startEarlySnapshot(ctx, given) : undefined;
  const checked = prepared.verify ? await checkTrusted(ctx, prepared.verify, wanted ? words : undefined, early?.written) : prepared;
  const { entries, report } = checked;
  await artifact?.persisted;

  // Vectors of removed or changed items are stale from here until the prune below has run, and so
  // are adopted vectors the trust check found stale.
  const staleVectors = diff.removed.length > 0 || diff.changed.length > 0 || ('stale' in checked && checked.stale.length > 0);
  if (staleVectors) await ctx.store.setSetting(cleanKey(ctx), undefined);
  // The snapshot first: a reload during the embedding below then resumes with this catalog.
  await saveCheckedSnapshot(ctx, entries, { json: typeof source === 'string', source: prepared.source, early, written: given });
  await ctx.store.setSetting(reportKey(ctx.modelKey), report);
  // The check's and the snapshot's garbage (collect-garbage.ts), before the visit settles.
  collectGarbage();
  await finish(ctx, entries, staleVectors);
  return { added: diff.added.length, changed: diff.changed.length, removed: diff.removed.length, unchanged: diff.unchanged.length, report };
}

/**
 * The fetched catalog is the one the stored entries were built from: they stand, with their
 * report. Only vectors an earlier visit did not get to (a reload mid-embedding) are made.
 */
async function keepStored(ctx: Ctx, report: CatalogReport): Promise<UpdateResult> {
  const entries = [...ctx.state.entries.values()];
  const missing = entries.filter((e) => !ctx.state.isCurrent(e));
  const artifact = missing.length > 0 ? await fromArtifact(ctx, missing) : undefined;
  ctx.prebuilt.synced(missing.length === 0);
  entriesKnown(ctx);
  await artifact?.persisted;
  await finish(ctx, entries, false);
  return { added: 0, changed: 0, removed: 0, unchanged: entries.length, report };
}

/** Embeds what still lacks a vector, then prunes unless nothing went stale since the last prune. */
async function finish(ctx: Ctx, entries: readonly CatalogEntry[], staleVectors: boolean): Promise<void> {
  await ctx.embedding.run(entries.filter((e) => !ctx.state.isCurrent(e)));
  // A prune reads every stored vector (205 MB at 100k, ~1.2 s in a worker): skipped when the last
  // one finished and nothing has gone stale since (an unchanged returning visit).
  if (staleVectors || (await ctx.store.getSetting<boolean>(cleanKey(ctx))) !== true) {
    await prune(ctx, entries);
    await ctx.store.setSetting(cleanKey(ctx), true);
  }
}

/**
 * Checks hashes taken on trust, now that queries are answered: an item whose real hash differs
 * loses its adopted vector here (and is embedded afterwards like any changed item); the report,
 * which needs every item's text, is sent now.
 */
async function checkTrusted(
  ctx: Ctx,
  verify: TrustedCatalog['verify'],
  words?: ReturnType<typeof wordsFromCheck>,
  writing?: Promise<unknown>,
): Promise<VerifiedCatalog> {
  let verified: VerifiedCatalog;
  try {
    verified = await verify(words?.sink, writing);
  } catch (err) {
    words?.give(undefined);
    throw err;
  }
  ctx.state.remove(verified.stale.map((e) => e.key));
  ctx.state.setEntries(verified.entries, ctx.state.source);
  ctx.life.reported(verified.report);
  // Built from the real texts: the verified entries' index.
  words?.give({ entries: ctx.state.entries, index: words.builder.finish() });
  collectGarbage();
  return verified;
}

/** The setting that says IndexedDB holds no vector the stored snapshot does not use (see applyCatalog). */
function cleanKey(ctx: Ctx): string {
  return `vectors-pruned:${ctx.modelKey}`;
}

/** Deletes stored vectors no entry uses: stale hashes of this model and every other model key. */
async function prune(ctx: Ctx, entries: readonly CatalogEntry[]): Promise<void> {
  await ctx.store.pruneVectors(ctx.modelKey, new Set(entries.map((e) => e.hash)));
  for (const key of await ctx.store.listModelKeys()) {
    if (key !== ctx.modelKey) await ctx.store.deleteModel(key);
  }
}
