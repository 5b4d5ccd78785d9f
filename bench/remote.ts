/**
 * `npx tsx bench/remote.ts [--items 100000] [--queries 200] [--seconds 10] [--clients 8] [--real-texts 32135]`:
 * the Postgres + pgvector path (issue 31) on this machine, end to end: PGlite with pgvector behind
 * `@electric-sql/pglite-socket` on a loopback port, the endpoint (`inpage-rec serve`'s handler) on
 * `pg`'s pool, HTTP clients on the same machine. Steam-derived items: the real texts and vectors of
 * `--real-texts` Steam items (all of them by default: the first run embeds them, ~3 min) and seeded
 * perturbed copies (bench/warm-start-data.ts's recipe). Few real items and many copies make tight
 * clusters of near-duplicates that HNSW (m 16) links only within: 3,000 real items at 100,000 gave
 * recall .74 (docs/notes/remote.md).
 *
 * Measured: the load (rows, words and the HNSW index), recall@10 of the vector index (an item's own
 * vector as a "for you" profile) against an exact float32 scan, p50 / p95 of one similar request
 * (the content blend) and of one search with one client, and requests per second with `--clients` concurrent
 * clients. Beside it, in the same process, the in-page default index for that size (`autoIndex`)
 * on the same vectors: recall@10 and the time of one search. Writes
 * bench/results/remote.json; no number fails it.
 */

import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { createRequestHandler } from '../src/server/handler.ts';
import { loadDatabase } from '../src/server/load.ts';
import { listen } from '../src/server/node-server.ts';
import { openDatabase } from '../src/server/sql-client.ts';
import { autoIndex, createIndex } from '../src/vector-index/index.ts';
import { Prng } from '../src/vector-index/prng.ts';
import { freePort } from '../test/helpers/free-port.ts';
import { writeResult } from './results.ts';
import { steamTexts } from './steam.ts';
import { steamVectors } from './steam-vectors.ts';

const log = (line: string) => console.log(`[remote] ${line}`);
const { values } = parseArgs({
  options: {
    items: { type: 'string', default: '100000' },
    queries: { type: 'string', default: '200' },
    seconds: { type: 'string', default: '10' },
    clients: { type: 'string', default: '8' },
    'real-texts': { type: 'string', default: '32135' },
  },
});
const N = Number(values.items);
const Q = Number(values.queries);

/** `n` unit vectors: the real ones, then perturbed copies (cos to their source ~ 0.91). */
async function benchVectors(n: number): Promise<{ dims: number; data: Float32Array }> {
  const real = await steamVectors(Number(values['real-texts']), log);
  const base = new Float32Array(readFileSync(real.file).buffer.slice(0));
  const dims = real.dims;
  const count = base.length / dims;
  const data = new Float32Array(n * dims);
  const rng = new Prng(11);
  for (let i = 0; i < n; i++) {
    const src = (i % count) * dims;
    let norm = 0;
    for (let d = 0; d < dims; d++) {
      const x = base[src + d]! + (i < count ? 0 : (0.45 / Math.sqrt(dims)) * rng.gaussian());
      data[i * dims + d] = x;
      norm += x * x;
    }
    // A text-less item's vector is zero: it stays zero (the database stores it as NULL).
    if (norm > 0) for (let d = 0; d < dims; d++) data[i * dims + d]! /= Math.sqrt(norm);
  }
  return { dims, data };
}

/** The exact top 10 of row `q` (itself left out), by dot product of unit vectors. */
function exactTop10(data: Float32Array, dims: number, q: number): string[] {
  const scores: [number, number][] = [];
  for (let i = 0; i < data.length / dims; i++) {
    if (i === q) continue;
    let s = 0;
    for (let d = 0; d < dims; d++) s += data[i * dims + d]! * data[q * dims + d]!;
    scores.push([s, i]);
  }
  return scores
    .sort((a, b) => b[0] - a[0])
    .slice(0, 10)
    .map(([, i]) => `i${i}`);
}

const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;

const { dims, data } = await benchVectors(N);
const rng = new Prng(5);
const queries = Array.from({ length: Q }, () => Math.floor(rng.next() * N));
log(`${N} items x ${dims} dims; exact top-10 of ${Q} queries...`);
const truth = queries.map((q) => exactTop10(data, dims, q));

// Each item's text: its source's Steam text (a copy says which copy it is), for the word statistics.
const realTexts = steamTexts(Number(values['real-texts']));
const textOf = (i: number) =>
  `${realTexts[i % realTexts.length]}${i < realTexts.length ? '' : ` (copy ${Math.floor(i / realTexts.length)})`}`;
const pg = await PGlite.create({ extensions: { vector } });
const t0 = performance.now();
await loadDatabase(pg, {
  model: { key: 'use-lite-en:512:q8', dims },
  textRule: '0'.repeat(64),
  items: Array.from({ length: N }, (_, i) => ({
    key: `i${i}`,
    hash: `h${i}`,
    item: { id: `i${i}`, title: textOf(i).slice(0, 80) },
    text: textOf(i),
  })),
  vectors: data,
});
const loadMs = performance.now() - t0;
log(`loaded into PGlite (rows + HNSW index) in ${(loadMs / 1000).toFixed(1)} s`);
const port = await freePort();
const socket = new PGLiteSocketServer({ db: pg, port, host: '127.0.0.1', maxConnections: 16 });
await socket.start();
const db = await openDatabase(`postgres://postgres@127.0.0.1:${port}/postgres`, { pool: true });
const server = await listen(await createRequestHandler(db.sql, { rate: { perSecond: 1e9, burst: 1e9 } }));
const post = async (body: object) => {
  const r = await fetch(server.url, { method: 'POST', body: JSON.stringify(body) });
  return ((await r.json()) as { items: { id: string }[] }).items.map((x) => x.id);
};
// What a product page asks: similar (the content blend: HNSW and word candidates, src/server/similar-blend.ts).
const ask = (item: string, k = 10) => post({ mode: 'similar', item, k });

