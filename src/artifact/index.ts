/**
 * Prebuilt catalog vectors: the artifact format (format.ts documents it byte by byte), its writer,
 * and its reader for Node and the browser worker. No Node APIs here.
 */

export {
  CATALOG_PATCH_FORMAT,
  type CatalogPatch,
  expandOrder,
  type OrderStep,
  orderSteps,
  parseCatalogPatch,
  patchError,
  serializeCatalogPatch,
} from './catalog-patch.ts';
export { COARSE_SECTION, coarseNearest, coarseRowBytes, coarseVectorInto, isCoarseSection } from './coarse.ts';
export {
  type FetchArtifactOptions,
  fetchArtifact,
  fetchArtifactFiles,
  fetchVerifiedFile,
  MAX_ARTIFACT_FILE_BYTES,
  resolveArtifactFile,
} from './fetch.ts';
export {
  ARTIFACT_CODE,
  ARTIFACT_FORMAT,
  ARTIFACT_VERSION,
  type ArtifactCatalog,
  type ArtifactCatalogPatch,
  type ArtifactFile,
  type ArtifactManifest,
  type ArtifactModel,
  type ArtifactPatch,
  type ArtifactSection,
  type ArtifactTextRule,
  MANIFEST_FILE,
  MAX_PATCH_SHARE,
  MAX_PATCHES,
  REQUIRED_SECTIONS,
} from './format.ts';
export { type HashLookup, hashLookup, keyRows } from './key-rows.ts';
export { sortKeys } from './keys.ts';
export { HIGH_SECTION } from './magnitudes.ts';
export { artifactError, parseArtifactManifest, serializeArtifactManifest } from './manifest.ts';
export { changedSince, patchManifest, type WrittenPatch, withPatches, writePatch } from './patch.ts';
export { type CodeArray, codeLimit, dequantizeInto, type ItemCode, newCodeArray, quantize, quantizeWithLength } from './quantize.ts';
export { type Artifact, assembleArtifact, decodeArtifact, readHashes, readKeys } from './read.ts';
export { describeTextRule } from './text-rule.ts';
export { type ArtifactInput, type ArtifactItem, type WrittenArtifact, writeArtifact } from './write.ts';
