/**
 * `inpage-rec build`: catalog in, prebuilt-vectors artifact out, through the browser's own modules
 * (catalog loading, validation, text rule and content hash from src/catalog, the encoder from
 * src/encoder) and the same model files. Incremental: items whose content hash is in the previous
 * artifact keep their stored code byte for byte; only new hashes are embedded.
 *
 * Determinism: the same catalog and previous output give the same bytes. A cold build and an
 * incremental build of the same catalog agree except, rarely, by one int8 step in an item that was
 * embedded in a different batch: the model's float sums depend slightly on batch shape (measured
 * on 100 Steam texts: 99 bit-identical vectors, max difference 6e-8, all 100 codes identical).
 */

import { join } from 'node:path';
import { type ArtifactCatalog, MANIFEST_FILE } from '../artifact/format.ts';
import { sortKeys } from '../artifact/index.ts';
import { withPatches } from '../artifact/patch.ts';
import { describeTextRule } from '../artifact/text-rule.ts';
import { type ArtifactInput, type WrittenArtifact, writeArtifact } from '../artifact/write.ts';
import type { CatalogEntry } from '../catalog/index.ts';
import { screenCatalog } from '../catalog/screen.ts';
import { resolveModel } from '../encoder/registry.ts';
import { createError, ErrorCodes } from '../errors.ts';
import type { CatalogReport } from '../types/index.ts';
import { buildModel, catalogVectors, LazyEncoder, type PreviousCodes } from './build-steps.ts';
import { catalogPartFiles } from './catalog-parts-step.ts';
import { buildCatalogPatches } from './catalog-patches.ts';
import { type DatabaseSummary, loadBuildInto } from './database.ts';
import { readCatalog } from './input.ts';
import { type LearnedSummary, learnedSection, learnLabel } from './learned-section.ts';
import { defaultModelsDir } from './model-files.ts';
import type { BuildOptions } from './options.ts';
import { writeOutput } from './output.ts';
import { GENERATOR } from './package-info.ts';
import { buildPatches } from './patches.ts';
import type { Progress } from './progress.ts';
import { codeBitsFor } from './projection-step.ts';
import { decodedVectors, indexSection, type SignalsSummary, signalsSection } from './sections.ts';
import { starterFile } from './starter-step.ts';

/** The signals section and what it holds, as `signalsSection` returns it. */
type SignalsSection = Awaited<ReturnType<typeof signalsSection>>;

/** What a build did. */
export interface BuildSummary {
  manifest: string;
  /** The manifest's `sha256-<base64>`, for a page's `vectorsIntegrity` pin. */
  integrity: string;
  binary: string;
  model: string;
  /** Items in the artifact. */
  count: number;
  /** Distinct texts run through the model. */
  embedded: number;
  /** Items whose code came from the previous artifact. */
  reused: number;
  /** Items of the previous artifact no longer in the catalog. */
  removed: number;
  /** How the previous output was used: `none`, `reused`, or why it was ignored. */
  previous: string;
  report: CatalogReport;
  bytes: number;
  /** The patches written beside the binary (src/cli/patches.ts): the build each starts from, its items and bytes. */
  patches: { from: string; count: number; bytes: number }[];
  /** The catalog patches written (src/cli/catalog-patches.ts): the catalog each starts from, its records and bytes. */
  catalogPatches: { from: string; count: number; bytes: number }[];
  /** With `--to`: what the load into the database wrote (src/cli/database.ts). */
  database?: DatabaseSummary;
  /** With `--interactions`: what the signals section holds. */
  signals?: SignalsSummary;
  /** With `--interactions --learned-space`: the trained recommendation space. */
  learned?: LearnedSummary;
  /** Bytes of the index's learnt state (a catalog big enough for an index with a training step). */
  indexStateBytes?: number;
  /** What ran the model (e.g. `Node: onnxruntime-node 1.10.0, 2 threads of one session each`); absent when nothing was embedded. */
  runtime?: string;
  /**
   * Milliseconds per step. `embed` is the encoder's whole share (of which the encoder's own
   * `tokenize`, `inference` and `pool`); `modelLoad` is 0 when nothing was embedded.
   */
  timings: {
    load: number;
    /** Reading `--interactions` and building the signals section (0 without it). */
    signals: number;
    /** Training the learned space (0 without it). */
    learn: number;
    validate: number;
    modelLoad: number;
    embed: number;
    tokenize: number;
    inference: number;
    pool: number;
    write: number;
    total: number;
  };
}

/** Where the build reports what it is doing. */
export interface BuildIO {
  /** One line for the log (report, warnings, summary). */
  log(line: string): void;
  warn(line: string): void;
  /** A progress display for `total` units (`unit`, default items). */
  progress(label: string, total: number, unit?: string): Progress;
}

