/**
 * `npx tsx bench/keyword-search.ts [--quick]`: what one keyword search (src/recommend/keyword.ts,
 * the keyword half of hybrid search and the warming-up fallback) costs at catalog sizes up to
 * 100k, in Node (the worker runs the same JavaScript), and what building the index costs in time
 * and kept heap. The baseline, in the same process, is MiniSearch: its index of the same documents
 * and its search of the same query (test/oracles/minisearch-reference.ts), which the shipped search
 * (keyword-postings.ts, keyword-search.ts) must equal exactly; also timed, MiniSearch's plain string
 * query as keyword.ts first sent it (the last word a prefix however short). Queries: 3 consecutive
 * title words of a seeded random real (not copied) item, as typed or with two neighbouring letters
 * of one word swapped; the shipped top 10 is compared with the baseline's, and each side's rank of
 * the item the query came from (or one of its numbered copies, which share its title) gives a
 * known-item MRR over the top 50.
 * Catalog: the Steam catalog from ../shared plus numbered copies beyond its 32k items. Writes
 * bench/results/keyword-search.json.
 */
import v8 from 'node:v8';
import vm from 'node:vm';
import type MiniSearch from 'minisearch';
import { FIELD_BOOST, type KeywordDoc, KeywordIndex, keywordDoc, typoAllowance } from '../src/recommend/index.ts';
import { queryWords } from '../src/recommend/keyword-postings.ts';
import type { KeywordSearch } from '../src/recommend/keyword-search.ts';
import { typoQuery } from '../src/recommend/typo-query.ts';
import { Prng } from '../src/vector-index/prng.ts';
import { referenceIndex, referenceSearch } from '../test/oracles/minisearch-reference.ts';
import { conditions } from './conditions.ts';
import { writeResult } from './results.ts';
import { percentile, round } from './stats.ts';
import { steamItems } from './steam.ts';

const QUERIES = 200;
const K = 50;

/** One size's measurements. */
export interface KeywordSearchRow {
  items: number;
  /** Building the shipped index / MiniSearch's, same documents. */
  buildMs: { shipped: number; miniSearch: number };
  /** Memory the built index keeps (JS heap + array buffers, after a full GC): shipped / MiniSearch's, MiB. */
  memoryMiB: { shipped: number; miniSearch: number };
  /** `KeywordIndex.search`, top 50. */
  shipped: Timing;
  /** MiniSearch's search of the same query on the same index, top 50 (the baseline). */
  miniSearch: Timing;
  /** MiniSearch's plain string query on the same index (keyword.ts before short prefixes and swaps). */
  before: Timing;
  /** Baseline time / shipped time, at the median, the 95th percentile and the slowest query. */
  speedup: { vsMiniSearch: { p50: number; p95: number; max: number }; vsBefore: { p50: number; p95: number; max: number } };
  /** Share of queries whose top 50 (keys, in order, and scores) equals MiniSearch's search of the same query. */
  sameTop50: number;
  /** Mean reciprocal rank (top 50) of the item each query came from, or a copy of it: shipped vs MiniSearch. */
  knownItemMrr: { shipped: number; miniSearch: number };
}

/** Milliseconds per query. */
interface Timing {
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
}

/** A query and the id of the item it came from. */
interface KnownItemQuery {
  q: string;
  id: string;
}

/** Seeded queries: 3 title words, every second one with a swapped pair of letters in one word. */
function queries(items: readonly { id: string; title: string }[]): KnownItemQuery[] {
  const rng = new Prng(5);
  const out: KnownItemQuery[] = [];
  while (out.length < QUERIES) {
    const item = items[Math.floor(rng.next() * items.length)]!;
    const words = item.title.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
    if (words.length < 3) continue;
    const start = Math.floor(rng.next() * (words.length - 2));
    const q = words.slice(start, start + 3);
    if (out.length % 2) {
      const long = q.findIndex((w) => w.length >= 4);
      const w = q[long];
      if (w) q[long] = `${w.slice(0, 1)}${w.slice(2, 3)}${w.slice(1, 2)}${w.slice(3)}`;
    }
    out.push({ q: q.join(' '), id: item.id });
  }
  return out;
}

