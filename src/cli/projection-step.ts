/**
 * `inpage-rec build --dims n`: the vectors projected to n dimensions (src/vector-index/projection.ts,
 * the file format in src/artifact/projection-file.ts). The first build fits the projection on the
 * catalog's own vectors; every incremental build after it reuses that file, so unchanged items keep
 * their codes byte for byte and patches stay small. `--full` (or another `--dims`, model or model
 * file) fits a new one, which changes every item's key and code.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type ArtifactModel, type ArtifactProjection, MANIFEST_FILE } from '../artifact/format.ts';
import { parseArtifactManifest } from '../artifact/manifest.ts';
import { decodeProjection, encodeProjection, projectionEntry } from '../artifact/projection-file.ts';
import { dequantizeInto, type ItemCode, quantizeWithLength } from '../artifact/quantize.ts';
import type { CatalogEntry } from '../catalog/index.ts';
import { validateCatalog } from '../catalog/validate.ts';
import { sha256Hex } from '../digest/sha256.ts';
import { createError, ErrorCodes } from '../errors.ts';
import { modelKey, projectedModel } from '../model-key.ts';
import type { CatalogReport, TextRule } from '../types/index.ts';
import { fitProjection, type Projection, projectRow } from '../vector-index/projection.ts';

/**
 * Bits per dimension of a projected artifact's codes. At 128 dimensions int8 codes reorder a 32k
 * catalog's near-ties (Steam: recall@10 .982 against the projected floats; 9 bits .990, 10 bits
 * .996, numpy over the same projection), and the 384 dimensions dropped pay for the two bits.
 */
export const PROJECTED_CODE_BITS = 10;

/**
 * Bits per dimension of the encoder's own vectors while a first `--dims` build waits to fit its
 * projection on them: wide enough that projecting decoded codes adds nothing measurable to the
 * projected code's own rounding (int8 there would: cosine error ~2e-5, the size of 8-bit codes').
 */
export const FIT_CODE_BITS = 12;

/** Bits per dimension of the codes an artifact of `model` holds: 10 when projected, else 8 (int8). */
export function codeBitsFor(model: ArtifactModel): number {
  return model.projection ? PROJECTED_CODE_BITS : 8;
}

/** A build's projection, its file's bytes and the manifest's entry for them. */
export interface BuildProjection {
  projection: Projection;
  bytes: Uint8Array;
  entry: ArtifactProjection;
}

/** Throws `INVALID_OPTION` unless `dims` is fewer than the model's own. */
export function checkDims(dims: number, model: ArtifactModel): void {
  if (dims >= model.dims)
    throw createError(ErrorCodes.INVALID_OPTION, `--dims must be fewer than the model's ${model.dims} dimensions, got ${dims}`);
}

/**
 * The dimensions `inpage-rec build` projects to when `--dims` is not given (`auto`). Chosen on the
 * eval's validation split (docs/notes/phone-first-visit.md): at 128 no judged set moved by more
 * than .0014, and with 10-bit codes the 32k Steam artifact is 198 B per item (512-d: 542).
 */
export const AUTO_DIMS = 128;

/**
 * The catalog size from which `auto` projects a first build. Below it the page scans every vector
 * exactly (vector-index/factory.ts `AUTO_FLAT_MAX`) and the 512-d artifact is under 2.7 MB, while
 * the projection file's fixed 256 KB would be 50+ B per item: too little gained to change spaces.
 */
export const AUTO_PROJECT_MIN_ITEMS = 5_000;

/**
 * The dimensions this build projects to, or undefined for the encoder's own. `--dims n` asks for n;
 * `none` for none. `auto` (the default) keeps what the previous build in `out` did when it
 * projected the same model file's vectors (so a catalog shrinking past the threshold does not
 * re-embed everything), else projects to {@link AUTO_DIMS} from {@link AUTO_PROJECT_MIN_ITEMS}
 * catalog records (`count`, as the file has them).
 */
export async function buildDims(
  dims: number | 'auto' | 'none',
  options: { out: string; full: boolean },
  base: ArtifactModel,
  count: number,
): Promise<number | undefined> {
  if (dims === 'none') return undefined;
  if (typeof dims === 'number') {
    checkDims(dims, base);
    return dims;
  }
  if (base.dims <= AUTO_DIMS) return undefined;
  const previous = options.full ? undefined : (await previousModel(options.out, base))?.dims;
  if (previous !== undefined) return previous;
  return count >= AUTO_PROJECT_MIN_ITEMS ? AUTO_DIMS : undefined;
}

