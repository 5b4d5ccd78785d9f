/**
 * `npx tsx eval/search-truth/pool.ts <dataset folder> <queries.tsv> [--depth 20] [--rule-top 10]`
 *
 * Prints the candidate pool of each hand query for judging (docs/search-truth.md): the top 20 of
 * keyword search (the catalog's KeywordIndex), the top 20 of vector search (query and items
 * embedded by the shipped encoder, q8, cached as the eval does) and the top 10 items, by
 * popularity, satisfying the query's rule. Each line of queries.tsv is `query<TAB>rule`, the rule
 * being concepts of the dataset's table joined by `+` (all must hold) and `/regex/` terms over the
 * item's text. A candidate shows its id, the sources that found it (K keyword, V vector, R rule)
 * and what a judge reads: the title, genres and tags, price, or the text.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { embedCached } from '../../tools/embed-cache.ts';
import { type Dataset, loadDataset } from '../dataset.ts';
import { ItemVectors } from '../methods.ts';
import { EvalCatalog } from '../mode-context.ts';
import { datasetTexts } from '../texts.ts';
import { movieConcepts } from './movielens-queries.ts';
import { officeConcepts } from './office-queries.ts';
import { steamConcepts } from './steam-concepts.ts';
import type { Concept } from './types.ts';

const TABLES: Record<string, (data: Dataset) => Record<string, Concept>> = {
  'steam-games-catalog': steamConcepts,
  'amazon-office-2014': officeConcepts,
  'movielens-latest-small': movieConcepts,
};

/** What a judge reads of an item: one line. */
export function itemLine(data: Dataset, row: number): string {
  const raw = data.items[row]!.raw;
  const list = (v: unknown, n: number) => (Array.isArray(v) ? v.slice(0, n).join(', ') : '');
  if (data.name === 'steam-games-catalog') {
    const dlc = list(raw.specs, 99).includes('Downloadable Content') ? ' [DLC]' : '';
    return `${raw.title}${dlc} | ${list(raw.genres, 9)} | ${list(raw.tags, 12)} | ${raw.price ?? ''}`;
  }
  if (data.name === 'movielens-latest-small') return `${raw.title} | ${list(raw.genres, 9)} | ${list(raw.tags, 8)}`;
  return String(raw.text ?? raw.title ?? '');
}

/** Popularity by row: interactions when the dataset has them, else the number of tags (Steam: players' votes). */
function popularity(data: Dataset): Float64Array {
  const out = new Float64Array(data.items.length);
  if (data.sequences.length) for (const s of data.sequences) for (const r of s) out[r]! += 1;
  else for (const it of data.items) out[it.row] = Array.isArray(it.raw.tags) ? it.raw.tags.length : 0;
  return out;
}

/** The rows satisfying `rule`, most popular first. */
function ruleRows(data: Dataset, texts: readonly string[], rule: string, pop: Float64Array): number[] {
  const table = TABLES[data.name]?.(data) ?? {};
  const terms = rule
    .split('+')
    .map((t) => t.trim())
    .filter(Boolean)
    .map((t): ((row: number) => boolean) => {
      if (t.startsWith('/')) {
        const re = new RegExp(t.slice(1, t.lastIndexOf('/')), 'i');
        return (row) => re.test(texts[row]!);
      }
      const c = table[t];
      if (!c) throw new Error(`unknown concept ${t}`);
      return (row) => c.member[row] === 1;
    });
  if (!terms.length) return [];
  return data.items
    .map((i) => i.row)
    .filter((row) => terms.every((f) => f(row)))
    .sort((a, b) => pop[b]! - pop[a]!);
}

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { depth: { type: 'string', default: '20' }, 'rule-top': { type: 'string', default: '10' } },
});
const [dir, file] = positionals;
if (!dir || !file) throw new Error('usage: pool.ts <dataset folder> <queries.tsv>');
const data = loadDataset(dir);
const { texts } = datasetTexts(data, undefined);
const embedded = await embedCached(texts, { name: data.name, dtype: 'q8' });
const vectors = new ItemVectors(
  data.items.map((i) => i.id),
  embedded.vectors,
  embedded.dims,
  'flat',
);
const catalog = new EvalCatalog(data, vectors, texts);
const lines = readFileSync(file, 'utf8')
  .split('\n')
  .filter((l) => l.trim());
const queries = lines.map((l) => l.split('\t'));
const qv = (
  await embedCached(
    queries.map((q) => q[0]!),
    { name: `${data.name}-truth-pool`, dtype: 'q8' },
  )
).vectors;
const pop = popularity(data);
const depth = Number(values.depth);
queries.forEach(([text, rule], qi) => {
  const found = new Map<number, string>();
  const add = (rows: readonly number[], tag: string) => {
    for (const r of rows) found.set(r, (found.get(r) ?? '') + tag);
  };
  add(catalog.rows(catalog.keyword.search(text!, depth, undefined, new Set())), 'K');
  add(catalog.rows(vectors.index.search(qv.subarray(qi * vectors.dims, (qi + 1) * vectors.dims), depth)), 'V');
  add(ruleRows(data, texts, rule ?? '', pop).slice(0, Number(values['rule-top'])), 'R');
  console.log(`\n## ${text}   (rule: ${rule ?? ''}; ${found.size} candidates)`);
  for (const [row, tags] of found) console.log(`${data.items[row]!.id}\t${tags}\t${itemLine(data, row)}`);
});
