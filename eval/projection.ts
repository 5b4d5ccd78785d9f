/**
 * `npx tsx eval/projection.ts [--dims 128,160,192] [--split validation|test] [--rounds 500]`
 *
 * Issue 30 asks for an artifact of <= 200 B per item, "PCA to fewer dimensions measured on the
 * eval" among the means. This runs every judged mode (eval/mode-truth) and the judged search
 * (eval/search-truth) through the shipped rankers twice per catalog: on the encoder's 512-d vectors,
 * and on the same vectors projected by `fitProjection` (src/vector-index/projection.ts), fitted on
 * the catalog's own item vectors as a build would fit it and applied to the queries too. Prints
 * each metric raw and projected with the paired 95% bootstrap interval of the difference, then the
 * recall@10 of the projected space (and of its code, as the build writes it) against the raw float32 ranking.
 * Choose on the validation split (the default); the test split is for reporting.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { dequantizeInto, quantizeWithLength } from '../src/artifact/quantize.ts';
import { PROJECTED_CODE_BITS } from '../src/cli/projection-step.ts';
import { fitProjection, type Projection, projectRows } from '../src/vector-index/projection.ts';
import { DATASETS_DIR } from '../test/paths.ts';
import { embedCached } from '../tools/embed-cache.ts';
import { Bootstrap, mean } from './bootstrap.ts';
import { loadDataset } from './dataset.ts';
import { embeddedItems } from './embedded-items.ts';
import { ItemVectors } from './methods.ts';
import { evaluateModes, type ModeEvalResult } from './mode-truth/evaluate.ts';
import { evaluateSearchTruth } from './search-truth/evaluate.ts';
import { hasJudgedQueries } from './search-truth/queries.ts';
import { shippedMethods, truthCatalog } from './search-truth/shipped.ts';
import { datasetTexts } from './texts.ts';

const { values: args } = parseArgs({
  options: {
    dims: { type: 'string', default: '128,160,192' },
    split: { type: 'string', default: 'validation' },
    rounds: { type: 'string', default: '500' },
    datasets: { type: 'string', default: 'amazon-office-2014,movielens-latest-small,steam-games-catalog' },
    'normalize-queries': { type: 'boolean', default: false },
    'no-modes': { type: 'boolean', default: false },
  },
});
const split = args.split as 'validation' | 'test';
if (split !== 'validation' && split !== 'test') throw new Error(`--split must be validation or test, got ${args.split}`);
const dimsList = args.dims!.split(',').map(Number);
const rounds = Number(args.rounds);
// A query far from the catalog's subspace keeps little of its length when projected; re-normalised,
// its cosines would be inflated past the search cut-off (validation, Office, 128 dims: unanswerable
// queries answered empty .50 -> .17). Unnormalised, its dot products approximate the raw cosines.
const normalizeQueries = args['normalize-queries'] === true;

/** "a -> b (delta [lo, hi])" for per-query values `raw` and `projected` of the same queries. */
function paired(raw: Float64Array, projected: Float64Array): string {
  const boot = new Bootstrap(raw.length, rounds);
  const [lo, hi] = boot.difference(projected, raw);
  const d = mean(projected) - mean(raw);
  const f = (v: number) => v.toFixed(4);
  return `${f(mean(raw))} -> ${f(mean(projected))} (${d >= 0 ? '+' : ''}${f(d)} [${f(lo)}, ${f(hi)}])`;
}

/** Modes: every shipped method's metrics, raw against projected. */
async function modeRows(
  name: string,
  a: ModeEvalResult,
  projected: ItemVectors,
  texts: readonly string[],
  data: ReturnType<typeof loadDataset>,
) {
  const b = await evaluateModes({ data, vectors: projected, texts }, { split, rounds: 50 });
  for (const [mi, mode] of a.modes.entries())
    for (const [ti, task] of mode.tasks.entries())
      for (const [k, method] of task.methods.entries()) {
        if (method.kind !== 'shipped') continue;
        const other = b.modes[mi]!.tasks[ti]!.methods[k]!;
        for (const metric of task.metrics)
          console.log(
            `| ${name} | ${projected.dims} | ${task.task} / ${method.name} | ${metric} | ${paired(method.perQuery![metric]!, other.perQuery![metric]!)} |`,
          );
      }
}

