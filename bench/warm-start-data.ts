/**
 * The warm-start bench's catalog and prebuilt vectors at any size, without embedding 100k texts:
 * the Steam catalog (read from ../shared at run time) and its real vectors (bench/steam-vectors.ts),
 * then numbered copies ("<title> (edition k)", id "<id>~k": distinct texts, so distinct content
 * hashes) carrying seeded perturbed copies of the real vectors (the index bench's recipe). The
 * artifact is written by the library's own writer with the `index` section the CLI would add, so
 * the first visit takes the product's prebuilt path and leaves IndexedDB as a real visit does.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ARTIFACT_VERSION, describeTextRule, type ItemCode, quantize, writeArtifact } from '../src/artifact/index.ts';
import type { CatalogEntry } from '../src/catalog/index.ts';
import { validateCatalog } from '../src/catalog/validate.ts';
import { catalogPartFiles } from '../src/cli/catalog-parts-step.ts';
import { hashModelFile, modelFileFor } from '../src/cli/model-files.ts';
import { writeOutput } from '../src/cli/output.ts';
import { GENERATOR } from '../src/cli/package-info.ts';
import {
  AUTO_DIMS,
  AUTO_PROJECT_MIN_ITEMS,
  codeBitsFor,
  FIT_CODE_BITS,
  fitAndProject,
  PROJECTED_CODE_BITS,
} from '../src/cli/projection-step.ts';
import { decodedVectors, indexSection } from '../src/cli/sections.ts';
import { starterFile } from '../src/cli/starter-step.ts';
import { sha256Hex } from '../src/digest/sha256.ts';
import { BUILD_RECIPE } from '../src/learn/recipe.ts';
import { encodeLearned } from '../src/learn/section.ts';
import { modelKey } from '../src/model-key.ts';
import { Prng } from '../src/vector-index/prng.ts';
import { DATASETS_DIR, ROOT } from '../test/paths.ts';
import { steamVectors } from './steam-vectors.ts';

/** Noise norm before renormalising, as in the index bench: cos(copy, its source) ~ 0.91. */
const NOISE = 0.45;

/** Paths of one prepared size, relative to the bench folder the server mounts. */
/** Where the prepared catalogs, artifacts and bench pages are kept (served under /ws/ by the benches). */
export const WARM_START_WORK = join(ROOT, '.cache', 'bench-warm-start');

export interface WarmStartData {
  catalog: string;
  manifest: string;
  items: number;
  /** A key to ask `similar()` for. */
  first: string;
  /** Keys spread over the whole catalog (`ANCHORS` of them): what a visit asks for later. */
  anchors: string[];
}

/** How many spread keys `WarmStartData.anchors` holds. */
const ANCHORS = 40;

/** The id of row `i` of an `n`-row catalog made of `steam`'s items and their numbered copies. */
function rowId(steam: readonly Record<string, unknown>[], i: number): string {
  const base = String(steam[i % steam.length]!.id);
  const k = Math.floor(i / steam.length);
  return k === 0 ? base : `${base}~${k}`;
}

/**
 * Writes (or reuses) `warm-<n>.json` and `warm-<n>-vectors/` in `dir`; `realTexts` Steam texts are
 * embedded (cached on disk after the first run), the other rows are perturbed copies of them.
 */
/**
 * The dimensions `inpage-rec build` projects `n` items to, as `--dims` asks: `auto` (no flag, the
 * build's default: projection-step.ts `buildDims`), `none`, or a count.
 */
export function benchDims(flag: string | undefined, n: number): number | undefined {
  if (flag === 'none') return undefined;
  if (flag === undefined || flag === 'auto') return n >= AUTO_PROJECT_MIN_ITEMS ? AUTO_DIMS : undefined;
  return Number(flag);
}

