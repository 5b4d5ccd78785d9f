/**
 * The bench summary's sections on text ranking measured in Node, each from its own JSON: word
 * overlap (bench/word-overlap.ts) and keyword search (bench/keyword-search.ts).
 */
import { int, ownSection } from './md-table.ts';
import type { BenchReport } from './report.ts';

type Sections = BenchReport['sections'];

/** What word overlap costs per catalog size: texts, build, memory, and per-query times. */
export function wordOverlapSection(w: NonNullable<Sections['wordOverlap']>): string[] {
  return ownSection(
    'Word overlap (term index), Node',
    w.conditions,
    [
      'items',
      'texts ms',
      'build ms',
      'typed arrays MiB',
      'neighbours p50 / p95 ms',
      'pair similarity us',
      'similar() p50 ms: cosine only / with words',
    ],
    w.rows.map((r) => [
      int(r.items),
      int(r.textsMs),
      int(r.buildMs),
      r.arraysMiB.toFixed(1),
      `${r.neighboursP50Ms.toFixed(2)} / ${r.neighboursP95Ms.toFixed(2)}`,
      r.similarityUs.toFixed(2),
      `${r.similarP50Ms.cosineOnly.toFixed(2)} / ${r.similarP50Ms.withWords.toFixed(2)}`,
    ]),
  );
}

/** "p50 / p95 / max" of one search's timings, in ms. */
function spread(x: { p50Ms: number; p95Ms: number; maxMs: number }): string {
  return `${x.p50Ms.toFixed(2)} / ${x.p95Ms.toFixed(2)} / ${x.maxMs.toFixed(1)}`;
}

/** The shipped keyword index against MiniSearch and the string query it replaced, per catalog size. */
export function keywordSearchSection(k: NonNullable<Sections['keywordSearch']>): string[] {
  return ownSection(
    "Keyword search (hybrid search's keyword half), Node",
    k.conditions,
    [
      'items',
      'build ms, shipped / MiniSearch',
      'memory MiB, shipped / MiniSearch',
      'shipped p50 / p95 / max ms',
      "MiniSearch's search of the same query p50 / p95 / max ms",
      'before (MiniSearch string query) p50 / p95 / max ms',
      'top 50 as MiniSearch',
      'known-item MRR',
    ],
    k.rows.map((r) => [
      int(r.items),
      `${int(r.buildMs.shipped)} / ${int(r.buildMs.miniSearch)}`,
      `${r.memoryMiB.shipped.toFixed(1)} / ${r.memoryMiB.miniSearch.toFixed(1)}`,
      spread(r.shipped),
      spread(r.miniSearch),
      spread(r.before),
      r.sameTop50.toFixed(3),
      r.knownItemMrr.shipped.toFixed(4),
    ]),
  );
}
