/**
 * `npx tsx bench/artifact-size.ts [--dims 128,192] [--queries 1000] [--items n]`
 *
 * Issue 30 point 1: bytes per item of the prebuilt-vectors artifact and the recall@10 of what the
 * page ranks with, for the full 512-d vectors and for `inpage-rec build --dims` projections, on
 * the Steam catalog (32k items, the eval's texts and cached vectors; research data read at run
 * time). Each artifact is written by the build's own code (quantize, projection step, index
 * section, writer). Per variant:
 * - `bytesPerItem`: the binary plus the projection file, over the items; `headBytesPerItem`: the
 *   sections a slow first visit fetches first (keys, hashes, signs and high bits, index state);
 * - recall@10 against exact float32 top-10 of the same space (the projected vectors, unit length,
 *   as the page ranks them), queries are items (`similar`): of an exact scan over the decoded codes
 *   (`flat`), and of the index the page builds for that many items (`index`, with its training);
 * - `recallVsRaw`: the index's top-10 against the raw 512-d float32 top-10 (what projecting costs).
 * Prints JSON with the conditions; writes bench/results/artifact-size.json.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadDataset } from '../eval/dataset.ts';
import { embeddedItems } from '../eval/embedded-items.ts';
import { datasetTexts } from '../eval/texts.ts';
import { COARSE_SECTION, coarseNearest } from '../src/artifact/coarse.ts';
import { HIGH_SECTION } from '../src/artifact/magnitudes.ts';
import { encodeProjection, projectionEntry } from '../src/artifact/projection-file.ts';
import { quantize, quantizeWithLength } from '../src/artifact/quantize.ts';
import { decodeArtifact } from '../src/artifact/read.ts';
import { describeTextRule } from '../src/artifact/text-rule.ts';
import { writeArtifact } from '../src/artifact/write.ts';
import { hashTexts } from '../src/catalog/hash.ts';
import { AUTO_DIMS, PROJECTED_CODE_BITS } from '../src/cli/projection-step.ts';
import { decodedVectors, indexSection } from '../src/cli/sections.ts';
import { modelKey, projectedModel } from '../src/model-key.ts';
import { autoIndex, createIndex, decodeTrainingState } from '../src/vector-index/index.ts';
import { fitProjection, projectRows } from '../src/vector-index/projection.ts';
import { DATASETS_DIR } from '../test/paths.ts';
import { queryRows, topK } from '../test/recall.ts';
import { conditions } from './conditions.ts';
import { writeResult } from './results.ts';

const { values: args } = parseArgs({
  options: { dims: { type: 'string', default: '128,192' }, queries: { type: 'string', default: '1000' }, items: { type: 'string' } },
});
const log = (line: string) => process.stderr.write(`${line}\n`);
const HEAD = ['keys', 'hashes', 'coarse', 'high', 'index'];

const all = loadDataset(join(DATASETS_DIR, 'steam-games-catalog'));
// --items n: the catalog's first n items (CI's --quick run: the 32k texts are not cached there).
const data = args.items ? { ...all, items: all.items.slice(0, Number(args.items)) } : all;
const { texts } = datasetTexts(data, undefined);
const { embedded } = await embeddedItems(data, texts);
const raw = embedded.vectors;
const n = texts.length;
// Keys as a build writes them (String(item.id)); the catalog's 2 items without an id and 2 repeated
// ids (a build would refuse those) get their row number, so every text is still measured.
const seen = new Set<string>();
const keys = data.items.map((item, i) => {
  const key = item.id === '' || seen.has(item.id) ? `${item.id}#${i}` : item.id;
  seen.add(key);
  return key;
});
const queries = queryRows(n, Number(args.queries));

/** The artifact of `vectors` (rows of `dims`, in the space `key` names), written by the build's code, and its rows decoded. */
async function written(dims: number, vectors: Float32Array, key: string, projectionBytes?: Uint8Array) {
  const hashes = await hashTexts(texts, key);
  const bits = projectionBytes ? PROJECTED_CODE_BITS : 8;
  const code = projectionBytes ? quantizeWithLength : quantize;
  const items = keys.map((k, i) => ({ key: k, hash: hashes[i]!, ...code(vectors.subarray(i * dims, (i + 1) * dims), bits) }));
  const sorted = [...items].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const state = indexSection(sorted, decodedVectors(sorted, dims, !projectionBytes), dims);
  const projection = projectionBytes ? await projectionEntry(projectionBytes, 512) : undefined;
  const file = 'onnx/model_quantized.onnx';
  const model = { id: 'use-lite-en', dtype: 'q8' as const, dims, key, file, sha256: '0'.repeat(64), ...(projection ? { projection } : {}) };
  const sections = state ? { sections: { index: state } } : {};
  const out = await writeArtifact({ model, textRule: await describeTextRule(), generator: 'bench', items, codeBits: bits, ...sections });
  const artifact = await decodeArtifact(out.manifest, new Map([[out.binaryName, out.binary]]));
  const at = new Map(artifact.keys.map((k, i) => [k, i]));
  const decoded = new Float32Array(n * dims);
  for (const [i, k] of keys.entries()) artifact.vector(at.get(k)!, decoded.subarray(i * dims, (i + 1) * dims));
  const section = (name: string) => {
    const s = out.manifest.sections.find((x) => x.name === name)!;
    return out.binary.subarray(s.offset, s.offset + s.bytes);
  };
  const head = { coarse: section(COARSE_SECTION), high: section(HIGH_SECTION), keys: artifact.keys, at };
  return { out, state, decoded, head };
}

