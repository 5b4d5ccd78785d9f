/**
 * `npx tsx eval/learned-space-user.ts [--dataset name] [--variant name]` (exploration, VALIDATION):
 * does a visitor-level vector of the learned space add to "for you" beyond the 10 recency-weighted
 * anchors? u = the normalised, recency-decayed sum of the query sides of the whole history; a
 * candidate gains w x z(u . target(c)). Prints HR@10 of u alone over the catalog, and of the
 * shipped raw blend with signals plus the u term over a grid of w and decays.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { blendScores, DEFAULT_BLEND, ScoreCalibration } from '../src/recommend/index.ts';
import { dotF32 } from '../src/vector-index/dot.ts';
import { Prng } from '../src/vector-index/prng.ts';
import { DATASETS_DIR } from '../test/paths.ts';
import { splitSignals, userTables } from './blend-eval.ts';
import { loadDataset } from './dataset.ts';
import { embeddedItems } from './embedded-items.ts';
import { LARGE_TRAIN, trainSpace, VARIANTS } from './learned-space-train.ts';
import { nextItemSplit } from './split.ts';
import { datasetTexts } from './texts.ts';

const { values } = parseArgs({
  options: { dataset: { type: 'string', default: 'movielens-latest-small' }, variant: { type: 'string', default: 'build' } },
});
const data = loadDataset(join(DATASETS_DIR, values.dataset));
const { texts } = datasetTexts(data, undefined);
const { vectors: raw } = await embeddedItems(data, texts);
const split = nextItemSplit(data, 'validation');
const signals = splitSignals(raw, split.train, {}, undefined, 'exact'); // as the learned space was measured
const v = VARIANTS.find((x) => x.name === values.variant)!;
const recipe = data.items.length > 5000 ? { ...v, train: { ...v.train, ...LARGE_TRAIN } } : v;
const space = await trainSpace(raw, texts, split.train, recipe);
const n = raw.ids.length;
const d = space.target.dims;
const q = space.query.vectors;
const t = space.target.vectors;

/** u for one history (rows, oldest first), decay per step back from the newest. */
function userVector(history: readonly number[], decay: number): Float32Array {
  const u = new Float32Array(d);
  let w = 1;
  for (let i = history.length - 1; i >= 0; i--, w *= decay) for (let k = 0; k < d; k++) u[k]! += w * q[history[i]! * d + k]!;
  let norm = 0;
  for (const x of u) norm += x * x;
  for (let k = 0; k < d; k++) u[k]! /= Math.sqrt(norm) || 1;
  return u;
}

const rng = new Prng(9);
const tables = userTables(raw, split, signals, split.users);
const rawCal = new ScoreCalibration(
  Array.from({ length: 4096 }, () => dotF32(raw.vectors, rng.int(n) * raw.dims, raw.vectors, rng.int(n) * raw.dims, raw.dims)),
);
for (const decay of [0.7, 0.9, 0.97, 1]) {
  const us = split.users.map((user) => userVector(user.history, decay));
  const userCal = new ScoreCalibration(Array.from({ length: 4096 }, () => dotF32(us[rng.int(us.length)]!, 0, t, rng.int(n) * d, d)));
  // u alone over the whole catalog, seen items left out.
  let alone = 0;
  split.users.forEach((user, i) => {
    const seen = new Set(user.history);
    const target = dotF32(us[i]!, 0, t, user.target * d, d);
    let greater = 0;
    for (let c = 0; c < n; c++) if (c !== user.target && !seen.has(c) && dotF32(us[i]!, 0, t, c * d, d) > target) greater++;
    alone += greater < 10 ? 1 : 0;
  });
  const line: string[] = [`decay ${decay}: u alone ${(alone / split.users.length).toFixed(4)}`];
  for (const w of [0, 0.25, 0.5, 1, 2]) {
    let hits = 0;
    tables.forEach((ut, i) => {
      if (ut.target < 0) return;
      const { scores } = blendScores(ut.table, DEFAULT_BLEND, rawCal);
      const rows = ut.table.keys.map((k) => data.rowOf.get(k)!);
      const z = (c: number) => (dotF32(us[i]!, 0, t, rows[c]! * d, d) - userCal.mean) / userCal.std;
      const target = scores[ut.target]! + w * z(ut.target);
      let greater = 0;
      for (let c = 0; c < scores.length; c++) if (c !== ut.target && scores[c]! + w * z(c) > target) greater++;
      hits += greater < 10 ? 1 : 0;
    });
    line.push(`w ${w}: ${(hits / split.users.length).toFixed(4)}`);
  }
  console.log(line.join(' | '));
}
