/**
 * `npm run eval [-- --data <folder>]... [--text-field <name>] [--dtype q8|fp32]
 *   [--rounds 1000] [--max-queries N] [--baselines-only] [--out eval/results]`
 *
 * Evaluates the library's ranking on every dataset folder given (a folder holding `derived/`, or a
 * folder of such folders; default ../shared/datasets), prints a JSON report and a markdown table,
 * and writes both to `--out`. Vectors come from the library's encoder in Node, cached under
 * .cache/vectors (see tools/embed-cache.ts). The data are read at run time and never copied.
 */
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DATASETS_DIR, ROOT } from '../test/paths.ts';
import { embedCached } from '../tools/embed-cache.ts';
import { loadDataset } from './dataset.ts';
import { evaluate, type TaskResult } from './evaluate.ts';
import { ItemVectors } from './methods.ts';
import { markdownReport } from './report.ts';
import { datasetTexts } from './texts.ts';

const { values: args } = parseArgs({
  options: {
    data: { type: 'string', multiple: true },
    'text-field': { type: 'string' },
    dtype: { type: 'string', default: 'q8' },
    rounds: { type: 'string', default: '1000' },
    'max-queries': { type: 'string' },
    'baselines-only': { type: 'boolean', default: false },
    out: { type: 'string', default: join(ROOT, 'eval', 'results') },
  },
});
if (args.dtype !== 'q8' && args.dtype !== 'fp32') throw new Error(`--dtype must be q8 or fp32, got ${args.dtype}`);
const dtype = args.dtype;

/** Dataset folders: each argument is one (has derived/) or holds several. */
function datasetDirs(inputs: readonly string[]): string[] {
  const dirs: string[] = [];
  for (const input of inputs) {
    const dir = resolve(input);
    if (!existsSync(dir)) throw new Error(`${dir} does not exist (expected a dataset folder with derived/, or a folder of them)`);
    if (existsSync(join(dir, 'derived'))) {
      dirs.push(dir);
      continue;
    }
    for (const sub of readdirSync(dir).sort()) if (existsSync(join(dir, sub, 'derived'))) dirs.push(join(dir, sub));
  }
  if (!dirs.length) throw new Error(`no dataset folders with derived/ found in ${inputs.join(', ')}`);
  return dirs;
}

const reports: { dataset: string; items: number; users: number; text: string; encoder?: Record<string, unknown>; tasks: TaskResult[] }[] =
  [];
const markdown: string[] = [];
for (const dir of datasetDirs(args.data ?? [DATASETS_DIR])) {
  const data = loadDataset(dir);
  const hasTasks = data.sequences.length > 0 || data.relevance.length > 0;
  if (!hasTasks) {
    console.error(`${data.name}: no interactions and no relevance lists, nothing to evaluate (skipped)`);
    continue;
  }
  const { texts, rule } = datasetTexts(data, args['text-field']);
  let vectors: ItemVectors | undefined;
  let int8Vectors: ItemVectors | undefined;
  let encoder: Record<string, unknown> | undefined;
  if (!args['baselines-only']) {
    const embedded = await embedCached(texts, {
      name: data.name,
      dtype,
      onProgress: (done, total) => done % 1024 < 32 && console.error(`${data.name}: embedded ${done}/${total}`),
    });
    const ids = data.items.map((i) => i.id);
    vectors = new ItemVectors(ids, embedded.vectors, embedded.dims, 'flat');
    int8Vectors = new ItemVectors(ids, embedded.vectors, embedded.dims, 'int8');
    encoder = {
      model: 'use-lite-en',
      dims: embedded.dims,
      dtype,
      runtime: `onnxruntime-node ${process.version}`,
      fromCache: embedded.fromCache,
      embedSeconds: Math.round(embedded.ms / 100) / 10,
    };
  }
  const start = performance.now();
  const tasks = evaluate(data, {
    vectors,
    int8Vectors,
    rounds: Number(args.rounds),
    maxQueries: args['max-queries'] ? Number(args['max-queries']) : undefined,
    onProgress: (m) => console.error(`${data.name}: ${m}`),
  });
  const users = data.sequences.length;
  console.error(`${data.name}: evaluated in ${((performance.now() - start) / 1000).toFixed(1)} s`);
  reports.push({ dataset: data.name, items: data.items.length, users, text: rule, encoder, tasks });
  const cond = `${data.items.length.toLocaleString('en-US')} items, ${users.toLocaleString('en-US')} users; text: ${rule}; ${encoder ? `encoder use-lite-en ${dtype} (${encoder.dims}-d) in Node` : 'baselines only'}`;
  markdown.push(markdownReport(data.name, cond, tasks));
}

const json = {
  eval: 'inpage-rec quality',
  date: new Date().toISOString(),
  protocol: 'leave-last-out next item and item-to-item, full ranking, history excluded, ties counted as their expectation',
  reports,
};
mkdirSync(args.out!, { recursive: true });
writeFileSync(join(args.out!, 'eval.json'), JSON.stringify(json, null, 2));
writeFileSync(join(args.out!, 'eval.md'), markdown.join('\n'));
console.log(JSON.stringify(json, null, 2));
console.log(`\n${markdown.join('\n')}`);
