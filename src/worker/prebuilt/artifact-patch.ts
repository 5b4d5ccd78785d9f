/**
 * A returning visitor's way to a new build (src/artifact/patch.ts): the page remembers the build
 * whose binary it adopted (`BASE_SETTING`, per manifest URL); when the site publishes a new build
 * with a patch from that one, the page fetches the patch (the items changed since: ~1% of the
 * binary after a 1% catalog edit) instead of the whole binary. Patch files have content-addressed
 * names, so the HTTP cache keeps them like the binary.
 */
import {
  type Artifact,
  type ArtifactManifest,
  type CatalogPatch,
  describeTextRule,
  fetchArtifactFiles,
  fetchVerifiedFile,
  parseCatalogPatch,
  patchManifest,
} from '../../artifact/index.ts';
import { ErrorCodes, errorMessage } from '../../errors.ts';
import type { EngineContext } from '../context.ts';

/** What the patch path reads and where it reports. */
type Ctx = Pick<EngineContext, 'config' | 'modelKey' | 'life' | 'store'>;

/** The settings key of the build this page last adopted from the artifact at `url`. */
function baseSetting(url: string): string {
  return `artifact-base:${url}`;
}

/** The SHA-256 of a manifest's binary: the build's identity in patches (`from`). */
export function buildOf(manifest: ArtifactManifest): string {
  return manifest.files[0]!.sha256;
}

/** The build this page last adopted from the artifact at `url`, if any. */
export function heldBuild(ctx: Ctx, url: string): Promise<string | undefined> {
  return ctx.store.getSetting<string>(baseSetting(url));
}

/** Remembers that this page holds the build of `manifest` (its vectors adopted, or none missing). */
export async function rememberBuild(ctx: Ctx, url: string, manifest: ArtifactManifest): Promise<void> {
  await ctx.store.setSetting(baseSetting(url), buildOf(manifest));
}

/**
 * Remembers the build of `published` (a manifest of this page's model) unless it is the one
 * remembered: for a visit whose items all have their vectors, which holds that build as far as
 * its patches go.
 */
export async function rememberPublished(ctx: Ctx, url: string, published: Promise<ArtifactManifest>): Promise<void> {
  const manifest = await published;
  if (manifest.model.key !== ctx.modelKey || (await heldBuild(ctx, url)) === buildOf(manifest)) return;
  await rememberBuild(ctx, url, manifest);
}

/**
 * The patch from the build `held` (`heldBuild`) to the published `manifest`, verified; undefined
 * when there is none to use: the same build, no patch from it, or a manifest of another model or
 * text rule (the whole artifact's path reports that). A patch that cannot be fetched or verified
 * is reported as a warning and gives undefined: the page then takes the whole artifact, as
 * without patches.
 */
export async function fetchPatch(ctx: Ctx, url: string, manifest: ArtifactManifest, held: string): Promise<Artifact | undefined> {
  const patch = manifest.patches?.find((p) => p.from === held);
  if (!patch || held === buildOf(manifest) || manifest.model.key !== ctx.modelKey) return undefined;
  if ((await describeTextRule(ctx.config.textRule)).fingerprint !== manifest.textRule.fingerprint) return undefined;
  try {
    return await fetchArtifactFiles(patchManifest(manifest, patch), url);
  } catch (err) {
    ctx.life.emit({
      type: 'warning',
      code: ErrorCodes.ARTIFACT_INVALID,
      message: `the patch ${patch.file.name} of the prebuilt vectors at ${url} is unusable (${errorMessage(err)}); the whole artifact is fetched instead`,
    });
    return undefined;
  }
}

/**
 * The catalog patch from the catalog with SHA-256 `from` to the one the published `manifest` names
 * (src/artifact/catalog-patch.ts), verified; undefined when there is none, or when the manifest is
 * of another model or text rule (the page would validate the records differently). A patch that
 * cannot be fetched or verified is reported as a warning: the page then downloads the catalog.
 */
export async function fetchCatalogPatch(
  ctx: Ctx,
  url: string,
  manifest: ArtifactManifest,
  from: string,
): Promise<CatalogPatch | undefined> {
  const entry = manifest.catalogPatches?.find((p) => p.from === from);
  if (!entry || !manifest.catalog || manifest.model.key !== ctx.modelKey) return undefined;
  if ((await describeTextRule(ctx.config.textRule)).fingerprint !== manifest.textRule.fingerprint) return undefined;
  try {
    const bytes = await fetchVerifiedFile(entry.file, url);
    return parseCatalogPatch(JSON.parse(new TextDecoder().decode(bytes)), entry.file.name, { from, to: manifest.catalog.sha256 });
  } catch (err) {
    ctx.life.emit({
      type: 'warning',
      code: ErrorCodes.ARTIFACT_INVALID,
      message: `the catalog patch ${entry.file.name} of the prebuilt vectors at ${url} is unusable (${errorMessage(err)}); the catalog is fetched instead`,
    });
    return undefined;
  }
}