/** The head's sign and high bits and where each key's row is. */
interface Head {
  coarse: Uint8Array;
  high: Uint8Array;
  keys: readonly string[];
  at: ReadonlyMap<string, number>;
}

/** Recall@10 of an exact scan over `decoded` and of the page's index, against `exact` (and the raw vectors). */
function recalls(dims: number, exact: Float32Array, decoded: Float32Array, state: Uint8Array | undefined, head: Head) {
  const { kind, options } = autoIndex(n, dims);
  const index = createIndex(kind, dims, options);
  // As a first visit with the artifact: its learnt state first, then the rows.
  if (state) index.importTraining(decodeTrainingState(state));
  index.add(keys, decoded);
  if (index.needsTraining) index.train();
  const rowOf = new Map(keys.map((k, i) => [k, i]));
  const count = { flat: 0, index: 0, vsRaw: 0, head: 0 };
  for (const q of queries) {
    const query = decoded.subarray(q * dims, (q + 1) * dims);
    const truth = new Set(topK(exact, dims, exact.subarray(q * dims, (q + 1) * dims), 10, q));
    const rawTruth = new Set(topK(raw, 512, raw.subarray(q * 512, (q + 1) * 512), 10, q));
    for (const i of topK(decoded, dims, query, 10, q)) if (truth.has(i)) count.flat++;
    // What a first visit shows before the catalog: the sign and high bits' nearest (src/worker/prebuilt/head-answers.ts).
    const near = coarseNearest(head.coarse, dims, head.at.get(keys[q]!)!, 10, undefined, head.high);
    for (const r of near) if (truth.has(rowOf.get(head.keys[r.row]!)!)) count.head++;
    const hits = index.search(query, 11).map((h) => rowOf.get(h.key)!);
    for (const i of hits.filter((r) => r !== q).slice(0, 10)) {
      if (truth.has(i)) count.index++;
      if (rawTruth.has(i)) count.vsRaw++;
    }
  }
  const rate = (hits: number) => +(hits / (queries.length * 10)).toFixed(4);
  return {
    index: `${kind} ${JSON.stringify(options)}`,
    flat: rate(count.flat),
    indexed: rate(count.index),
    vsRaw: rate(count.vsRaw),
    head: rate(count.head),
  };
}

/** One row of the table (the bench summary reads it: bench/report-md-visits.ts). */
export interface ArtifactSizeRow {
  variant: string;
  dims: number;
  index: string;
  bytesPerItem: number;
  binaryBytesPerItem: number;
  projectionBytes: number;
  headBytesPerItem: number;
  code: string;
  sectionBytesPerItem: Record<string, number>;
  /** Against exact float32 of the space the page ranks in: an exact scan of the codes, the page's index, the head's sign bits alone. */
  recallAt10: { flat: number; index: number; head: number };
  recallVsRaw: number;
  seconds: number;
}

/** One row of the table: `vectors` coded as the build codes them, measured as the page ranks them. */
async function variant(label: string, dims: number, vectors: Float32Array, key: string, projectionBytes?: Uint8Array) {
  const t0 = performance.now();
  const { out, state, decoded, head } = await written(dims, vectors, key, projectionBytes);
  // The exact truth of the space as the page ranks it (raw rows are unit; projected ones keep their length).
  const r = recalls(dims, vectors, decoded, state, head);
  const sectionBytes = (names: string[]) =>
    out.manifest.sections.filter((s) => names.includes(s.name)).reduce((sum, s) => sum + s.bytes, 0);
  const total = out.binary.byteLength + (projectionBytes?.byteLength ?? 0);
  const row: ArtifactSizeRow = {
    variant: label,
    dims,
    index: r.index,
    bytesPerItem: +(total / n).toFixed(1),
    binaryBytesPerItem: +(out.binary.byteLength / n).toFixed(1),
    projectionBytes: projectionBytes?.byteLength ?? 0,
    headBytesPerItem: +(sectionBytes(HEAD) / n).toFixed(1),
    code: out.manifest.code,
    sectionBytesPerItem: Object.fromEntries(out.manifest.sections.map((s) => [s.name, +(s.bytes / n).toFixed(1)])),
    recallAt10: { flat: r.flat, index: r.indexed, head: r.head },
    recallVsRaw: r.vsRaw,
    seconds: +((performance.now() - t0) / 1000).toFixed(1),
  };
  log(JSON.stringify(row));
  return row;
}

const rows = [await variant('512-d (--dims none)', 512, raw, modelKey('use-lite-en', 512, 'q8'))];
for (const d of args.dims!.split(',').map(Number)) {
  const projection = fitProjection(raw, 512, d);
  const bytes = encodeProjection(projection);
  const { file } = await projectionEntry(bytes, 512);
  rows.push(
    await variant(
      `--dims ${d}${d === AUTO_DIMS ? ' (the default from 5,000 items)' : ''}`,
      d,
      projectRows(projection, raw, false),
      modelKey(projectedModel('use-lite-en', file.sha256), d, 'q8'),
      bytes,
    ),
  );
}
const result = {
  bench: 'artifact-size',
  conditions: conditions({
    items: n,
    queries: queries.length,
    catalog: `steam-games-catalog (eval texts${args.items ? `, first ${n}` : ''})`,
  }),
  rows,
};
writeResult('artifact-size', result);
console.log(JSON.stringify(result, null, 2));
