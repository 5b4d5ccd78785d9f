/**
 * Whether a downloaded artifact was made for this page: by its model (another model's vectors are
 * ignored) and its text rule (items whose text the page would build differently are embedded in
 * the browser; the rest still match by content hash). What does not fit is reported as an
 * `ARTIFACT_MISMATCH` warning saying what the page does instead.
 */
import { type ArtifactManifest, describeTextRule } from '../../artifact/index.ts';
import type { TextRule } from '../../types/index.ts';

/** `usable` false when the artifact is ignored; `warning` what to tell the page, if anything. */
export async function artifactFit(
  manifest: ArtifactManifest,
  page: { modelKey: string; textRule: TextRule | undefined },
  url: string,
): Promise<{ usable: boolean; warning?: string }> {
  const model = manifest.model;
  if (model.key !== page.modelKey) {
    return {
      usable: false,
      warning: `the prebuilt vectors at ${url} were made by model "${model.key}", this page uses "${page.modelKey}"; they are ignored and the catalog is embedded in the browser`,
    };
  }
  // Content hashes would still match item by item where texts agree; a different rule means most
  // would not, so say why the browser embeds, and use what matches.
  if ((await describeTextRule(page.textRule)).fingerprint !== manifest.textRule.fingerprint) {
    return {
      usable: true,
      warning: `the prebuilt vectors at ${url} were built with another text rule (or library version) than this page's; items whose text differs are embedded in the browser`,
    };
  }
  return { usable: true };
}