/** 1 / rank of the first hit that is `id` or a numbered copy of it (`id~N`); 0 when none is listed. */
function reciprocalRank(hits: readonly { key: string }[], id: string): number {
  const rank = hits.findIndex((h) => h.key === id || h.key.startsWith(`${id}~`));
  return rank < 0 ? 0 : 1 / (rank + 1);
}

function timed<T>(run: () => T): [T, number] {
  const start = performance.now();
  const value = run();
  return [value, performance.now() - start];
}

/** The shipped index and MiniSearch's of the same documents, and what building each cost. */
interface BuiltIndexes {
  index: KeywordIndex;
  mini: MiniSearch<KeywordDoc>;
  buildMs: number;
  miniBuildMs: number;
  /** Kept memory of each, bytes (see heapUsed). */
  shippedHeap: number;
  miniHeap: number;
}

/** Builds both indexes of `items`, timing each and measuring the memory each keeps. */
function buildIndexes(items: ReturnType<typeof steamItems>, none: ReadonlySet<string>): BuiltIndexes {
  const docs = items.map((item) => keywordDoc(item));
  // The catalog repeats a few ids; KeywordIndex keeps each key's first document, MiniSearch throws.
  const seen = new Set<string>();
  const firsts = docs.filter((d) => !seen.has(d.key) && seen.add(d.key));
  const heapAtStart = heapUsed();
  const [index, buildMs] = timed(() => new KeywordIndex(docs));
  // Kept memory after a first search: it moves the build's pending postings into the flat arrays
  // and allocates the search's scratch arrays.
  index.search('the', 1, undefined, none);
  const shippedHeap = heapUsed() - heapAtStart;
  const [mini, miniBuildMs] = timed(() => referenceIndex(firsts));
  const miniHeap = heapUsed() - heapAtStart - shippedHeap;
  return { index, mini, buildMs, miniBuildMs, shippedHeap, miniHeap };
}

/** Per-query times of the shipped search and both baselines, and how the shipped top 50 compares. */
interface QueryRuns {
  shippedMs: number[];
  miniMs: number[];
  beforeMs: number[];
  /** Queries whose shipped top 50 equals the baseline's, keys and scores. */
  same: number;
  /** Sums of reciprocal ranks of the known item: shipped, baseline. */
  shippedRr: number;
  miniRr: number;
}

/** Runs every query on each search after 10 warm-up queries, timing each search separately. */
function runQueries({ index, mini }: BuiltIndexes, qs: readonly KnownItemQuery[], none: ReadonlySet<string>): QueryRuns {
  // The baseline: MiniSearch's search of the query keyword.ts builds, on MiniSearch's index of the same documents.
  const words = (index as unknown as { keywordSearch: KeywordSearch<string> }).keywordSearch;
  const reference = (q: string) => {
    const typo = typoQuery(queryWords(q), typoAllowance, (t, prefix) => words.hasWord(t, prefix));
    return referenceSearch(mini, typo.words)
      .slice(0, K)
      .map((h) => ({ key: h.id as string, score: h.score }));
  };
  const runs: QueryRuns = { shippedMs: [], miniMs: [], beforeMs: [], same: 0, shippedRr: 0, miniRr: 0 };
  for (const { q } of qs.slice(0, 10)) {
    mini.search(q);
    index.search(q, K, undefined, none);
    reference(q);
  }
  for (const { q, id } of qs) {
    const [hits, a] = timed(() => index.search(q, K, undefined, none));
    const [baseline, b] = timed(() => reference(q));
    runs.beforeMs.push(timed(() => mini.search(q).slice(0, K))[1]);
    runs.shippedMs.push(a);
    runs.miniMs.push(b);
    const list = (l: { key: string; score: number }[]) => l.map((h) => `${h.key} ${h.score}`).join('\n');
    if (list(hits) === list(baseline)) runs.same++;
    runs.shippedRr += reciprocalRank(hits, id);
    runs.miniRr += reciprocalRank(baseline, id);
  }
  return runs;
}

