/**
 * What a catalog source yields before it is applied (catalog-sync.ts): validated entries; entries
 * whose hashes come from prebuilt vectors built from these very bytes, verified after the first
 * answers (trusted-catalog.ts); the entries a catalog patch gives, without downloading the file
 * (catalog-patch.ts); or, when the file is the one the stored snapshot was built from, nothing at
 * all: the stored entries stand. A returning visit of 100k items spent ~3.7 s of worker time
 * parsing and validating a catalog it already had.
 */

import type { HashLookup } from '../../artifact/index.ts';
import { ByteItems } from '../../catalog/byte-items.ts';
import {
  type CatalogEntry,
  declaresJsonLines,
  type FetchedCatalog,
  fetchCatalog,
  parseCatalog,
  type ResolvedTextRule,
  resolveTextRule,
  validateCatalog,
} from '../../catalog/index.ts';
import { jsonArrayElements } from '../../catalog/json-elements.ts';
import { sha256Hex } from '../../digest/sha256.ts';
import { collectGarbage } from '../../memory/collect-garbage.ts';
import { fetchWholeBody } from '../../network/xhr-fetch.ts';
import type { CatalogReport } from '../../types/index.ts';
import type { EngineContext } from '../context.ts';
import { catalogWithoutDownload, rememberSeen } from './catalog-patch.ts';
import { type TrustedCatalog, trustedEntries } from './trusted-catalog.ts';

/**
 * A JSON-array body's items kept as its bytes and parsed when read (catalog/byte-items.ts), or
 * undefined when the body is not shaped as one JSON array or an element does not parse: the whole
 * body is then parsed as before, which reports what is wrong with it.
 */
async function trustedFromBytes(
  fetched: FetchedCatalog,
  hashes: HashLookup,
  rule: ResolvedTextRule,
  modelKey: string,
): Promise<TrustedCatalog | undefined> {
  if (declaresJsonLines(fetched)) return undefined;
  const ranges = jsonArrayElements(fetched.bytes);
  if (!ranges) return undefined;
  try {
    return await trustedEntries(new ByteItems(fetched.bytes, ranges), hashes, rule, modelKey);
  } catch (err) {
    if (err instanceof SyntaxError) return undefined;
    throw err;
  }
}

/** What preparing a catalog reads. */
type Ctx = Pick<EngineContext, 'store' | 'state' | 'modelKey' | 'config' | 'prebuilt' | 'life'> & Partial<Pick<EngineContext, 'early'>>;

/** A catalog's entries before they are applied, with what they were built from (`sourceKey`). */
export type PreparedCatalog =
  | { entries: CatalogEntry[]; report: CatalogReport; verify?: undefined; unchanged?: undefined; source?: string }
  | { entries: CatalogEntry[]; report?: undefined; verify: TrustedCatalog['verify']; unchanged?: undefined; source?: string }
  | { unchanged: true; report: CatalogReport; source: string; entries?: undefined; verify?: undefined };

/** Where the validation report of the stored snapshot is kept (the unchanged path reports it again). */
export function reportKey(modelKey: string): string {
  return `catalog-report:${modelKey}`;
}

/**
 * What entries built from catalog bytes with digest `sha256` depend on: the bytes, the model key
 * (part of every content hash) and the text rule. Equal keys, equal entries.
 */
export function sourceKey(sha256: string, ctx: Pick<Ctx, 'modelKey' | 'config'>): string {
  return `${sha256} ${ctx.modelKey} ${JSON.stringify(resolveTextRule(ctx.config.textRule))}`;
}

/**
 * Fetches (a URL) and validates a catalog, or says it is unchanged (see the module comment). The
 * digest is computed by `crypto.subtle`, which Chromium 156 runs on the calling thread (a 75 MB
 * body blocked a worker ~350 ms here): first, since an unchanged catalog is not parsed at all and a
 * first visit with prebuilt vectors takes the trusted path only on a matching digest.
 */
export async function prepareCatalog(source: unknown[] | string, ctx: Ctx): Promise<PreparedCatalog> {
  if (typeof source !== 'string') return validateCatalog(source, { rule: ctx.config.textRule, modelKey: ctx.modelKey });
  const known = ctx.state.entries.size > 0 ? ctx.state.source : undefined;
  const held = known && (await catalogWithoutDownload(source, ctx, known, (sha) => sourceKey(sha, ctx), reportKey(ctx.modelKey)));
  if (held) return held;
  // A first visit's head answers first on a slow link (prebuilt/early-answers.ts).
  await ctx.early?.gate;
  collectGarbage();
  const fetched = await fetchCatalog(source, { fetch: fetchWholeBody });
  const digest = sha256Hex(fetched.bytes).catch(() => undefined);
  // What the URL answered for these bytes, so a later visit can tell by a HEAD request whether they changed.
  // Not awaited: the first answers never wait on this write; a failed one costs the next visit a download.
  const seen = (key: string) => {
    if (fetched.validator && ctx.prebuilt.enabled) void rememberSeen(ctx, source, key, fetched.validator).catch(() => undefined);
  };
  if (known !== undefined) {
    const sha256 = await digest;
    const report = sha256 === undefined ? undefined : await ctx.store.getSetting<CatalogReport>(reportKey(ctx.modelKey));
    if (sha256 !== undefined && report && sourceKey(sha256, ctx) === known) {
      seen(known);
      return { unchanged: true, report, source: known };
    }
  }
  // Without prebuilt vectors to trust, the body is parsed whatever its digest.
  const parsed = ctx.prebuilt.enabled && ctx.state.entries.size === 0 ? undefined : parseCatalog(fetched);
  const sha256 = await digest;
  const key = sha256 === undefined ? undefined : sourceKey(sha256, ctx);
  if (key) seen(key);
  const hashes = sha256 !== undefined && ctx.state.entries.size === 0 ? await ctx.prebuilt.catalogHashes(sha256) : undefined;
  if (hashes) {
    const rule = resolveTextRule(ctx.config.textRule);
    const trusted =
      (await trustedFromBytes(fetched, hashes, rule, ctx.modelKey)) ??
      (await trustedEntries(parseCatalog(fetched), hashes, rule, ctx.modelKey));
    return { entries: trusted.entries, verify: trusted.verify, ...(key ? { source: key } : {}) };
  }
  const raw = parsed ?? parseCatalog(fetched);
  return { ...(await validateCatalog(raw, { rule: ctx.config.textRule, modelKey: ctx.modelKey })), ...(key ? { source: key } : {}) };
}
