/**
 * `npx tsx eval/learned-space-blend.ts [--dataset name] [--variant name]... [--mix] [--full-softmax]`
 *
 * "For you" with the site's signals on candidate tables (eval/blend-eval.ts), VALIDATION split:
 * the content term from the raw text vectors or from a learned space (eval/learned-space-train.ts;
 * a directional space scores query(anchor) . target(candidate)), over a grid of blend weights.
 * Prints, per space, HR@10 content-only, with the shipped weights, and with the grid's best.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { type BlendWeights, CONTENT_BLEND, DEFAULT_BLEND, ScoreCalibration } from '../src/recommend/index.ts';
import { dotF32 } from '../src/vector-index/dot.ts';
import { Prng } from '../src/vector-index/prng.ts';
import { DATASETS_DIR } from '../test/paths.ts';
import { splitSignals, tableHr10, userTables } from './blend-eval.ts';
import { mean } from './bootstrap.ts';
import { loadDataset } from './dataset.ts';
import { embeddedItems } from './embedded-items.ts';
import { LARGE_TRAIN, type TrainedSpace, trainSpace, VARIANTS } from './learned-space-train.ts';
import { ItemVectors } from './methods.ts';
import { nextItemSplit } from './split.ts';
import { datasetTexts } from './texts.ts';

const { values } = parseArgs({
  options: {
    dataset: { type: 'string', multiple: true },
    variant: { type: 'string', multiple: true },
    mix: { type: 'boolean', default: false },
    // Train MovieLens-size catalogs with the recipe as it is (a full softmax), not LARGE_TRAIN.
    'full-softmax': { type: 'boolean', default: false },
  },
});

/** Rows [sqrt(rawShare) raw_i, sqrt(1 - rawShare) learned_i] (unit length when both parts are). */
function concatRows(raw: ItemVectors, learned: ItemVectors, rawShare: number): Float32Array {
  const n = raw.ids.length;
  const d = raw.dims + learned.dims;
  const out = new Float32Array(n * d);
  const a = Math.sqrt(rawShare);
  const b = Math.sqrt(1 - rawShare);
  for (let i = 0; i < n; i++) {
    for (let t = 0; t < raw.dims; t++) out[i * d + t] = a * raw.vectors[i * raw.dims + t]!;
    for (let t = 0; t < learned.dims; t++) out[i * d + raw.dims + t] = b * learned.vectors[i * learned.dims + t]!;
  }
  return out;
}
const names = values.dataset ?? ['amazon-office-2014', 'movielens-latest-small'];
const variants = VARIANTS.filter((v) => (values.variant ?? ['offsets 1e-3', 'directional']).includes(v.name));

/** Random-pair scores of the space (query . target), as the page's calibration samples them. */
function calibration(space: Pick<TrainedSpace, 'query' | 'target'>): ScoreCalibration {
  const { query, target } = space;
  const n = query.ids.length;
  const d = query.dims;
  const rng = new Prng(0x5eed);
  const scores = Array.from({ length: 4096 }, () => {
    const a = rng.int(n);
    const b = (a + 1 + rng.int(n - 1)) % n;
    return dotF32(query.vectors, a * d, target.vectors, b * d, d);
  });
  return new ScoreCalibration(scores);
}

const GRID: BlendWeights[] = [];
for (const content of [0.1, 0.25, 0.5, 1, 2, 4])
  for (const together of [0, 4, 16])
    for (const next of [0, 16, 64]) for (const signalDecay of [0.7]) GRID.push({ ...DEFAULT_BLEND, content, together, next, signalDecay });

/** Per space name, per dataset, HR@10 at each grid point: the joint choice below reads them. */
const joint = new Map<string, number[][]>();

for (const name of names) {
  const data = loadDataset(join(DATASETS_DIR, name));
  const { texts } = datasetTexts(data, undefined);
  const { vectors: raw } = await embeddedItems(data, texts);
  const split = nextItemSplit(data, 'validation');
  const signals = splitSignals(raw, split.train, {}, undefined, 'exact'); // as the learned space was measured
  const spaces: (Pick<TrainedSpace, 'query' | 'target'> & { name: string })[] = [{ name: 'raw', query: raw, target: raw }];
  for (const v of variants) {
    // Bigger catalogs train on sampled candidates in bigger batches, for time (LARGE_TRAIN).
    const recipe = data.items.length > 5000 && !values['full-softmax'] ? { ...v, train: { ...v.train, ...LARGE_TRAIN } } : v;
    const space = await trainSpace(raw, texts, split.train, recipe);
    console.log(`${name} | trained ${recipe.name}: ${space.pairs} pairs, ${space.seconds.toFixed(1)} s`);
    spaces.push({ name: v.name, ...space });
    // The raw cosine and the learned one as one content term: [a raw, b learned] with a^2 + b^2 = 1
    // scores a^2 cos_raw + b^2 query . target, through the same blend and index code.
    for (const rawShare of values.mix ? [0.25, 0.5] : []) {
      const mix = (side: ItemVectors) =>
        new ItemVectors(raw.ids, concatRows(raw, side, rawShare), raw.dims + side.dims, 'flat', texts, raw.names, raw.facets);
      const target = mix(space.target);
      spaces.push({ name: `${v.name} + raw ${rawShare}`, query: space.query === space.target ? target : mix(space.query), target });
    }
  }
  for (const space of spaces) {
    const anchorQuery = space.query === space.target ? undefined : (key: string) => space.query.index.vector(key);
    const cal = calibration(space);
    const contentTables = userTables(space.target, split, undefined, split.users, { anchorQuery });
    const tables = userTables(space.target, split, signals, split.users, { anchorQuery });
    const contentOnly = mean(tableHr10(contentTables, CONTENT_BLEND, cal));
    const shipped = mean(tableHr10(tables, DEFAULT_BLEND, cal));
    let best = { hr: -1, w: DEFAULT_BLEND as BlendWeights };
    const byWeights = GRID.map((w) => {
      const hr = mean(tableHr10(tables, w, cal));
      if (hr > best.hr) best = { hr, w };
      return hr;
    });
    joint.set(space.name, [...(joint.get(space.name) ?? []), byWeights]);
    const { content, together, next } = best.w;
    console.log(
      `${name} | ${space.name} | content only ${contentOnly.toFixed(4)} | signals, shipped weights ${shipped.toFixed(4)} | best ${best.hr.toFixed(4)} (content ${content}, together ${together}, next ${next})`,
    );
  }
}

// One default must serve every site: the grid point with the best geometric mean over the datasets.
for (const [space, perDataset] of joint) {
  if (perDataset.length !== names.length || names.length < 2) continue;
  let best = { g: -1, at: 0 };
  GRID.forEach((_, i) => {
    const g = Math.exp(perDataset.reduce((s, hrs) => s + Math.log(Math.max(hrs[i]!, 1e-9)), 0) / perDataset.length);
    if (g > best.g) best = { g, at: i };
  });
  const { content, together, next } = GRID[best.at]!;
  const each = perDataset.map((hrs) => hrs[best.at]!.toFixed(4)).join(' / ');
  console.log(`joint | ${space} | geometric mean ${best.g.toFixed(4)} (${each}) at content ${content}, together ${together}, next ${next}`);
}
