/**
 * `npx tsx eval/search-truth/run.ts [--data <folder>]... [--split validation|test|all]`
 *
 * The search-truth evaluation alone (it is also a section of `npm run eval`): the shipped
 * hybrid, keyword and vector search on the judged queries of every shared catalog, one split
 * (default validation: where a ranking change is judged before a default changes). Vectors come
 * from the cache the eval fills (tools/embed-cache.ts).
 */
import { parseArgs } from 'node:util';
import { evaluateSearchTruth } from './evaluate.ts';
import { truthSummary, truthTable } from './report.ts';
import { shippedMethods, truthCatalogs } from './shipped.ts';

const { values } = parseArgs({
  options: { data: { type: 'string', multiple: true }, split: { type: 'string', default: 'validation' } },
});
const split = values.split as 'validation' | 'test' | 'all';
if (!['validation', 'test', 'all'].includes(split)) throw new Error(`--split must be validation, test or all, got ${split}`);
const catalogs = await truthCatalogs(values.data ?? undefined);
const start = performance.now();
const methods = shippedMethods(catalogs);
const result = await evaluateSearchTruth(
  catalogs.flatMap((c) => c.queries),
  { hybrid: methods.hybrid, keyword: methods.keyword, vector: methods.vector },
  split,
);
console.error(`${result.queries.length} queries in ${((performance.now() - start) / 1000).toFixed(1)} s`);
const splits: ('validation' | 'test')[] = split === 'all' ? ['validation', 'test'] : [split];
for (const s of splits) console.log(`${truthSummary(result, s)}\n\n${truthTable(result, s)}\n`);