// Recall of the vector index: an item's own vector as the query ("for you" with one item), itself left out.
let hits = 0;
for (const [j, q] of queries.entries()) {
  const profile = Array.from(data.subarray(q * dims, (q + 1) * dims));
  const got = await post({ mode: 'forYou', profile, exclude: [`i${q}`], k: 10 });
  hits += got.filter((id) => truth[j]!.includes(id)).length;
}
// Single-client latency of similar.
const single: number[] = [];
for (const q of queries) {
  const s = performance.now();
  await ask(`i${q}`);
  single.push(performance.now() - s);
}
const recall = hits / (10 * Q);
log(
  `server: recall@10 ${recall.toFixed(4)}, one client p50 ${percentile(single, 0.5).toFixed(1)} ms, p95 ${percentile(single, 0.95).toFixed(1)} ms`,
);

// Single-client latency of search: an item's first two title words as the query, its vector as the
// query's (the page sends one), so most queries hold words many items hold too, and re-rank (search-feedback.ts).
const searchTimes: number[] = [];
for (const q of queries) {
  const query = textOf(q)
    .split(/[^\p{L}]+/u)
    .filter(Boolean)
    .slice(0, 2)
    .join(' ');
  const s = performance.now();
  await post({ mode: 'search', query, vector: Array.from(data.subarray(q * dims, (q + 1) * dims)), k: 10 });
  searchTimes.push(performance.now() - s);
}
log(`server search: one client p50 ${percentile(searchTimes, 0.5).toFixed(1)} ms, p95 ${percentile(searchTimes, 0.95).toFixed(1)} ms`);

// Throughput with concurrent clients.
const clients = Number(values.clients);
const until = performance.now() + Number(values.seconds) * 1000;
const concurrent: number[] = [];
await Promise.all(
  Array.from({ length: clients }, async (_, c) => {
    const local = new Prng(100 + c);
    while (performance.now() < until) {
      const s = performance.now();
      await ask(`i${Math.floor(local.next() * N)}`);
      concurrent.push(performance.now() - s);
    }
  }),
);
const rps = concurrent.length / Number(values.seconds);
log(
  `${clients} clients: ${rps.toFixed(0)} requests/s, p50 ${percentile(concurrent, 0.5).toFixed(1)} ms, p95 ${percentile(concurrent, 0.95).toFixed(1)} ms`,
);
await server.close();
await db.close();
await socket.stop();
await pg.close();

// The in-page default index on the same vectors (Node, one thread).
const auto = autoIndex(N);
const index = createIndex(auto.kind, dims, auto.options);
const keys = Array.from({ length: N }, (_, i) => `i${i}`);
const tIndex = performance.now();
index.add(keys, data);
index.train();
const indexBuildMs = performance.now() - tIndex;
const pageTimes: number[] = [];
let pageHits = 0;
for (const [j, q] of queries.entries()) {
  const s = performance.now();
  const got = index
    .search(data.subarray(q * dims, (q + 1) * dims), 11)
    .map((h) => h.key)
    .filter((k) => k !== `i${q}`)
    .slice(0, 10);
  pageTimes.push(performance.now() - s);
  pageHits += got.filter((id) => truth[j]!.includes(id)).length;
}
const pageRecall = pageHits / (10 * Q);
log(
  `in-page ${auto.kind} index: recall@10 ${pageRecall.toFixed(4)}, search p50 ${percentile(pageTimes, 0.5).toFixed(2)} ms, built in ${(indexBuildMs / 1000).toFixed(1)} s`,
);

writeResult('remote', {
  benchmark: 'remote',
  conditions: {
    machine: `${cpus().length} cores (${cpus()[0]?.model ?? '?'}), Node ${process.version}`,
    database:
      'PGlite 0.5.14 (Postgres in WASM, one thread) with pgvector 0.8.7, HNSW on halfvec (m 16, ef_construction 64, ef_search 100, iterative scan relaxed), behind @electric-sql/pglite-socket on 127.0.0.1',
    endpoint: "inpage-rec serve's handler (src/server) on node:http, pg Pool of 8; clients: fetch on the same machine",
    data: `${N} Steam-derived items: ${values['real-texts']} real texts and vectors, the rest perturbed copies (cos ~0.91 to their source, its text)`,
    measured: `recall@10 of the vector index (forYou with an item's own vector, k=10) against an exact float32 scan for ${Q} random items; similar(k=10) and search(k=10: an item's first two title words, its vector) latency with one client, then similar with ${clients} clients for ${values.seconds} s`,
  },
  items: N,
  loadMs,
  server: {
    recall,
    single: { p50: percentile(single, 0.5), p95: percentile(single, 0.95) },
    search: { p50: percentile(searchTimes, 0.5), p95: percentile(searchTimes, 0.95) },
    concurrent: { clients, rps, p50: percentile(concurrent, 0.5), p95: percentile(concurrent, 0.95) },
  },
  page: { kind: auto.kind, recall: pageRecall, searchP50: percentile(pageTimes, 0.5), buildMs: indexBuildMs },
});
log('wrote bench/results/remote.json');
