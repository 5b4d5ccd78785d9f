/**
 * `npx tsx bench/remote-index-kinds.ts [--items 32135] [--queries 200]`: which pgvector index the
 * server path builds (issue 31, point 1), chosen on a recall bench. Two candidates on the same
 * vectors, one after the other in one PGlite (pgvector 0.8.7, one WASM thread):
 *
 * - HNSW on halfvec by cosine (what src/server/schema.ts builds), `ef_search` 100;
 * - HNSW on the binary quantization (`binary_quantize(embedding)::bit(dims)`, Hamming distance),
 *   then a re-rank of its first `c` candidates by the halfvec cosine (pgvector's documented recipe),
 *   for c in 40, 100 and 200 (`ef_search` = max(100, c)).
 *
 * Measured for each: build time, index size, recall@10 against an exact float32 scan (an item's own
 * vector as the query, itself left out: what "for you" with one item asks) and the p50 / p95 of one
 * query in SQL (no HTTP: bench/remote.ts measures the endpoint). Real Steam vectors only (all 32,135
 * by default): perturbed copies would make near-duplicate clusters that flatter neither kind.
 * Writes bench/results/remote-index-kinds.json; no number fails it.
 */
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { Prng } from '../src/vector-index/prng.ts';
import { writeResult } from './results.ts';
import { steamVectors } from './steam-vectors.ts';

const log = (line: string) => console.log(`[remote-index-kinds] ${line}`);
const { values } = parseArgs({ options: { items: { type: 'string', default: '32135' }, queries: { type: 'string', default: '200' } } });

const real = await steamVectors(Number(values.items), log);
const all = new Float32Array(readFileSync(real.file).buffer.slice(0));
const dims = real.dims;
// Items with a vector (a text-less item's is zero, and the database stores no vector for it).
const rows = Array.from({ length: real.rows }, (_, i) => i).filter((i) => all.subarray(i * dims, (i + 1) * dims).some((x) => x !== 0));
const N = rows.length;
const rng = new Prng(5);
const queries = Array.from({ length: Number(values.queries) }, () => rows[Math.floor(rng.next() * N)]!);

/** The exact top 10 of row `q` (itself left out), by dot product of unit vectors. */
function exactTop10(q: number): number[] {
  const scores: [number, number][] = [];
  for (const i of rows) {
    if (i === q) continue;
    let s = 0;
    for (let d = 0; d < dims; d++) s += all[i * dims + d]! * all[q * dims + d]!;
    scores.push([s, i]);
  }
  return scores
    .sort((a, b) => b[0] - a[0])
    .slice(0, 10)
    .map(([, i]) => i);
}
log(`${N} items x ${dims} dims; exact top 10 of ${queries.length} queries...`);
const truth = queries.map(exactTop10);
const text = (i: number) => `[${Array.from(all.subarray(i * dims, (i + 1) * dims), (x) => x.toFixed(6)).join(',')}]`;

const pg = await PGlite.create({ extensions: { vector } });
await pg.exec(`CREATE EXTENSION vector; CREATE TABLE t (key integer PRIMARY KEY, embedding halfvec(${dims}) NOT NULL)`);
for (let at = 0; at < N; at += 500) {
  const batch = rows.slice(at, at + 500);
  await pg.query('INSERT INTO t SELECT k, v::halfvec FROM unnest($1::int[], $2::text[]) AS u(k, v)', [batch, batch.map(text)]);
}
await pg.exec("SET maintenance_work_mem = '512MB'; SET hnsw.iterative_scan = 'relaxed_order'");

const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;

/** Builds `index`, runs every query with `sql` ($1 the vector, $2 the key to leave out), drops it. */
async function measure(name: string, index: string, runs: { label: string; efSearch: number; sql: string }[]) {
  const t0 = performance.now();
  await pg.exec(`CREATE INDEX kind ON t USING ${index}`);
  const buildMs = performance.now() - t0;
  const bytes = Number((await pg.query<{ b: number }>("SELECT pg_relation_size('kind')::float8 AS b")).rows[0]!.b);
  log(`${name}: built in ${(buildMs / 1000).toFixed(1)} s, ${(bytes / N).toFixed(0)} B an item`);
  const results = [];
  for (const run of runs) {
    await pg.exec(`SET hnsw.ef_search = ${run.efSearch}`);
    let hits = 0;
    const times: number[] = [];
    for (const [j, q] of queries.entries()) {
      const s = performance.now();
      const got = (await pg.query<{ key: number }>(run.sql, [text(q), q])).rows.map((r) => r.key);
      times.push(performance.now() - s);
      hits += got.filter((k) => truth[j]!.includes(k)).length;
    }
    const result = { label: run.label, recall: hits / (10 * queries.length), p50: percentile(times, 0.5), p95: percentile(times, 0.95) };
    log(`  ${run.label}: recall@10 ${result.recall.toFixed(4)}, p50 ${result.p50.toFixed(1)} ms, p95 ${result.p95.toFixed(1)} ms`);
    results.push(result);
  }
  await pg.exec('DROP INDEX kind');
  return { name, buildMs, bytesPerItem: bytes / N, runs: results };
}

const halfvec = await measure('HNSW on halfvec (cosine)', 'hnsw (embedding halfvec_cosine_ops)', [
  { label: 'ef_search 100', efSearch: 100, sql: 'SELECT key FROM t WHERE key <> $2 ORDER BY embedding <=> $1::halfvec LIMIT 10' },
]);
const bit = `binary_quantize(embedding)::bit(${dims})`;
const binary = await measure('HNSW on binary quantization (Hamming) + re-rank', `hnsw ((${bit}) bit_hamming_ops)`, [
  ...[40, 100, 200].map((c) => ({
    label: `re-rank ${c}`,
    efSearch: Math.max(100, c),
    sql: `SELECT key FROM (SELECT key, embedding FROM t WHERE key <> $2 ORDER BY ${bit} <~> binary_quantize($1::halfvec)::bit(${dims}) LIMIT ${c}) c
          ORDER BY c.embedding <=> $1::halfvec LIMIT 10`,
  })),
]);
await pg.close();

writeResult('remote-index-kinds', {
  benchmark: 'remote-index-kinds',
  conditions: {
    machine: `${cpus().length} cores (${cpus()[0]?.model ?? '?'}), Node ${process.version}`,
    database: 'PGlite 0.5.14 (Postgres in WASM, one thread), pgvector 0.8.7; HNSW m 16, ef_construction 64; iterative scan relaxed',
    data: `${N} real Steam vectors (use-lite-en q8, 512-d), the text-less items left out`,
    measured: `recall@10 against an exact float32 scan for ${queries.length} random items (own vector as the query, itself left out); one SQL query's time in-process`,
  },
  items: N,
  kinds: [halfvec, binary],
});
log('wrote bench/results/remote-index-kinds.json');