/** The folder of model files: `--models-dir`, else the one beside the CLI. Throws `MODEL_FAILED` when there is none. */
function modelsDirOf(options: BuildOptions): string {
  const dir = options.modelsDir ?? defaultModelsDir();
  if (!dir) throw createError(ErrorCodes.MODEL_FAILED, 'no models folder found beside the CLI; pass --models-dir <dir>');
  return dir;
}

/** Runs one build. Throws `CATALOG_UNREADABLE`, `INVALID_OPTION` or `MODEL_FAILED` when it cannot finish. */
export async function runBuild(options: BuildOptions, io: BuildIO): Promise<{ summary: BuildSummary; written: WrittenArtifact }> {
  const t0 = performance.now();
  const spec = resolveModel(options.model);
  const modelsDir = modelsDirOf(options);
  const textRule = await describeTextRule(options.textRule);
  const { raw, catalog } = await readCatalog(options.source, (line) => io.warn(line));
  const tLoad = performance.now();
  const signals = await readSignals(options, raw, io);
  const tSignals = performance.now();
  const encoder = new LazyEncoder(spec.id, options, modelsDir);
  try {
    const vec = await catalogVectors(options, raw, await buildModel(spec, options, modelsDir, encoder), encoder, io);
    const { model, entries, report, previous, embedded, reused, projection } = vec;
    const tWrite0 = performance.now();
    const items = entries.map((e) => ({ key: e.key, hash: e.hash, ...previous.stored.get(e.hash)! }));
    const sections: Record<string, Uint8Array> = signals ? { signals: signals.bytes } : {};
    const sorted = sortByKey(items);
    const vectors = decodedVectors(sorted, model.dims, !model.projection);
    const learned = signals && options.learn ? await trainSpace(signals, sorted, vectors, model.dims, io) : undefined;
    if (learned) sections.learned = learned.bytes;
    const tLearn = performance.now() - tWrite0;
    const indexState = indexSection(sorted, vectors, model.dims);
    if (indexState) sections.index = indexState;
    const extra = projection ? [{ name: projection.entry.file.name, bytes: projection.bytes }] : [];
    const read = { raw, report, entries, to: options.to, extra };
    const { written, integrity, patches } = await writeBuild(options.out, { model, textRule, catalog, items, sections }, previous, read);
    const now = performance.now();
    const present = new Set(entries.map((e) => e.key));
    const summary: BuildSummary = {
      manifest: join(options.out, MANIFEST_FILE),
      integrity,
      binary: join(options.out, written.binaryName),
      model: model.key,
      count: entries.length,
      embedded: embedded.todo.size,
      reused,
      removed: previous.keys.filter((k) => !present.has(k)).length,
      previous: previous.note,
      report,
      bytes: written.binary.byteLength,
      ...patches,
      ...(signals ? { signals: signals.summary } : {}),
      ...(learned ? { learned: learned.summary } : {}),
      ...(indexState ? { indexStateBytes: indexState.byteLength } : {}),
      ...(encoder.backend ? { runtime: encoder.backend.reason } : {}),
      timings: {
        load: tLoad - t0,
        signals: tSignals - tLoad,
        learn: learned ? tLearn : 0,
        validate: vec.tValidate,
        modelLoad: encoder.loadMs,
        embed: embedded.ms,
        tokenize: encoder.timings?.tokenizeMs ?? 0,
        inference: encoder.timings?.inferenceMs ?? 0,
        pool: encoder.timings?.poolMs ?? 0,
        write: now - tWrite0 - (learned ? tLearn : 0),
        total: now - t0,
      },
    };
    return { summary, written };
  } finally {
    await encoder.dispose();
  }
}

/**
 * Writes the artifact of `input` into `out` with its patches from the builds `previous` knows
 * (src/cli/patches.ts) and its catalog patches from their catalogs (src/cli/catalog-patches.ts:
 * `raw` is the catalog the build read, validated as `report` into `entries`), then, with `to`,
 * loads it into that database (src/cli/database.ts); returns the artifact, the manifest's pin and
 * the patches and database load as the summary lists them.
 */