const p50 = (xs: number[]) => percentile(xs, 50);
const p95 = (xs: number[]) => percentile(xs, 95);
const max = (xs: number[]) => Math.max(...xs);

/** The median, 95th percentile and slowest of `xs`, ms. */
function timing(xs: number[]): Timing {
  return { p50Ms: round(p50(xs), 3), p95Ms: round(p95(xs), 3), maxMs: round(max(xs), 3) };
}

/** How many times slower `base` is than `shipped`, at the median, the 95th percentile and the slowest. */
function speedup(base: number[], shipped: number[]): KeywordSearchRow['speedup']['vsBefore'] {
  return {
    p50: round(p50(base) / p50(shipped), 2),
    p95: round(p95(base) / p95(shipped), 2),
    max: round(max(base) / max(shipped), 2),
  };
}

/** Measures one catalog size. */
export function measureKeywordSearch(n: number): KeywordSearchRow {
  const items = steamItems(n);
  const none = new Set<string>();
  const built = buildIndexes(items, none);
  // Queries come from real items only: the copies' "(edition N)" titles are this bench's artefact.
  const qs = queries(items.slice(0, 32_135).map((i) => ({ id: String(i.id), title: String(i.title ?? '') })));
  const runs = runQueries(built, qs, none);
  return {
    items: n,
    buildMs: { shipped: Math.round(built.buildMs), miniSearch: Math.round(built.miniBuildMs) },
    memoryMiB: { shipped: round(built.shippedHeap / 2 ** 20, 1), miniSearch: round(built.miniHeap / 2 ** 20, 1) },
    shipped: timing(runs.shippedMs),
    miniSearch: timing(runs.miniMs),
    before: timing(runs.beforeMs),
    speedup: { vsMiniSearch: speedup(runs.miniMs, runs.shippedMs), vsBefore: speedup(runs.beforeMs, runs.shippedMs) },
    sameTop50: round(runs.same / qs.length, 3),
    knownItemMrr: { shipped: round(runs.shippedRr / qs.length, 4), miniSearch: round(runs.miniRr / qs.length, 4) },
  };
}

const gc: () => void = (() => {
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc') as () => void;
})();

/** Memory in use after a full garbage collection, bytes: the JS heap plus typed arrays' buffers (kept outside it). */
function heapUsed(): number {
  // Twice: a freed typed array's buffer is released only after the collection that finds it dead.
  gc();
  gc();
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return heapUsed + arrayBuffers;
}

/** Runs every size and writes bench/results/keyword-search.json. */
export function runKeywordSearchBench(quick: boolean, log: (line: string) => void = console.log) {
  const sizes = quick ? [10_000] : [10_000, 32_135, 100_000];
  const rows = sizes.map((n) => {
    const row = measureKeywordSearch(n);
    log(`  keyword search ${n}: ${JSON.stringify(row)}`);
    return row;
  });
  const result = {
    benchmark: 'keyword-search',
    conditions: {
      ...conditions({ quick }),
      runtime: `Node ${process.version}`,
      backend: `MiniSearch (src/recommend/keyword.ts), field boosts ${JSON.stringify(FIELD_BOOST)}`,
      threads: 1,
      data: 'steam-games-catalog derived/items.jsonl, numbered copies beyond 32,135 items',
      queries: `${QUERIES} (3 title words of a random real, not copied, item; every second with two neighbouring letters swapped), top ${K}, after 10 warm-up queries`,
    },
    rows,
  };
  writeResult('keyword-search', result);
  return result;
}

if (import.meta.url === `file://${process.argv[1]}`) runKeywordSearchBench(process.argv.includes('--quick'));
