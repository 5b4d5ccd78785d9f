/**
 * The first visit's fast path reads the artifact's content hashes before validating the catalog
 * (src/worker/catalog/trusted-catalog.ts, which still checks them afterwards): only when the
 * artifact was built from these very catalog bytes, with this page's model and text rule.
 */
import { describeTextRule, type HashLookup, hashLookup } from '../../artifact/index.ts';
import type { EngineContext } from '../context.ts';
import type { ArtifactSource } from './artifact-source.ts';

/**
 * The artifact's content hashes by key, when it was built from catalog bytes whose SHA-256 is
 * `catalogSha256` (manifest `catalog`) with this page's model key and text rule: this page's own
 * validation would then give the same hashes, so they may be used before it runs. Otherwise undefined.
 */
export async function artifactHashesFor(
  source: ArtifactSource,
  ctx: Pick<EngineContext, 'modelKey' | 'config'>,
  catalogSha256: string,
): Promise<HashLookup | undefined> {
  void source.get();
  // Decided on the manifest alone where it can be: a catalog that does not match is validated
  // while the binary still downloads, as it was before this fast path existed.
  const manifest = await source.parsedManifest;
  if (!manifest || manifest.catalog?.sha256 !== catalogSha256 || manifest.model.key !== ctx.modelKey) return undefined;
  if ((await describeTextRule(ctx.config.textRule)).fingerprint !== manifest.textRule.fingerprint) return undefined;
  // The head's hashes are vouched for by the same manifest (each section's SHA-256).
  const head = await source.head();
  if (head) return head.hashesByKey();
  const artifact = await source.get();
  if (!artifact) return undefined;
  return hashLookup(artifact.keys, artifact.hashes);
}