export async function prepareWarmStart(
  dir: string,
  n: number,
  realTexts: number,
  log: (line: string) => void,
  projectTo?: number,
  /** Adds a `learned` section of the build's shapes (bench/learned-cost.ts). */
  learned = false,
): Promise<WarmStartData> {
  mkdirSync(dir, { recursive: true });
  const tag = Number.isFinite(realTexts) ? `${n}-${realTexts}` : `${n}`;
  const catalog = `warm-${tag}.json`;
  // The format version in the name: a cached artifact of an older format would be refused by the page.
  const folder = `warm-${tag}-v${ARTIFACT_VERSION}${projectTo ? `-d${projectTo}-c${PROJECTED_CODE_BITS}` : ''}-sph${learned ? '-learned-t3' : ''}-vectors`;
  const lines = readFileSync(join(DATASETS_DIR, 'steam-games-catalog', 'derived', 'items.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean);
  const steam = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  const first = String(steam[0]!.id);
  const anchors = Array.from({ length: ANCHORS }, (_, j) => rowId(steam, Math.floor(((j + 0.5) * n) / ANCHORS)));
  if (existsSync(join(dir, folder, 'manifest.json')) && existsSync(join(dir, catalog)))
    return { catalog, manifest: `${folder}/manifest.json`, items: n, first, anchors };

  const real = await steamVectors(realTexts, log);
  const vectors = new Float32Array(readFileSync(real.file).buffer.slice(0));
  const dims = real.dims;
  const items = Array.from({ length: n }, (_, i) => {
    const base = steam[i % steam.length]!;
    const k = Math.floor(i / steam.length);
    return k === 0 ? base : { ...base, id: `${String(base.id)}~${k}`, title: `${String(base.title)} (edition ${k})` };
  });
  const bytes = new TextEncoder().encode(JSON.stringify(items));
  writeFileSync(join(dir, catalog), bytes);

  const key = modelKey('use-lite-en', dims, 'q8');
  log(`  warm-start data: validating ${n} items`);
  const { entries } = await validateCatalog(items, { modelKey: key });
  const rng = new Prng(7);
  const sd = NOISE / Math.sqrt(dims);
  const row = new Float32Array(dims);
  const coded = entries.map((e, i) => {
    const src = (i % real.rows) * dims;
    let norm = 0;
    for (let d = 0; d < dims; d++) {
      const v = vectors[src + d]! + (i < real.rows ? 0 : sd * rng.gaussian());
      row[d] = v;
      norm += v * v;
    }
    // One Steam record has an empty text and a zero vector: give it a unit one.
    if (norm === 0) row[0] = norm = 1;
    for (let d = 0; d < dims; d++) row[d]! /= Math.sqrt(norm);
    // A projected build fits on wide codes of the raw rows (build-steps.ts), as here.
    return { key: e.key, hash: e.hash, ...quantize(row, projectTo ? FIT_CODE_BITS : 8) };
  });
  await writeWarmArtifact(join(dir, folder), { items, bytes, entries, coded, dims, key, projectTo, learned }, log);
  return { catalog, manifest: `${folder}/manifest.json`, items: n, first, anchors };
}

/** What `writeWarmArtifact` writes: the catalog and its coded rows (512-d), projected when `projectTo` is set. */
interface WarmRows {
  items: readonly unknown[];
  bytes: Uint8Array;
  entries: readonly CatalogEntry[];
  coded: readonly ({ key: string; hash: string } & ItemCode)[];
  dims: number;
  key: string;
  projectTo: number | undefined;
  learned: boolean;
}

/** The artifact of `rows` in `folder`, with the index state and (with `projectTo`) the projection file. */
async function writeWarmArtifact(folder: string, rows: WarmRows, log: (line: string) => void): Promise<void> {
  const { items, bytes, entries, coded, dims, key, projectTo, learned } = rows;
  const n = coded.length;
  const file = modelFileFor('q8');
  const hashed = await hashModelFile('use-lite-en', file, [join(ROOT, 'dist', 'models')]);
  const base = { id: 'use-lite-en', dtype: 'q8' as const, dims, key, file, sha256: hashed.sha256 };
  // `inpage-rec build --dims`: the same rows through the build's projection step.
  const projected = projectTo
    ? await fitAndProject(items, {}, base, projectTo, entries, new Map(coded.map((c) => [c.hash, c])))
    : undefined;
  const model = projected?.model ?? base;
  const out = projected ? projected.entries.map((e) => ({ key: e.key, hash: e.hash, ...projected.stored.get(e.hash)! })) : coded;
  log(`  warm-start data: training the index state for ${n} items`);
  const index = indexSection(out, decodedVectors(out, model.dims, !projected), model.dims);
  // The starter file `inpage-rec build` writes for a catalog this big (src/cli/starter-step.ts).
  const starter = await starterFile(projected ? projected.entries : entries, undefined);
  // And its catalog parts (src/cli/catalog-parts-step.ts).
  const parts = await catalogPartFiles(projected ? projected.entries : entries);
  const written = await writeArtifact({
    ...(starter ? { starter: starter.entry } : {}),
    ...(parts ? { catalogParts: parts.entry } : {}),
    model,
    textRule: await describeTextRule(undefined),
    generator: GENERATOR,
    catalog: { sha256: await sha256Hex(bytes), bytes: bytes.byteLength },
    items: out,
    codeBits: codeBitsFor(model),
    sections: { ...(index ? { index } : {}), ...(learned ? { learned: syntheticLearned(n, model.dims) } : {}) },
  });
  const extra = [
    ...(projected ? [{ name: projected.fitted.entry.file.name, bytes: projected.fitted.bytes }] : []),
    ...(starter ? [starter.file] : []),
    ...(parts?.files ?? []),
  ];
  await writeOutput(folder, written, [], [], undefined, extra);
}

/**
 * A `learned` section of the shapes `inpage-rec build --learned-space` writes (the build recipe's
 * dimensions, a query and a target side per item, the map from the artifact's `inDims`), with
 * seeded random values: what the page pays to load and rank in it does not depend on them (but for
 * which items are text-only, below), and training on invented sessions at 100k items would take the
 * bench minutes.
 */
function syntheticLearned(count: number, inDims: number): Uint8Array {
  const outDims = BUILD_RECIPE.train.outDims ?? 48;
  const rng = new Prng(11);
  const weights = Float32Array.from({ length: outDims * inDims }, () => rng.gaussian() / Math.sqrt(inDims));
  const side = () => {
    const v = Float32Array.from({ length: count * outDims }, () => rng.gaussian());
    for (let i = 0; i < count; i++) {
      const row = v.subarray(i * outDims, (i + 1) * outDims);
      const norm = Math.hypot(...row) || 1;
      for (let d = 0; d < outDims; d++) row[d]! /= norm;
    }
    return v;
  };
  const query = side();
  const target = side();
  // A third of the items the logs never named: both sides equal (f(text) alone), which "for you"
  // ranks by their text vectors (LearnedLookup.textOnly). 36% of MovieLens's items are such.
  for (let i = 0; i < count; i += 3) target.set(query.subarray(i * outDims, (i + 1) * outDims), i * outDims);
  return encodeLearned({ map: { inDims, outDims, weights }, sides: 2, count, vectors: [query, target] });
}
