/**
 * `npx tsx eval/learned-space.ts [--split validation|test] [--dataset name] [--grid] [--variant name] [--full-softmax]`
 *
 * The learned recommendation space (src/learn) against the raw text vectors, through the shipped
 * rankers, as a page with the artifact's `learned` section ranks: "for you" (next item, and a new
 * visitor's first item) and "bought together" (Office's complement truths). Each task is judged
 * twice on the same queries, without the space and with it, and the difference is paired.
 *
 * The space is trained on the split's logs only (validation: every sequence without its last two
 * items; test: without its last). The first-item task gets a space trained on every sequence
 * without its first item, as its popularity baseline counts, and the cold-target task one trained
 * on logs without its seeded 10% of items, so no task's truth is ever in the training. `--grid` tries every recipe of eval/learned-space-train.ts; blend-weight grids are
 * eval/learned-space-blend.ts's job. MovieLens-size catalogs train with LARGE_TRAIN unless
 * `--full-softmax` (what the build does).
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { LearnedLookup } from '../src/learn/lookup.ts';
import { DATASETS_DIR } from '../test/paths.ts';
import { Bootstrap, mean } from './bootstrap.ts';
import { loadDataset } from './dataset.ts';
import { embeddedItems } from './embedded-items.ts';
import { coldStartSplit, type TaskResult } from './evaluate.ts';
import { LARGE_TRAIN, type TrainedSpace, trainSpace, VARIANTS as VARIANTS_TRIED, type Variant } from './learned-space-train.ts';
import { evaluateModes } from './mode-truth/evaluate.ts';
import { nextItemSplit } from './split.ts';
import { datasetTexts } from './texts.ts';

const { values } = parseArgs({
  options: {
    split: { type: 'string', default: 'validation' },
    dataset: { type: 'string', multiple: true },
    grid: { type: 'boolean', default: false },
    rounds: { type: 'string', default: '1000' },
    variant: { type: 'string', multiple: true },
    'full-softmax': { type: 'boolean', default: false },
  },
});
const split = values.split as 'validation' | 'test';
const names = values.dataset ?? ['amazon-office-2014', 'movielens-latest-small'];
const rounds = Number(values.rounds);

/** `--variant` names, else every variant with `--grid`, else the build's recipe. */
const VARIANTS: readonly Variant[] = values.variant
  ? VARIANTS_TRIED.filter((v) => values.variant!.includes(v.name))
  : values.grid
    ? VARIANTS_TRIED
    : VARIANTS_TRIED.filter((v) => v.name === 'build');

/**
 * The page's lookup of a trained space. Every item is in it, so the map (which only places items
 * the build never saw) is left zero.
 */
function lookupOf(space: TrainedSpace, ids: readonly string[], inDims: number): LearnedLookup {
  const d = space.target.dims;
  const sides = space.query === space.target ? 1 : 2;
  const vectors = sides === 2 ? [space.query.vectors, space.target.vectors] : [space.target.vectors];
  const map = { inDims, outDims: d, weights: new Float32Array(inDims * d) };
  return new LearnedLookup({ map, sides, count: ids.length, vectors }, ids);
}

const fmt = (x: number) => x.toFixed(4);

/** Each shipped method of each task: without the space, with it, and the paired difference. */
function compare(without: TaskResult[], withSpace: TaskResult[]): string[] {
  const lines: string[] = [];
  for (const task of withSpace) {
    const base = without.find((t) => t.task === task.task);
    if (!base) continue;
    const boot = new Bootstrap(task.queries, rounds);
    for (const m of task.methods.filter((x) => x.kind === 'shipped')) {
      const b = base.methods.find((x) => x.name === m.name);
      if (!b?.perQuery || !m.perQuery) continue;
      const cells = task.metrics
        .filter((metric) => metric !== 'overlap8')
        .map((metric) => {
          const [x, y] = [b.perQuery![metric]!, m.perQuery![metric]!];
          const [lo, hi] = boot.difference(y, x);
          return `${metric} ${fmt(mean(x))} -> ${fmt(mean(y))} (${fmt(mean(y) - mean(x))} [${fmt(lo)}, ${fmt(hi)}])`;
        });
      lines.push(`  ${task.task} | ${m.name} | ${cells.join(' | ')}`);
    }
  }
  return lines;
}

for (const name of names) {
  const data = loadDataset(join(DATASETS_DIR, name));
  const { texts } = datasetTexts(data, undefined);
  const { vectors: raw } = await embeddedItems(data, texts);
  const input = { data, vectors: raw, texts };
  const modes = ['for-you', 'complements'] as const;
  const base = await evaluateModes(input, { split, modes, rounds });
  const tasks = (r: typeof base) => r.modes.flatMap((m) => m.tasks);
  const nextLogs = nextItemSplit(data, split).train;
  const coldLogs = data.sequences.map((s) => s.slice(1));
  for (const v of VARIANTS) {
    const recipe = data.items.length > 5000 && !values['full-softmax'] ? { ...v, train: { ...v.train, ...LARGE_TRAIN } } : v;
    const space = await trainSpace(raw, texts, nextLogs, recipe);
    const learned = lookupOf(space, raw.ids, raw.dims);
    const result = await evaluateModes(input, { split, modes, rounds, learned });
    const loss = space.loss.map((l) => l.toFixed(3));
    console.log(`${name} | ${v.name} | ${space.pairs} pairs, ${space.seconds.toFixed(1)} s, loss ${loss[0]} -> ${loss.at(-1)}`);
    const isCold = (t: TaskResult) => t.task.includes('cold');
    for (const line of compare(
      tasks(base),
      tasks(result).filter((t) => !isCold(t)),
    ))
      console.log(line);
    // Each cold task with a space whose logs never name its targets: the first items, and the
    // cold targets (items removed from the logs, placed by the map from their text alone).
    const targetLogs = coldStartSplit(nextItemSplit(data, split), data.items.length).train;
    for (const [logs, task] of [
      [coldLogs, 'cold visitor'],
      [targetLogs, 'cold targets'],
    ] as const) {
      const coldSpace = lookupOf(await trainSpace(raw, texts, logs, recipe), raw.ids, raw.dims);
      const cold = await evaluateModes(input, { split, modes: ['for-you'], rounds, learned: coldSpace });
      for (const line of compare(
        tasks(base),
        tasks(cold).filter((t) => t.task.includes(task)),
      ))
        console.log(line);
    }
  }
}