/** Search: hybrid and vector on the judged queries, NDCG@10 on answerable kinds, empty on the rest. */
async function searchRows(
  name: string,
  data: ReturnType<typeof loadDataset>,
  raw: ItemVectors,
  projected: ItemVectors,
  p: Projection,
  texts: readonly string[],
) {
  const embedRaw = async (t: string[], n: string) => (await embedCached(t, { name: n, dtype: 'q8' })).vectors;
  // Queries keep their length: see --normalize-queries.
  const embedProjected = async (t: string[], n: string) => projectRows(p, await embedRaw(t, n), normalizeQueries);
  const rawCat = await truthCatalog(data, raw, texts, embedRaw);
  // Labels and query words as a page embeds them: by the model without the projection.
  const projCat = await truthCatalog(data, projected, texts, embedProjected, embedRaw);
  const r = shippedMethods([rawCat]);
  const q = shippedMethods([projCat]);
  const result = await evaluateSearchTruth(
    rawCat.queries,
    { hybrid: r.hybrid, vector: r.vector, hybridP: q.hybrid, vectorP: q.vector },
    split,
  );
  for (const kind of ['natural', 'hand', 'unanswerable', 'gibberish'] as const) {
    const idx = result.queries.flatMap((query, i) => (query.kind === kind ? [i] : []));
    if (!idx.length) continue;
    const metric = kind === 'natural' || kind === 'hand' ? 'ndcg10' : 'empty';
    for (const [method, proj] of [
      ['hybrid', 'hybridP'],
      ['vector', 'vectorP'],
    ] as const) {
      const pick = (m: string) => Float64Array.from(idx, (i) => result.perQuery[m]![i]![metric]);
      console.log(
        `| ${name} | ${p.outDims} | search ${kind} (${idx.length}) / ${method} | ${metric} | ${paired(pick(method), pick(proj))} |`,
      );
    }
  }
}

/** Recall@10 against the raw float32 ranking, of the projected floats and of their code (PROJECTED_CODE_BITS) (500 seeded query items). */
function recallRow(name: string, raw: Float32Array, projected: Float32Array, d: number): void {
  const n = raw.length / 512;
  const decoded = new Float32Array(projected.length);
  for (let r = 0; r < n; r++) {
    const { code, scale } = quantizeWithLength(projected.subarray(r * d, (r + 1) * d), PROJECTED_CODE_BITS);
    dequantizeInto(code, 0, d, scale, decoded, r * d, false);
  }
  const top = (m: Float32Array, dims: number, q: Float32Array, qi: number) => {
    const scores = new Float64Array(n);
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < dims; k++) s += m[j * dims + k]! * q[qi * dims + k]!;
      scores[j] = j === qi ? -Infinity : s;
    }
    return new Set(
      Array.from(scores.keys())
        .sort((x, y) => scores[y]! - scores[x]! || x - y)
        .slice(0, 10),
    );
  };
  let vsRaw = 0;
  let codeVsProjected = 0;
  const queries = 500;
  for (let t = 0; t < queries; t++) {
    const qi = Math.floor((t * n) / queries);
    const exact = top(raw, 512, raw, qi);
    const proj = top(projected, d, projected, qi);
    const code = top(decoded, d, projected, qi);
    vsRaw += [...proj].filter((x) => exact.has(x)).length / 10;
    codeVsProjected += [...code].filter((x) => proj.has(x)).length / 10;
  }
  console.log(`| ${name} | ${d} | recall@10 of the projected floats vs raw float32 | ${(vsRaw / queries).toFixed(4)} |`);
  console.log(
    `| ${name} | ${d} | recall@10 of their int8 code (length kept) vs the projected floats | ${(codeVsProjected / queries).toFixed(4)} |`,
  );
}

console.log(`split ${split}, bootstrap rounds ${rounds}; each row: raw -> projected (paired difference [95% interval])`);
for (const dataset of args.datasets!.split(',')) {
  const data = loadDataset(join(DATASETS_DIR, dataset));
  const { texts } = datasetTexts(data, undefined);
  const { vectors: raw, embedded } = await embeddedItems(data, texts);
  const rawModes = args['no-modes'] ? undefined : await evaluateModes({ data, vectors: raw, texts }, { split, rounds: 50 });
  for (const d of dimsList) {
    const t0 = performance.now();
    const p = fitProjection(embedded.vectors, embedded.dims, d);
    const fitMs = performance.now() - t0;
    // Items as the page holds them (model-key.ts isProjectedKey): with the length the projection leaves them.
    const projectedRows = projectRows(p, embedded.vectors, false);
    const projected = new ItemVectors(raw.ids, projectedRows, d, 'flat', texts, raw.names, raw.facets);
    console.log(`| ${data.name} | ${d} | fit on ${raw.ids.length} items | ${fitMs.toFixed(0)} ms |`);
    if (rawModes) await modeRows(data.name, rawModes, projected, texts, data);
    if (hasJudgedQueries(data)) await searchRows(data.name, data, raw, projected, p, texts);
    recallRow(data.name, embedded.vectors, projectedRows, d);
  }
}
