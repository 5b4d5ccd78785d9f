/**
 * A first visit's catalog snapshot, written while the trust check runs and completed after it
 * (storage/snapshot-amendment.ts).
 *
 * Why: written after the check, the snapshot's parts took ~0.5 s of a 100k first visit before
 * `ready`, and the fetched body stayed in the worker until then (71 MB at 100k Steam items), through
 * the check's own peak. Started as the check starts, its parts are made at once and the body moves
 * to them (storage/stored-elements.ts), IndexedDB stores them while the check computes, and only a
 * small amendment (changed hashes, fields the check left out) is written after it. "As the check
 * starts" is its first quiet moment: the lists the page asks again for once the catalog is known
 * are answered before the parts' block (mode-calls-quiet.ts).
 */
import type { CatalogEntry } from '../../catalog/index.ts';
import { NameColumn } from '../../catalog/name-column.ts';
import type { SnapshotAmendment } from '../../storage/index.ts';
import type { EngineContext } from '../context.ts';

/**
 * How long no mode call must have been under way before the snapshot's parts are made
 * (mode-calls-quiet.ts): a `refresh` reaches the page and its lists ask again within a few ms.
 */
export const QUIET_MS = 50;
/** The longest the snapshot waits for that (the fetched body stays in memory meanwhile). */
export const QUIET_WAIT_MAX_MS = 600;

/** A pending snapshot: the token it was written with, and its write (failures already degraded to nothing). */
export interface EarlySnapshot {
  token: string;
  written: Promise<void>;
}

/** Starts writing `entries` (as trusted) as a pending snapshot whose items are read from its parts from then on. */
export function startEarlySnapshot(ctx: EngineContext, entries: readonly CatalogEntry[]): EarlySnapshot {
  // Unique enough to tell this worker's save from another tab's.
  const token = `${performance.timeOrigin + performance.now()}:${Math.random()}`;
  // Its parts are made in one block: the lists the page asks again for now are answered first.
  const written = ctx.life.calls
    .quiet(QUIET_MS, QUIET_WAIT_MAX_MS)
    .then(() => ctx.store.saveSnapshot(ctx.modelKey, entries as CatalogEntry[], { json: true, moveBodies: true, pending: token }));
  return { token, written: written.catch(() => undefined) };
}

/**
 * Completes `early` with what the check found (`verified`, in the order of `written`, the entries it
 * was written with). False when the whole snapshot must be saved instead: the entries differ in
 * number or keys, or the stored snapshot is not this one (another tab saved, a write failed).
 */
async function completeEarlySnapshot(
  ctx: EngineContext,
  early: EarlySnapshot,
  written: readonly CatalogEntry[],
  verified: readonly CatalogEntry[],
  source: string | undefined,
): Promise<boolean> {
  await early.written;
  if (written.length !== verified.length) return false;
  const amendment: SnapshotAmendment = { hashes: [], omitted: [], ...(source !== undefined ? { source } : {}) };
  // Every entry's name, as the check recorded it: a returning visit then leaves the parts on disk
  // (storage/disk-snapshot.ts). Stored only when the check named every entry.
  const names = new NameColumn(verified.length);
  let named = true;
  for (let i = 0; i < verified.length; i++) {
    const entry = verified[i]!;
    if (entry.key !== written[i]!.key) return false;
    if (entry.hash !== written[i]!.hash) amendment.hashes.push([i, entry.hash]);
    const at = entry.element?.();
    const fields = at?.items.omittedFields(at.index);
    if (fields) amendment.omitted.push([i, [...fields]]);
    const column = at?.items.nameColumn();
    named &&= at !== undefined && column !== undefined && names.copy(i, column, at.index);
  }
  if (named) amendment.names = names.toStored();
  return ctx.store.completeSnapshot(early.token, amendment);
}

/** How {@link saveCheckedSnapshot} stores a catalog. */
export interface CheckedSnapshotOptions {
  /** Items that came from JSON (a fetched catalog): stored as text, read back faster (storage/catalog.ts). */
  json: boolean;
  /** What the entries were built from (`SaveSnapshotOptions.source`). */
  source: string | undefined;
  /** The snapshot written while the check ran, and the entries it was written with, if any. */
  early: EarlySnapshot | undefined;
  written: readonly CatalogEntry[];
}

/**
 * Stores the checked catalog `entries`: completes the early snapshot when it can, else saves the
 * whole snapshot (an item held as bytes is copied part by part as it is written, never all parsed).
 */
export async function saveCheckedSnapshot(ctx: EngineContext, entries: CatalogEntry[], options: CheckedSnapshotOptions): Promise<void> {
  const { early, written, source } = options;
  if (early && (await completeEarlySnapshot(ctx, early, written, entries, source))) return;
  await ctx.store.saveSnapshot(ctx.modelKey, entries, {
    json: options.json,
    // The fetched body is a second copy of the stored parts from here (storage/stored-elements.ts).
    moveBodies: true,
    ...(source ? { source } : {}),
  });
}
