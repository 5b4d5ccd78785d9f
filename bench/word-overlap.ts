/**
 * `npx tsx bench/word-overlap.ts [--quick]`: what word overlap (src/recommend/word-overlap.ts) costs
 * at catalog sizes up to 100k, in Node (the worker runs the same JavaScript): computing the item
 * texts with the default text rule, building the index (names and labels as the worker reads them), its typed-array memory, one neighbour
 * search and one pair similarity, what the worker stores of it and how long reading that back
 * takes (structured clone, without IndexedDB's I/O), and one content-only `similarBlended` with and without it (over a
 * flat index of seeded random unit vectors: timing only, the ranking is not the point). Catalog:
 * the Steam catalog, read from ../shared at run time, plus numbered copies beyond its 32k items
 * (the copies repeat their source's words, so rare words are 3x less rare at 100k than in a real
 * catalog of that size). Writes bench/results/word-overlap.json.
 */
import { deserialize, serialize } from 'node:v8';
import { itemFacets, itemName, itemText, resolveTextRule } from '../src/catalog/index.ts';
import { CONTENT_BLEND, ScoreCalibration, similarBlended, WordOverlapIndex, WordOverlapIndexBuilder } from '../src/recommend/index.ts';
import { createIndex } from '../src/vector-index/index.ts';
import { Prng } from '../src/vector-index/prng.ts';
import { conditions } from './conditions.ts';
import { writeResult } from './results.ts';
import { median, percentile, round } from './stats.ts';
import { steamItems } from './steam.ts';

const DIMS = 512;
const QUERIES = 200;

/** One size's measurements. */
export interface WordOverlapRow {
  items: number;
  textsMs: number;
  buildMs: number;
  arraysMiB: number;
  neighboursP50Ms: number;
  neighboursP95Ms: number;
  similarityUs: number;
  similarP50Ms: { cosineOnly: number; withWords: number };
  /** Structured-clone size of what the worker stores (the index plus a 32-hex content hash per key). */
  storedMiB: number;
  /** Reading it back without IndexedDB's I/O: structured-clone deserialisation plus `WordOverlapIndex.fromSaved`'s checks. */
  readBackMs: number;
}

/** The index as the worker builds it: each item's text, name and labels (catalog-word-overlap.ts). */
function buildAsTheWorker(keys: readonly string[], texts: readonly string[], items: ReturnType<typeof steamItems>): WordOverlapIndex {
  const rule = resolveTextRule();
  return WordOverlapIndexBuilder.build(keys.map((k, i) => [k, texts[i]!, itemName(items[i]!), itemFacets(items[i]!, rule)] as const));
}

/** Measures one catalog size. */
export function measureWordOverlap(n: number): WordOverlapRow {
  const items = steamItems(n);
  const keys = items.map((i) => String(i.id));
  let t = performance.now();
  const texts = items.map((i) => itemText(i));
  const textsMs = performance.now() - t;
  t = performance.now();
  const terms = buildAsTheWorker(keys, texts, items);
  const buildMs = performance.now() - t;

  // What catalog-word-overlap.ts stores, through V8's structured clone (the format IndexedDB keeps).
  const stored = serialize({ ...terms.toSaved(), hashes: keys.slice(0, terms.size).map((_, i) => i.toString(16).padStart(32, '0')) });
  t = performance.now();
  const readBack = WordOverlapIndex.fromSaved(deserialize(stored));
  const readBackMs = performance.now() - t;
  if (readBack?.size !== terms.size) throw new Error('the stored term index did not read back');

  const rng = new Prng(11);
  const queries = Array.from({ length: QUERIES }, () => keys[Math.floor(rng.next() * n)]!);
  const neighbours = queries.map((q) => {
    const s = performance.now();
    terms.neighbours(q, 50);
    return performance.now() - s;
  });
  t = performance.now();
  let pairs = 0;
  for (const a of queries) for (let j = 0; j < 50; j++, pairs++) terms.similarity(a, keys[(j * 7919) % n]!);
  const similarityUs = ((performance.now() - t) / pairs) * 1000;

  const vectors = new Float32Array(n * DIMS);
  for (let i = 0; i < vectors.length; i++) vectors[i] = rng.next() - 0.5;
  for (let r = 0; r < n; r++) {
    const row = vectors.subarray(r * DIMS, (r + 1) * DIMS);
    const norm = Math.hypot(...row);
    for (let d = 0; d < DIMS; d++) row[d]! /= norm;
  }
  const index = createIndex('flat', DIMS);
  index.add(keys, vectors);
  const calibration = ScoreCalibration.fromVectors(vectors, DIMS);
  const time = (withWords: boolean) =>
    median(
      queries.map((q) => {
        const s = performance.now();
        similarBlended(index, q, 10, undefined, new Set(), {
          calibration,
          wordOverlap: withWords ? terms : undefined,
          weights: CONTENT_BLEND,
        });
        return performance.now() - s;
      }),
    );
  time(true); // warm up both paths
  time(false);
  return {
    items: n,
    textsMs: Math.round(textsMs),
    buildMs: Math.round(buildMs),
    arraysMiB: round(terms.bytes / 2 ** 20),
    neighboursP50Ms: round(median(neighbours), 3),
    neighboursP95Ms: round(percentile(neighbours, 95), 3),
    similarityUs: round(similarityUs, 3),
    similarP50Ms: { cosineOnly: round(time(false), 3), withWords: round(time(true), 3) },
    storedMiB: round(stored.length / 2 ** 20),
    readBackMs: Math.round(readBackMs),
  };
}

/** Runs every size and writes bench/results/word-overlap.json. */
export function runWordOverlapBench(quick: boolean, log: (line: string) => void = console.log) {
  const sizes = quick ? [10_000] : [10_000, 32_135, 100_000];
  const rows = sizes.map((n) => {
    const row = measureWordOverlap(n);
    log(`  term index ${n}: ${JSON.stringify(row)}`);
    return row;
  });
  const result = {
    benchmark: 'word-overlap',
    conditions: {
      ...conditions({ quick }),
      runtime: `Node ${process.version}`,
      backend: 'JavaScript (src/recommend/word-overlap.ts)',
      threads: 1,
      data: 'steam-games-catalog derived/items.jsonl (default text rule), numbered copies beyond 32,135 items; random 512-d vectors for the similar() timing',
      queries: QUERIES,
    },
    rows,
  };
  writeResult('word-overlap', result);
  return result;
}

if (import.meta.url === `file://${process.argv[1]}`) runWordOverlapBench(process.argv.includes('--quick'));
