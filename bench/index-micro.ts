/**
 * Micro benchmark of the vector indexes: build time, first-search (training) time and ms per
 * query, plus recall@10 against exact search, on seeded clustered unit vectors.
 * Prints one JSON object. Usage: npx tsx bench/index-micro.ts [--n 100000] [--dims 384]
 *   [--queries 50] [--kinds flat,int8,ivf,ivf-int8]
 */
import { clusteredVectors, makeKeys, recall, row } from '../src/index/fixtures.ts';
import { createIndex, type Hit, type IndexKind } from '../src/index/index.ts';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1]! : fallback;
}

const n = Number(arg('n', '100000'));
const dims = Number(arg('dims', '384'));
const queries = Number(arg('queries', '50'));
const kinds = arg('kinds', 'flat,int8,ivf,ivf-int8').split(',') as IndexKind[];
const k = 10;
const clusters = Math.max(10, Math.round(n / 100));

const data = clusteredVectors(n, dims, clusters, 1, 1);
const keys = makeKeys(n);
const qs = clusteredVectors(queries, dims, clusters, 1, 2);
let exact: Hit[][] | undefined;

const results: Record<string, unknown>[] = [];
for (const kind of ['flat' as const, ...kinds.filter((x) => x !== 'flat')]) {
  const index = createIndex(kind, dims);
  let t = performance.now();
  index.add(keys, data);
  const addMs = performance.now() - t;
  t = performance.now();
  index.search(row(qs, dims, 0), k); // trains int8 / IVF lazily
  const firstSearchMs = performance.now() - t;
  for (let q = 0; q < Math.min(5, queries); q++) index.search(row(qs, dims, q), k); // JIT warm-up
  const hits: Hit[][] = [];
  t = performance.now();
  for (let q = 0; q < queries; q++) hits.push(index.search(row(qs, dims, q), k));
  const msPerQuery = (performance.now() - t) / queries;
  exact ??= hits;
  const r = hits.reduce((sum, h, q) => sum + recall(h, exact![q]!), 0) / queries;
  if (kinds.includes(kind)) {
    results.push({ kind, addMs: round(addMs), firstSearchMs: round(firstSearchMs), msPerQuery: round(msPerQuery), recallAt10: round(r, 4), memoryMB: round(index.memoryBytes() / 2 ** 20) });
  }
}
console.log(JSON.stringify({ n, dims, queries, k, clusters, node: process.version, results }, null, 2));

function round(x: number, digits = 2): number {
  return Number(x.toFixed(digits));
}
