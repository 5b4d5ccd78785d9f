/**
 * A returning visit's catalog without downloading the file again, when the site publishes prebuilt
 * vectors: a HEAD request says whether the file changed since the page last had it, and a changed
 * file is rebuilt from a catalog patch of the published build (src/artifact/catalog-patch.ts) when
 * there is one from the catalog the page holds. At 32k Steam items with 1% of titles edited that is
 * a ~0.1 MB patch instead of 1.9 MB of brotli.
 *
 * Trust. The manifest vouches for the catalog the build read (`catalog.sha256`), not for what the
 * site serves at the catalog URL. So the page remembers the URL's validator (ETag, else
 * Last-Modified) for the catalog it holds (`SEEN_SETTING`), and:
 * - the same validator: the file is the one the page holds, nothing is downloaded;
 * - another validator and a patch from the held catalog: the file is taken to be the published
 *   build's, the patch is applied, and the new validator remembered for it;
 * - anything else (no validator, no patch, a catalog edited without a rebuild, a patch that does not
 *   fit): the file is downloaded and validated as before.
 * The one case this gets wrong is a file edited again between the build and its publication
 * without a rebuild; its validator then changes again at the next edit, which the page notices.
 */
import { type CatalogPatch, expandOrder, patchError } from '../../artifact/index.ts';
import { type CatalogEntry, catalogValidator, validateCatalog } from '../../catalog/index.ts';
import { ErrorCodes, errorMessage } from '../../errors.ts';
import type { CatalogReport } from '../../types/index.ts';
import type { EngineContext } from '../context.ts';

/** What the patch path reads and where it reports. */
type Ctx = Pick<EngineContext, 'store' | 'state' | 'modelKey' | 'config' | 'prebuilt' | 'life'>;

/** The catalog a page holds (its `CatalogState.source`) and the validator its URL had for it. */
interface SeenCatalog {
  source: string;
  validator: string;
}

/** The settings key of what the page saw at catalog URL `url`. */
function seenSetting(url: string): string {
  return `catalog-seen:${url}`;
}

/** Remembers that catalog URL `url` answered `validator` for the catalog built into `source`. */
export async function rememberSeen(ctx: Pick<Ctx, 'store'>, url: string, source: string, validator: string): Promise<void> {
  await ctx.store.setSetting(seenSetting(url), { source, validator } satisfies SeenCatalog);
}

/** The SHA-256 of the catalog bytes a source key names (catalog-source.ts `sourceKey`). */
function digestOf(source: string): string {
  return source.slice(0, source.indexOf(' '));
}

/** What a catalog URL gives without its download: the held catalog unchanged, or patched. */
export type HeldCatalog =
  | { unchanged: true; report: CatalogReport; source: string }
  | { entries: CatalogEntry[]; report: CatalogReport; source: string };

/**
 * The catalog at `url` from what the page holds (`known`, its source key) when it can be had
 * without downloading the file (see the module comment); undefined: download it. `keyOf` gives the
 * source key of catalog bytes with a given SHA-256.
 */
export async function catalogWithoutDownload(
  url: string,
  ctx: Ctx,
  known: string,
  keyOf: (sha256: string) => string,
  reportKey: string,
): Promise<HeldCatalog | undefined> {
  if (!ctx.prebuilt.enabled) return undefined;
  const seen = await ctx.store.getSetting<SeenCatalog>(seenSetting(url));
  if (seen?.source !== known) return undefined;
  const now = await catalogValidator(url);
  if (now === undefined) return undefined;
  if (now === seen.validator) {
    const report = await ctx.store.getSetting<CatalogReport>(reportKey);
    return report ? { unchanged: true, report, source: known } : undefined;
  }
  const patch = await ctx.prebuilt.catalogPatch(digestOf(known));
  if (!patch) return undefined;
  let entries: CatalogEntry[];
  try {
    entries = await patchedEntries(patch, ctx);
  } catch (err) {
    ctx.life.emit({
      type: 'warning',
      code: ErrorCodes.ARTIFACT_INVALID,
      message: `${errorMessage(err)}; the catalog ${url} is fetched instead`,
    });
    return undefined;
  }
  const source = keyOf(patch.to);
  await rememberSeen(ctx, url, source, now);
  return { entries, report: patch.report, source };
}

/**
 * The entries of the patched catalog: the patch's records validated here, every other id keeping
 * the entry the page holds. Throws `ARTIFACT_INVALID` when the patch does not fit what the page
 * holds (another count, an id it lacks, a record that is not valid here).
 */
export async function patchedEntries(patch: CatalogPatch, ctx: Pick<Ctx, 'state' | 'config' | 'modelKey'>): Promise<CatalogEntry[]> {
  const file = `from ${patch.from.slice(0, 16)}`;
  const held = ctx.state.entries;
  if (held.size !== patch.fromCount) throw patchError(file, `starts from ${patch.fromCount} items, the page holds ${held.size}`);
  const keys = expandOrder(patch.order, [...held.keys()], file);
  const { entries } = await validateCatalog(
    patch.items.map(([, record]) => record),
    { rule: ctx.config.textRule, modelKey: ctx.modelKey },
  );
  const fresh = new Map(entries.map((e) => [e.key, e]));
  patch.items.forEach(([key], i) => {
    if (entries[i]?.key !== key) throw patchError(file, `the record of ${JSON.stringify(key)} is not a valid item with that id`);
  });
  return keys.map((key) => {
    const entry = fresh.get(key) ?? held.get(key);
    if (!entry) throw patchError(file, `names ${JSON.stringify(key)}, which neither it nor the page holds`);
    return entry;
  });
}