async function writeBuild(
  out: string,
  build: Omit<ArtifactInput, 'generator'> & { catalog: ArtifactCatalog },
  previous: PreviousCodes,
  read: {
    raw: readonly unknown[];
    report: CatalogReport;
    entries: readonly CatalogEntry[];
    to: string | undefined;
    /** Files the manifest names beside the binary (the projection file). */
    extra: readonly { name: string; bytes: Uint8Array }[];
  },
): Promise<{ written: WrittenArtifact; integrity: string; patches: Pick<BuildSummary, 'patches' | 'catalogPatches' | 'database'> }> {
  const starter = await starterFile(read.entries, build.sections?.signals);
  const parts = await catalogPartFiles(read.entries);
  const input = {
    ...build,
    codeBits: codeBitsFor(build.model),
    generator: GENERATOR,
    ...(starter ? { starter: starter.entry } : {}),
    ...(parts ? { catalogParts: parts.entry } : {}),
  };
  const base = await writeArtifact(input);
  const patches = await buildPatches(input, input.items, base.manifest.files[0]!.sha256, previous.history);
  const catalog = await buildCatalogPatches(out, build.catalog, read.raw, read.report, previous.history?.catalogs ?? []);
  const written = withPatches(
    base,
    patches.map((p) => p.patch),
    catalog.patches.map((p) => p.patch),
  );
  const listed = (p: { from: string; count: number; file: { bytes: number } }) => ({ from: p.from, count: p.count, bytes: p.file.bytes });
  const extra = [...read.extra, ...(starter ? [starter.file] : []), ...(parts?.files ?? [])];
  const integrity = await writeOutput(out, written, previous.files, patches, catalog, extra);
  const database = read.to === undefined ? undefined : await loadBuildInto(read.to, databaseInput(build, read.entries));
  return {
    written,
    integrity,
    patches: {
      patches: patches.map((p) => listed(p.patch)),
      catalogPatches: catalog.patches.map((p) => listed(p.patch)),
      ...(database ? { database } : {}),
    },
  };
}

/** What the database load reads of a build. */
function databaseInput(build: Omit<ArtifactInput, 'generator'> & { catalog: ArtifactCatalog }, entries: readonly CatalogEntry[]) {
  const signals = build.sections?.signals;
  return {
    model: { key: build.model.key, dims: build.model.dims },
    textRule: build.textRule.fingerprint,
    rule: build.textRule.rule,
    catalog: build.catalog.sha256,
    items: build.items,
    entries,
    ...(signals ? { signals } : {}),
  };
}

/** The learned space reads the exact sessions; only the signals section is differentially private. */
export const LEARNED_PRIVACY_WARNING =
  "warning: --learned-space trains on the exact sessions: the learned section is not covered by the signals' differential privacy (docs/privacy.md)";

/**
 * The signals section from `--interactions`, or undefined without it. Read, checked and
 * aggregated before any model work: it needs only the catalog's ids (the keys validation keeps:
 * screening decides them, texts and hashes do not), so a bad file fails in seconds and nothing is
 * written.
 */
async function readSignals(options: BuildOptions, raw: readonly unknown[], io: BuildIO): Promise<SignalsSection | undefined> {
  if (options.interactions === undefined) return undefined;
  const keys = screenCatalog(raw).kept.map((k) => k.key);
  const { events, columns, epsilon } = options;
  const signals = await signalsSection(options.interactions, keys, {
    ...(events ? { events } : {}),
    ...(columns ? { columns } : {}),
    ...(epsilon !== undefined ? { privacy: { epsilon } } : {}),
  });
  for (const line of signals.warnings) io.warn(line);
  // Said up front, before minutes of embedding: the privacy promise has this one hole, and it is opt-in.
  if (options.learn) io.warn(LEARNED_PRIVACY_WARNING);
  return signals;
}

/**
 * Trains the learned section on the signals' sessions, whose rows number the artifact's sorted
 * items (both come from the keys screening keeps), with a progress display over training steps.
 */
async function trainSpace(
  signals: SignalsSection,
  sorted: readonly { key: string }[],
  vectors: Float32Array,
  dims: number,
  io: BuildIO,
): ReturnType<typeof learnedSection> {
  if (signals.ids.length !== sorted.length || signals.ids.some((id, i) => id !== sorted[i]!.key)) {
    throw new Error('internal: the signals rows and the artifact items differ'); // both come from the keys screening keeps
  }
  let bar: ReturnType<BuildIO['progress']> | undefined;
  const out = await learnedSection(vectors, dims, signals.sessions, (done, total, trainings) => {
    bar ??= io.progress(learnLabel(trainings), total, 'steps');
    bar.update(done);
  });
  bar?.stop();
  return out;
}

/** `items` in the artifact's order (by the UTF-8 bytes of the key), as sections index them. */
function sortByKey<T extends { key: string }>(items: readonly T[]): T[] {
  const at = new Map(items.map((i) => [i.key, i]));
  return sortKeys(items.map((i) => i.key)).map((k) => at.get(k)!);
}
