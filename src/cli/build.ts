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

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { MANIFEST_FILE } from '../artifact/format.ts';
import { sortKeys } from '../artifact/index.ts';
import type { ItemCode } from '../artifact/quantize.ts';
import { describeTextRule } from '../artifact/text-rule.ts';
import { type WrittenArtifact, writeArtifact } from '../artifact/write.ts';
import { screenCatalog } from '../catalog/screen.ts';
import { validateCatalog } from '../catalog/validate.ts';
import { createEncoder, type Encoder } from '../encoder/encoder.ts';
import { resolveModel } from '../encoder/registry.ts';
import { createError, ErrorCodes } from '../errors.ts';
import { modelKey } from '../model-key.ts';
import type { CatalogReport } from '../types/index.ts';
import { embedNew } from './embed-new.ts';
import { readCatalog } from './input.ts';
import { defaultModelsDir, hashModelFile, missingWeightsError, modelFileFor } from './model-files.ts';
import type { BuildOptions } from './options.ts';
import { readPrevious, writeOutput } from './output.ts';
import { GENERATOR } from './package-info.ts';
import type { Progress } from './progress.ts';
import { indexSection, type SignalsSummary, signalsSection } from './sections.ts';
import { loadTransformers } from './transformers.ts';

/** What a build did. */
export interface BuildSummary {
  manifest: string;
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
  /** With `--interactions`: what the signals section holds. */
  signals?: SignalsSummary;
  /** Bytes of the index's learnt state (a catalog big enough for an index with a training step). */
  indexStateBytes?: number;
  /**
   * Milliseconds per step. `embed` is the encoder's whole share (of which the encoder's own
   * `tokenize`, `inference` and `pool`); `modelLoad` is 0 when nothing was embedded.
   */
  timings: {
    load: number;
    /** Reading `--interactions` and building the signals section (0 without it). */
    signals: number;
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
  progress(label: string, total: number): Progress;
}

/** Runs one build. Throws `CATALOG_UNREADABLE`, `INVALID_OPTION` or `MODEL_FAILED` when it cannot finish. */
export async function runBuild(options: BuildOptions, io: BuildIO): Promise<{ summary: BuildSummary; written: WrittenArtifact }> {
  const t0 = performance.now();
  const spec = resolveModel(options.model);
  const modelsDir = options.modelsDir ?? defaultModelsDir();
  if (!modelsDir) throw createError(ErrorCodes.MODEL_FAILED, 'no models folder found beside the CLI; pass --models-dir <dir>');
  const textRule = await describeTextRule(options.textRule);

  const { raw, catalog } = await readCatalog(options.source);
  const tLoad = performance.now();

  // The interactions file is read, checked and aggregated before any model work: it needs only
  // the catalog's ids (the keys validation keeps: screening decides them, texts and hashes do not),
  // so a bad file fails in seconds and nothing is written.
  let signals: Awaited<ReturnType<typeof signalsSection>> | undefined;
  if (options.interactions !== undefined) {
    const keys = screenCatalog(raw).kept.map((k) => k.key);
    const { events, columns } = options;
    signals = await signalsSection(options.interactions, keys, { ...(events ? { events } : {}), ...(columns ? { columns } : {}) });
    for (const line of signals.warnings) io.warn(line);
  }
  const tSignals = performance.now();

  let encoder: Encoder | undefined;
  const modelLoad = { ms: 0 };
  const getEncoder = async (): Promise<Encoder> => {
    if (encoder) return encoder;
    const start = performance.now();
    await loadTransformers();
    encoder = await createEncoder({
      model: spec.id,
      dtype: options.dtype,
      modelBase: modelsDir,
      batchSize: options.batchSize,
      allowRemote: options.allowRemoteModels,
    });
    modelLoad.ms += performance.now() - start;
    return encoder;
  };
  try {
    // Built-in models know their dims, so an unchanged catalog never loads the model at all.
    const dims = spec.dims ?? (await getEncoder()).dims;
    const key = modelKey(spec.id, dims, options.dtype);
    const file = modelFileFor(options.dtype);
    const weights = join(modelsDir, spec.id, file);
    if (spec.builtin && !existsSync(weights)) throw missingWeightsError(options.dtype, weights, options.modelsDir !== undefined);
    const hf = spec.builtin ? undefined : await loadTransformers();
    const model = await hashModelFile(spec.id, file, hf?.env.cacheDir ? [modelsDir, hf.env.cacheDir] : [modelsDir]);

    const tValidate0 = performance.now();
    const { entries, report } = await validateCatalog(raw, { rule: options.textRule, modelKey: key });
    const tValidate = performance.now() - tValidate0;

    const previous = options.full ? { kind: 'none' as const } : await readPrevious(options.out);
    const stored = new Map<string, ItemCode>();
    let previousNote = options.full ? 'ignored (--full)' : 'none';
    let previousKeys: readonly string[] = [];
    if (previous.kind === 'unusable') {
      previousNote = `ignored: ${previous.problem}`;
      io.warn(`warning: the previous build in ${options.out} is unusable, embedding everything (${previous.problem})`);
    } else if (previous.kind === 'ok') {
      const a = previous.artifact;
      if (a.manifest.model.key !== key || a.manifest.model.sha256 !== model.sha256) {
        previousNote = `ignored: made by ${a.manifest.model.key} (model file ${a.manifest.model.sha256.slice(0, 12)}), this build uses ${key} (${model.sha256.slice(0, 12)})`;
        io.warn(`warning: the previous build in ${options.out} comes from another model; embedding everything`);
      } else {
        previousNote = 'reused';
        previousKeys = a.keys;
        for (let i = 0; i < a.count; i++)
          stored.set(a.hashes[i]!, { code: a.codes.subarray(i * dims, (i + 1) * dims), scale: a.scales[i]! });
      }
    }

    // One model run per distinct new text: catalogs often repeat texts (variants, duplicates).
    const todo = new Map<string, string>();
    for (const e of entries) if (!stored.has(e.hash) && !todo.has(e.hash)) todo.set(e.hash, e.text);
    let embedMs = 0;
    if (todo.size > 0) {
      const enc = await getEncoder();
      const bar = io.progress('embedding', todo.size);
      const start = performance.now();
      try {
        for (const [hash, code] of await embedNew(enc, todo, (done) => bar.update(done))) stored.set(hash, code);
      } finally {
        bar.stop();
      }
      embedMs = performance.now() - start;
    }

    const tWrite0 = performance.now();
    const items = entries.map((e) => ({ key: e.key, hash: e.hash, ...stored.get(e.hash)! }));
    const sections: Record<string, Uint8Array> = {};
    if (signals) sections.signals = signals.bytes;
    const indexState = indexSection(sortByKey(items), dims);
    if (indexState) sections.index = indexState;
    const written = await writeArtifact({
      model: { id: spec.id, dtype: options.dtype, dims, key, file, sha256: model.sha256 },
      textRule,
      generator: GENERATOR,
      ...(catalog ? { catalog } : {}),
      items,
      sections,
    });
    await writeOutput(
      options.out,
      written,
      previous.kind === 'ok' ? previous.artifact.manifest.files.map((f) => f.name) : previous.kind === 'unusable' ? previous.files : [],
    );
    const now = performance.now();
    const present = new Set(entries.map((e) => e.key));
    const summary: BuildSummary = {
      manifest: join(options.out, MANIFEST_FILE),
      binary: join(options.out, written.binaryName),
      model: key,
      count: entries.length,
      embedded: todo.size,
      reused: entries.filter((e) => !todo.has(e.hash)).length,
      removed: previousKeys.filter((k) => !present.has(k)).length,
      previous: previousNote,
      report,
      bytes: written.binary.byteLength,
      ...(signals ? { signals: signals.summary } : {}),
      ...(indexState ? { indexStateBytes: indexState.byteLength } : {}),
      timings: {
        load: tLoad - t0,
        signals: tSignals - tLoad,
        validate: tValidate,
        modelLoad: modelLoad.ms,
        embed: embedMs,
        tokenize: encoder?.timings.tokenizeMs ?? 0,
        inference: encoder?.timings.inferenceMs ?? 0,
        pool: encoder?.timings.poolMs ?? 0,
        write: now - tWrite0,
        total: now - t0,
      },
    };
    return { summary, written };
  } finally {
    await encoder?.dispose();
  }
}

/** `items` in the artifact's order (by the UTF-8 bytes of the key), as sections index them. */
function sortByKey<T extends { key: string }>(items: readonly T[]): T[] {
  const at = new Map(items.map((i) => [i.key, i]));
  return sortKeys(items.map((i) => i.key)).map((k) => at.get(k)!);
}
