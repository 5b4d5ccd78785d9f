/**
 * Prebuilt vectors through the engine in Node, for the worker's tests: real artifacts (src/artifact's
 * writer) served over HTTP on 127.0.0.1, and the engine on fake-indexeddb with the deterministic
 * fake encoder (test/helpers/fake-encoder.ts), so an artifact's vectors are what the page computes.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IDBFactory } from 'fake-indexeddb';
import {
  type ArtifactCatalog,
  changedSince,
  decodeArtifact,
  describeTextRule,
  parseArtifactManifest,
  quantize,
  sortKeys,
  type WrittenArtifact,
  withPatches,
  writeArtifact,
  writePatch,
} from '../../src/artifact/index.ts';
import { validateCatalog } from '../../src/catalog/index.ts';
import { buildCatalogPatches } from '../../src/cli/catalog-patches.ts';
import { sha256Hex } from '../../src/digest/sha256.ts';
import { encodeSignals, exactSignals, type Interaction } from '../../src/signals/index.ts';
import type { CatalogItem } from '../../src/types/index.ts';
import type { EngineDeps } from '../../src/worker/context.ts';
import type { EngineConfig, EngineEvent } from '../../src/worker/protocol.ts';
import { fakeVector } from './fake-encoder.ts';
import { fakeEngine } from './fake-engine.ts';
import type { FileServer } from './file-server.ts';

export const DIMS = 16;
export const MODEL = 'fake-model';

/** Polls `check` every 10 ms, for up to 2 s. */
export const until = async (check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((ok) => setTimeout(ok, 10));
};

/** `n` items in three categories (tent, stove, lamp). */
export const items = (n: number): CatalogItem[] =>
  Array.from({ length: n }, (_, i) => ({
    id: `p${i}`,
    title: `${['tent', 'stove', 'lamp'][i % 3]} ${i}`,
    category: ['tent', 'stove', 'lamp'][i % 3],
  }));

/** How `publish` writes an artifact; `vectors` may replace the true vectors (row i = entry i, sorted as validated). */
export interface PublishOptions {
  model?: string;
  interactions?: Interaction[];
  vectors?: (truth: Float32Array[]) => Float32Array[];
  /** Also write a patch from the build published under the same folder before (as the CLI does). */
  patch?: boolean;
  /**
   * Also serve the catalog as JSON at `/<dir>/catalog.json`, record its digest in the manifest and
   * write catalog patches from the catalogs the previous manifest knows, as the CLI does
   * (src/cli/catalog-patches.ts keeps its records files in this folder).
   */
  catalogRecords?: string;
  /** More optional sections, by name (e.g. a `learned` space). */
  sections?: Record<string, Uint8Array>;
}

/**
 * Builds an artifact for `catalog` the way the CLI does (same hashes), published under `/<dir>/` of
 * `server`; returns its manifest URL.
 */
export async function publish(server: FileServer, dir: string, catalog: CatalogItem[], o: PublishOptions = {}): Promise<string> {
  const model = o.model ?? MODEL;
  const key = `${model}:${DIMS}:q8`;
  const { entries } = await validateCatalog(catalog, { modelKey: key });
  const signals = o.interactions
    ? { signals: encodeSignals(exactSignals(o.interactions, sortKeys(entries.map((e) => e.key))).signals) }
    : undefined;
  const sections = signals || o.sections ? { ...signals, ...o.sections } : undefined;
  const truth = entries.map((e) => fakeVector(e.text, DIMS));
  const vectors = o.vectors ? o.vectors(truth) : truth;
  const written = await writeArtifact({
    model: { id: model, dtype: 'q8', dims: DIMS, key, file: 'onnx/model.onnx', sha256: '0'.repeat(64) },
    textRule: await describeTextRule(),
    generator: 'test',
    items: entries.map((e, i) => ({ key: e.key, hash: e.hash, ...quantize(vectors[i]!) })),
    ...(sections ? { sections } : {}),
    ...(o.catalogRecords ? { catalog: await serveCatalog(server, dir, catalog) } : {}),
  });
  const patched = o.patch ? await withPatchFromPrevious(server, dir, written) : written;
  const published = o.catalogRecords ? await withCatalogPatches(server, dir, patched, catalog, o.catalogRecords) : patched;
  server.files.set(`/${dir}/manifest.json`, published.manifestText);
  server.files.set(`/${dir}/${written.binaryName}`, written.binary);
  return `${server.base}/${dir}/manifest.json`;
}