/** The previous build's model in `out` when it projected the same model file's vectors (else undefined). */
async function previousModel(out: string, base: ArtifactModel): Promise<ArtifactModel | undefined> {
  try {
    const path = join(out, MANIFEST_FILE);
    if (!existsSync(path)) return undefined;
    const { model } = parseArtifactManifest(JSON.parse(await readFile(path, 'utf8')), path);
    const same = model.id === base.id && model.dtype === base.dtype && model.sha256 === base.sha256;
    return same && model.projection?.inDims === base.dims ? model : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The previous build's projection in `out`, when it projects the same model file's vectors to
 * `dims` and its file is intact; otherwise undefined (a new one is fitted).
 */
export async function previousProjection(out: string, base: ArtifactModel, dims: number): Promise<BuildProjection | undefined> {
  try {
    const model = await previousModel(out, base);
    const entry = model?.projection;
    if (!entry || model.dims !== dims) return undefined;
    const bytes = new Uint8Array(await readFile(join(out, entry.file.name)));
    if ((await sha256Hex(bytes)) !== entry.file.sha256) return undefined;
    return { projection: decodeProjection(bytes, entry.file.name), bytes, entry };
  } catch {
    return undefined;
  }
}

/** Fits a projection to `dims` on the distinct vectors behind `entries` (codes in `stored`, by hash). */
export async function fitBuildProjection(
  entries: readonly CatalogEntry[],
  stored: ReadonlyMap<string, ItemCode>,
  inDims: number,
  dims: number,
): Promise<BuildProjection> {
  const hashes = [...new Set(entries.map((e) => e.hash))];
  const vectors = new Float32Array(hashes.length * inDims);
  hashes.forEach((hash, i) => {
    const { code, scale } = stored.get(hash)!;
    dequantizeInto(code, 0, inDims, scale, vectors, i * inDims);
  });
  const projection = fitProjection(vectors, inDims, dims);
  const bytes = encodeProjection(projection);
  return { projection, bytes, entry: await projectionEntry(bytes, inDims) };
}

/** The model as the artifact names it when its vectors went through `p`. */
export function projectedArtifactModel(base: ArtifactModel, p: BuildProjection): ArtifactModel {
  const dims = p.projection.outDims;
  return { ...base, dims, key: modelKey(projectedModel(base.id, p.entry.file.sha256), dims, base.dtype), projection: p.entry };
}

/**
 * The codes of `from` (the encoder's own space, by the old hashes of `entries`) projected by `p`,
 * by the hashes of `rehashed` (the same entries, hashed with the projected key).
 */
export function projectCodes(
  entries: readonly CatalogEntry[],
  rehashed: readonly CatalogEntry[],
  from: ReadonlyMap<string, ItemCode>,
  p: Projection,
): Map<string, ItemCode> {
  const raw = new Float32Array(p.inDims);
  const out = new Float32Array(p.outDims);
  const codes = new Map<string, ItemCode>();
  entries.forEach((entry, i) => {
    const hash = rehashed[i]!.hash;
    if (codes.has(hash)) return;
    const { code, scale } = from.get(entry.hash)!;
    dequantizeInto(code, 0, p.inDims, scale, raw);
    projectRow(p, raw, 0, out, 0, false);
    codes.set(hash, quantizeWithLength(out, PROJECTED_CODE_BITS));
  });
  return codes;
}

/** What the build continues with after the first fit: the projected model, entries and codes. */
export interface FittedBuild {
  model: ArtifactModel;
  entries: CatalogEntry[];
  report: CatalogReport;
  stored: Map<string, ItemCode>;
  fitted: BuildProjection;
}

/**
 * The first build with `--dims`: fits the projection on the codes `embedMissing` made in the
 * encoder's own space (`stored`, hashed under `base.key`), then validates the catalog again under
 * the projected key (content hashes include it) and projects every code.
 */
export async function fitAndProject(
  raw: readonly unknown[],
  rule: TextRule,
  base: ArtifactModel,
  dims: number,
  entries: readonly CatalogEntry[],
  stored: ReadonlyMap<string, ItemCode>,
): Promise<FittedBuild> {
  const fitted = await fitBuildProjection(entries, stored, base.dims, dims);
  const model = projectedArtifactModel(base, fitted);
  const rehashed = await validateCatalog(raw, { rule, modelKey: model.key });
  return {
    model,
    entries: rehashed.entries,
    report: rehashed.report,
    stored: projectCodes(entries, rehashed.entries, stored, fitted.projection),
    fitted,
  };
}
