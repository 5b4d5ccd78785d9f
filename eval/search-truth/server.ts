/**
 * `npx tsx eval/search-truth/server.ts [--data <folder>]... [--split validation|test|all]`
 *
 * The server path's search (issue 31: `inpage-rec serve`, src/server/queries.ts) on the same judged
 * queries as the page's: each shared catalog is loaded into an in-process PGlite with pgvector
 * (`loadDatabase`, as `inpage-rec build --to` does) and asked `{ mode: 'search', query, vector }`
 * with the query's vector, as a page with its encoder loaded sends it. Beside it, in the same
 * process, the page's own hybrid search. Default split: validation, where the server's fusion is
 * chosen.
 */
import { parseArgs } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { loadDatabase } from '../../src/server/load.ts';
import { rank } from '../../src/server/queries.ts';
import { SEARCH_SETTINGS } from '../../src/server/sql-client.ts';
import { evaluateSearchTruth, type SearchMethod } from './evaluate.ts';
import { truthSummary, truthTable } from './report.ts';
import { shippedMethods, TRUTH_K, truthCatalogs } from './shipped.ts';

const { values } = parseArgs({
  options: { data: { type: 'string', multiple: true }, split: { type: 'string', default: 'validation' } },
});
const split = values.split as 'validation' | 'test' | 'all';
if (!['validation', 'test', 'all'].includes(split)) throw new Error(`--split must be validation, test or all, got ${split}`);
const databases = new Map<string, PGlite>();
const catalogs = await truthCatalogs(values.data ?? undefined, async ({ catalog: { data } }, texts, embedded) => {
  const pg = await PGlite.create({ extensions: { vector } });
  const start = performance.now();
  await loadDatabase(pg, {
    model: { key: 'use-lite-en:512:q8', dims: embedded.dims },
    textRule: '0'.repeat(64),
    items: data.items.map((it, row) => ({ key: it.id, hash: it.id, item: it.raw, text: texts[row] ?? '' })),
    vectors: embedded.vectors,
  });
  await pg.query(SEARCH_SETTINGS);
  console.error(`${data.name}: ${data.items.length} items loaded into PGlite in ${((performance.now() - start) / 1000).toFixed(1)} s`);
  databases.set(data.name, pg);
});

const server: SearchMethod = async (q) => {
  const found = catalogs.find((c) => c.catalog.data.name === q.dataset)!;
  const v = found.catalog.queryVectors.get(q.text);
  const answer = await rank(databases.get(q.dataset)!, {
    mode: 'search',
    query: q.text.slice(0, 512),
    ...(v ? { vector: Array.from(v) } : {}),
    k: TRUTH_K,
    exclude: [],
  });
  return answer.items.flatMap((x) => {
    const row = found.catalog.data.rowOf.get(String(x.id));
    return row === undefined ? [] : [row];
  });
};

const start = performance.now();
const result = await evaluateSearchTruth(
  catalogs.flatMap((c) => c.queries),
  { hybrid: shippedMethods(catalogs).hybrid, server },
  split,
);
console.error(`${result.queries.length} queries in ${((performance.now() - start) / 1000).toFixed(1)} s`);
const splits: ('validation' | 'test')[] = split === 'all' ? ['validation', 'test'] : [split];
for (const s of splits) console.log(`${truthSummary(result, s)}\n\n${truthTable(result, s)}\n`);
for (const pg of databases.values()) await pg.close();
