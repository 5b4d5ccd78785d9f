/**
 * `npm run eval:text-rules [-- --data <folder>]...`: the text rule itself, measured. Each variant
 * of the library's text rule (which fields, in which order, whether every other field is flattened
 * in) embeds the catalog again (cached), and is scored on the VALIDATION split by the content-only
 * "for you" blend (the number the choice is made on) and, for information only, by similar()
 * NDCG@10 on the item-to-item lists. Writes eval/results/text-rules.md.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { itemText } from '../src/catalog/index.ts';
import { CONTENT_BLEND, ScoreCalibration } from '../src/recommend/index.ts';
import type { TextRule } from '../src/types/index.ts';
import { DATASETS_DIR, ROOT } from '../test/paths.ts';
import { tableHr10, userTables } from './blend-eval.ts';
import { Bootstrap, mean } from './bootstrap.ts';
import { datasetDirs, loadDataset } from './dataset.ts';
import { embeddedItems } from './embedded-items.ts';
import { textWarnings } from './inputs.ts';
import { similarScorer } from './methods.ts';
import { setMetrics } from './metrics.ts';
import { nextItemSplit } from './split.ts';

/** The variants: the default rule, then one change each. */
export const TEXT_RULES: { name: string; rule: TextRule }[] = [
  { name: 'default (title, name, brand, category, tags, description; others flattened as "key: value")', rule: {} },
  { name: 'no flattening (listed fields only)', rule: { flattenOthers: false } },
  {
    name: 'categories and genres as bare fields, after brand',
    rule: { fields: ['title', 'name', 'brand', 'category', 'categories', 'genres', 'tags', 'description'] },
  },
  {
    name: 'a prepared "text" field as a bare field, first',
    rule: { fields: ['text', 'title', 'name', 'brand', 'category', 'tags', 'description'] },
  },
  { name: 'prepared "text" fields left out', rule: { exclude: ['text', 'text_with_tags'] } },
];

const { values: args } = parseArgs({
  options: { data: { type: 'string', multiple: true }, out: { type: 'string', default: join(ROOT, 'eval', 'results') } },
});
const f = (x: number) => x.toFixed(4).replace(/^0\./, '.').replace(/^-0\./, '-.');
const out = [
  '## Text rule variants',
  '',
  'Validation split, content-only for-you blend (the choice); similar() NDCG@10 on the item-to-item lists for information.',
  '',
];
for (const dir of datasetDirs(args.data ?? [DATASETS_DIR])) {
  const data = loadDataset(dir);
  if (!data.sequences.length) continue;
  const exclude = data.relevance.map((r) => r.field);
  const split = nextItemSplit(data, 'validation');
  const header = ['rule', 'example text', 'validation HR@10 [Δ vs default]', ...exclude.map((x) => `${x} NDCG@10`)];
  out.push(`### ${data.name}`, '', `| ${header.join(' | ')} |`, `|${header.map(() => '---|').join('')}`);
  let base: Float64Array | undefined;
  const seen = new Set<string>();
  const boot = new Bootstrap(split.users.length, 1000);
  for (const variant of TEXT_RULES) {
    const texts = data.items.map((i) => itemText(i.raw, { ...variant.rule, exclude: [...(variant.rule.exclude ?? []), ...exclude] }));
    const warnings = textWarnings(data.name, texts);
    if (warnings.length) {
      out.push(`| ${variant.name} | (skipped: ${warnings.join('; ')}) | | |`);
      continue;
    }
    if (seen.has(texts.join('\0'))) {
      out.push(`| ${variant.name} | (the same texts as a variant above) | | |`);
      continue;
    }
    seen.add(texts.join('\0'));
    console.error(`${data.name}: ${variant.name}`);
    const { vectors, embedded: emb } = await embeddedItems(data, texts);
    const cal = ScoreCalibration.fromVectors(emb.vectors, emb.dims);
    const hr = tableHr10(userTables(vectors, split, undefined), CONTENT_BLEND, cal);
    base ??= hr;
    const [lo, hi] = boot.difference(hr, base);
    const sim = similarScorer(vectors);
    const ndcg = data.relevance.map((task) =>
      mean(Float64Array.from(task.queries, (q) => setMetrics(sim(q.row), q.row, q.relevant).ndcg10)),
    );
    const example = texts[0]!.length > 90 ? `${texts[0]!.slice(0, 90)}…` : texts[0]!;
    const cells = [variant.name, example.replace(/\|/g, '/'), `${f(mean(hr))} [${f(lo)}, ${f(hi)}]`, ...ndcg.map(f)];
    out.push(`| ${cells.join(' | ')} |`);
  }
  out.push('');
}
mkdirSync(args.out!, { recursive: true });
writeFileSync(join(args.out!, 'text-rules.md'), out.join('\n'));
console.log(out.join('\n'));
