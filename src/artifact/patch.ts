/**
 * Patches (format.ts, manifest `patches`): the items of a build that differ from an older build,
 * in a binary of the artifact's own layout, so a returning visitor who adopted the older build
 * fetches those items instead of the whole binary. Written and read through the artifact's own
 * writer and reader: a patch is an artifact of its items without optional sections.
 */
import type { ArtifactCatalogPatch, ArtifactManifest, ArtifactPatch } from './format.ts';
import { serializeArtifactManifest } from './manifest.ts';
import { type ArtifactInput, type ArtifactItem, type WrittenArtifact, writeArtifact } from './write.ts';

/** A written patch: its manifest entry and its bytes (file name `patch-<16 hex of its SHA-256>.bin`). */
export interface WrittenPatch {
  patch: ArtifactPatch;
  binary: Uint8Array;
}

/** The patch from the build whose binary has SHA-256 `from`, holding `items`. */
export async function writePatch(
  input: Pick<ArtifactInput, 'model' | 'textRule' | 'generator' | 'codeBits'>,
  from: string,
  items: readonly ArtifactItem[],
): Promise<WrittenPatch> {
  // Only these fields: a patch carries no catalog digest and no optional sections.
  const { model, textRule, generator, codeBits } = input;
  const written = await writeArtifact({ model, textRule, generator, items, ...(codeBits ? { codeBits } : {}) });
  const [file] = written.manifest.files;
  const name = `patch-${file!.sha256.slice(0, 16)}.bin`;
  return {
    patch: {
      from,
      count: written.manifest.count,
      file: { ...file!, name },
      sections: written.manifest.sections.map((s) => ({ ...s, file: name })),
    },
    binary: written.binary,
  };
}

/** The manifest to read `patch` with (`decodeArtifact`, `fetchArtifactFiles`): the artifact's own, its items the patch's. */
export function patchManifest(manifest: ArtifactManifest, patch: ArtifactPatch): ArtifactManifest {
  const { patches: _patches, catalog: _catalog, catalogPatches: _catalogPatches, ...rest } = manifest;
  return { ...rest, count: patch.count, files: [patch.file], sections: patch.sections };
}

/**
 * The items of `items` that a visitor holding the build with `previous` (key -> content hash)
 * lacks: new keys and changed texts.
 */
export function changedSince(items: readonly ArtifactItem[], previous: ReadonlyMap<string, string>): ArtifactItem[] {
  return items.filter((item) => previous.get(item.key) !== item.hash);
}

/**
 * `written` with `patches` and `catalogPatches` in its manifest (the binary does not change: patches
 * are listed, not stored in it).
 */
export function withPatches(
  written: WrittenArtifact,
  patches: readonly ArtifactPatch[],
  catalogPatches: readonly ArtifactCatalogPatch[] = [],
): WrittenArtifact {
  if (patches.length === 0 && catalogPatches.length === 0) return written;
  const manifest: ArtifactManifest = {
    ...written.manifest,
    ...(patches.length > 0 ? { patches: [...patches] } : {}),
    ...(catalogPatches.length > 0 ? { catalogPatches: [...catalogPatches] } : {}),
  };
  return { ...written, manifest, manifestText: serializeArtifactManifest(manifest) };
}