/** Serves `catalog` as JSON at `/<dir>/catalog.json`; returns its digest as a manifest records it. */
async function serveCatalog(server: FileServer, dir: string, catalog: CatalogItem[]): Promise<ArtifactCatalog> {
  const bytes = new TextEncoder().encode(JSON.stringify(catalog));
  server.files.set(`/${dir}/catalog.json`, bytes);
  return { sha256: await sha256Hex(bytes), bytes: bytes.byteLength };
}

/** `written` with the catalog patches from the catalogs of the build published under `/<dir>/` now. */
async function withCatalogPatches(
  server: FileServer,
  dir: string,
  written: WrittenArtifact,
  catalog: CatalogItem[],
  records: string,
): Promise<WrittenArtifact> {
  const text = server.files.get(`/${dir}/manifest.json`);
  const before = text === undefined ? undefined : parseArtifactManifest(JSON.parse(String(text)), 'manifest.json');
  const older = before?.catalog ? [before.catalog.sha256, ...(before.catalogPatches ?? []).map((p) => p.from)] : [];
  const { report } = await validateCatalog(catalog, { modelKey: written.manifest.model.key });
  const out = await buildCatalogPatches(records, written.manifest.catalog!, catalog, report, older);
  writeFileSync(join(records, out.records.name), out.records.text);
  for (const p of out.patches) server.files.set(`/${dir}/${p.patch.file.name}`, p.text);
  return withPatches(
    written,
    written.manifest.patches ?? [],
    out.patches.map((p) => p.patch),
  );
}

/** `written` with a patch from the build published under `/<dir>/` now (its files stay served). */
async function withPatchFromPrevious(server: FileServer, dir: string, written: WrittenArtifact): Promise<WrittenArtifact> {
  const text = server.files.get(`/${dir}/manifest.json`);
  if (text === undefined) throw new Error(`no earlier build under /${dir}/ to patch from`);
  const manifest = parseArtifactManifest(JSON.parse(String(text)), 'manifest.json');
  const name = manifest.files[0]!.name;
  const before = await decodeArtifact(manifest, new Map([[name, server.files.get(`/${dir}/${name}`) as Uint8Array]]));
  const after = await decodeArtifact(written.manifest, new Map([[written.binaryName, written.binary]]));
  const items = after.keys.map((key, i) => ({
    key,
    hash: after.hashes[i]!,
    code: after.codes.subarray(i * after.dims, (i + 1) * after.dims),
    scale: after.scales[i]!,
  }));
  const previous = new Map(before.keys.map((key, i) => [key, before.hashes[i]!]));
  const patch = await writePatch(written.manifest, manifest.files[0]!.sha256, changedSince(items, previous));
  server.files.set(`/${dir}/${patch.patch.file.name}`, patch.binary);
  return withPatches(written, [patch.patch]);
}

/** Starts the fake engine on `catalog` with the prebuilt vectors at `vectors`. */
export async function start(
  server: FileServer,
  factory: IDBFactory,
  catalog: CatalogItem[],
  vectors: string,
  extra: Partial<EngineConfig> = {},
  deps: Partial<EngineDeps> = {},
) {
  const { engine, encoders, embedded } = await fakeEngine(factory, MODEL, DIMS, 'shop', deps);
  const events: EngineEvent[] = [];
  const ready = engine.init(
    {
      catalog,
      namespace: 'shop',
      model: MODEL,
      dtype: 'q8',
      device: 'wasm',
      assetsBase: `${server.base}/`,
      index: 'auto',
      batchSize: 8,
      allowRemoteModels: false,
      stallTimeoutMs: 15_000,
      vectors,
      ...extra,
    },
    (e) => events.push(e),
  );
  return { engine, events, ready, encoders, embedded };
}

/** The sample check's state (`status().vectorsCheck`) once it has left `pending`, or what it is after 10 s. */
export async function settledCheck(engine: { status(): Promise<{ vectorsCheck?: string }> }): Promise<string | undefined> {
  let state: string | undefined;
  for (let i = 0; i < 1000; i++) {
    state = (await engine.status()).vectorsCheck;
    if (state !== undefined && state !== 'pending') break;
    await new Promise((ok) => setTimeout(ok, 10));
  }
  return state;
}
