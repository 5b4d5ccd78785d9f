/**
 * `npx tsx eval/lightgcn-eval.ts [--dataset name]...`: the ids-only anchor baseline of issue 28
 * (eval/lightgcn.ts) on the next-item task. Epochs and learning rate are chosen on VALIDATION
 * (each user's second-to-last item, trained on the sequences without their last two items); the
 * chosen setting is then trained on the test split's logs and scored on the last items. HR@10 over
 * the whole catalog, the user's history left out, with a 95% bootstrap interval.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DATASETS_DIR } from '../test/paths.ts';
import { Bootstrap, mean } from './bootstrap.ts';
import { loadDataset } from './dataset.ts';
import { type LightGcnOptions, trainLightGcn } from './lightgcn.ts';
import { nextItemSplit, type Split } from './split.ts';

const { values } = parseArgs({ options: { dataset: { type: 'string', multiple: true } } });
const names = values.dataset ?? ['amazon-office-2014', 'movielens-latest-small'];
const GRID: Partial<LightGcnOptions>[] = [
  { epochs: 100, learningRate: 0.01 },
  { epochs: 300, learningRate: 0.01 },
  { epochs: 300, learningRate: 0.003 },
];

/** Per-user HR@10 of LightGCN trained on `split`'s histories. */
function hits(split: Split, items: number, options: Partial<LightGcnOptions>): Float64Array {
  const histories = split.users.map((u) => u.history);
  const model = trainLightGcn(histories, items, options);
  const d = model.dims;
  return Float64Array.from(split.users, (u, q) => {
    const seen = new Set(u.history);
    const score = (i: number) => {
      let s = 0;
      for (let k = 0; k < d; k++) s += model.users[q * d + k]! * model.items[i * d + k]!;
      return s;
    };
    const target = score(u.target);
    let greater = 0;
    for (let i = 0; i < items && greater < 10; i++) if (i !== u.target && !seen.has(i) && score(i) > target) greater++;
    return greater < 10 ? 1 : 0;
  });
}

for (const name of names) {
  const data = loadDataset(join(DATASETS_DIR, name));
  const n = data.items.length;
  const validation = nextItemSplit(data, 'validation');
  let best = { hr: -1, options: GRID[0]! };
  for (const options of GRID) {
    const t0 = performance.now();
    const hr = mean(hits(validation, n, options));
    console.log(
      `${name} | validation | ${JSON.stringify(options)} | HR@10 ${hr.toFixed(4)} | ${((performance.now() - t0) / 1000).toFixed(0)} s`,
    );
    if (hr > best.hr) best = { hr, options };
  }
  const test = nextItemSplit(data, 'test');
  const perUser = hits(test, n, best.options);
  const [lo, hi] = new Bootstrap(perUser.length, 1000).interval(perUser);
  console.log(`${name} | test | ${JSON.stringify(best.options)} | HR@10 ${mean(perUser).toFixed(4)} [${lo.toFixed(4)}, ${hi.toFixed(4)}]`);
}
