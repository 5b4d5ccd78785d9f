/**
 * Product lines on one search page. A catalog with add-ons or variants names them after their line
 * ("Car Mechanic Simulator 2015 - Bentley", "... - Trader Pack"); their texts are short and alike,
 * so one line can fill a whole search page: "red racing game" answered with seven add-ons of one
 * car-repair game, every one tagged Racing. A shopper wants a choice of games. A search list shows
 * at most `LINE_CAP` cards of a line before the others; the rest follow in their order (nothing is
 * dropped), and a line the query names ("car mechanic simulator") is not held back. Algolia's
 * `distinct` does this with a declared attribute; here the line is the title before its separator.
 * Before the cap, a line's add-ons that the query did not ask for are weighed down (`weighAddOns`).
 */
import { entryNamesOf, type NamedEntry, type NamedItem } from '../catalog/name.ts';
import { KEYWORD_FIELDS } from './keyword.ts';
import { queryWords } from './keyword-postings.ts';
import { STOPWORDS } from './query-words.ts';
import type { RankedItem } from './types.ts';

/** Cards of one product line a search list shows before the other results. */
export const LINE_CAP = 2;

/** Between a line's name and the variant: " - ", " – ", " — " or ": " ("Portal 2: ..."). */
const LINE_SEPARATOR = /\s[-–—]\s|:\s/u;

/** The product line a title names before its first separator, lower-cased; undefined without one. */
export function productLine(title: string): string | undefined {
  const m = LINE_SEPARATOR.exec(title);
  const line = m ? title.slice(0, m.index).trim().toLowerCase() : '';
  return line || undefined;
}

/** An item's title: its first non-blank `title` or `name` field, as keyword search reads it. */
export function itemTitle(item: NamedItem): string | undefined {
  for (const field of KEYWORD_FIELDS.title) {
    const title = item[field];
    if (typeof title === 'string' && title.trim()) return title;
  }
  return undefined;
}

/** The product line of an item's title (`itemTitle`). */
export function itemLine(item: NamedItem): string | undefined {
  const title = itemTitle(item);
  return title === undefined ? undefined : productLine(title);
}

/** `itemLine` of each key's item in `entries`, undefined for a key not there (rankings and the cold spread). */
export function entryLines(entries: ReadonlyMap<string, NamedEntry>): (key: string) => string | undefined {
  const namesOf = entryNamesOf(entries);
  return (key) => {
    const names = namesOf(key);
    return names && itemLine(names);
  };
}

/** `itemTitle` of each key's item in `entries`, undefined for a key not there. */
export function entryTitles(entries: ReadonlyMap<string, NamedEntry>): (key: string) => string | undefined {
  const namesOf = entryNamesOf(entries);
  return (key) => {
    const names = namesOf(key);
    return names && itemTitle(names);
  };
}

/**
 * Whether `query` names `line`: it holds half the line's words or more, and at least two of them
 * (one for a one-word line). "car mechanic simulator dlc" names "car mechanic simulator 2015";
 * "simulator" and "red racing game" do not.
 */
export function queryNamesLine(query: string, line: string): boolean {
  const asked = new Set(queryWords(query).filter((w) => !STOPWORDS.has(w)));
  const words = [...new Set(queryWords(line))];
  const held = words.filter((w) => asked.has(w)).length;
  return held >= Math.min(words.length, Math.max(2, Math.ceil(words.length / 2)));
}

/**
 * `ranked` (best first) with at most `cap` items of each product line ahead of the rest, which
 * follow in their order; lines `query` names are not held back. `lineOf` gives an item's line.
 */
export function capProductLines<R extends RankedItem>(
  ranked: readonly R[],
  lineOf: (key: string) => string | undefined,
  query: string,
  cap = LINE_CAP,
): R[] {
  const shown = new Map<string, number>();
  const named = new Map<string, boolean>();
  const first: R[] = [];
  const later: R[] = [];
  for (const r of ranked) {
    const line = lineOf(r.key);
    if (line === undefined) {
      first.push(r);
      continue;
    }
    if (!named.has(line)) named.set(line, queryNamesLine(query, line));
    const count = shown.get(line) ?? 0;
    if (count < cap || named.get(line)) {
      shown.set(line, count + 1);
      first.push(r);
    } else later.push(r);
  }
  return later.length ? [...first, ...later] : [...ranked];
}

/** How many of one search's results must share a product line for its members to count as add-ons. */
export const ADD_ON_FAMILY = 3;

/** The share of its score an add-on the query did not ask for keeps (see `weighAddOns`). */
export const ADD_ON_WEIGHT = 0.8;

/**
 * `ranked` (best first) with the add-ons the query did not ask for weighed down, re-sorted. An
 * add-on here: a member of a product line that `ADD_ON_FAMILY` or more of the results share (a
 * game's song packs, paint schemes, costumes), whose line the query does not name and whose title
 * holds fewer than two of the query's words (not its one word, for a one-word query). Without it
 * "racing game for kids" showed five paint packs of one racing game, "flight simulator" a train
 * simulator's add-on first. A shopper typing an add-on's own title words ("rocksmith earth wind")
 * still finds it: they are in its title. The family is counted among the results, not the
 * catalog: no pass over every item, and a line the query does not reach does not matter.
 *
 * Chosen on the validation split of the judged queries (docs/search-truth.md, "Add-ons"): natural
 * NDCG@10 Steam .788 -> .798, Office and MovieLens unchanged; known-item MRR through the same
 * ranker within .002 of before on every catalog. Weighing every member of a line the catalog
 * shares, title words or not: .808, but known-item -.008 on Steam.
 */
export function weighAddOns<R extends RankedItem>(
  ranked: readonly R[],
  lineOf: (key: string) => string | undefined,
  titleOf: (key: string) => string | undefined,
  query: string,
  weight = ADD_ON_WEIGHT,
): R[] {
  const lines = ranked.map((r) => lineOf(r.key));
  const members = new Map<string, number>();
  for (const line of lines) if (line !== undefined) members.set(line, (members.get(line) ?? 0) + 1);
  const asked = new Set(queryWords(query).filter((w) => !STOPWORDS.has(w)));
  const needed = Math.min(2, asked.size);
  const named = new Map<string, boolean>();
  let weighed = false;
  const out = ranked.map((r, i) => {
    const line = lines[i];
    if (line === undefined || members.get(line)! < ADD_ON_FAMILY) return r;
    if (!named.has(line)) named.set(line, queryNamesLine(query, line));
    if (named.get(line)) return r;
    const inTitle = new Set(queryWords(titleOf(r.key) ?? '').filter((w) => asked.has(w))).size;
    if (inTitle >= needed) return r;
    weighed = true;
    return { ...r, score: r.score * weight };
  });
  // Ties keep the list's order (a stable sort): the order a step before chose among equal scores.
  return weighed ? out.sort((a, b) => b.score - a.score) : [...ranked];
}

/** An item's line and title by key, and the query: what search arranges its lines by. */
export interface SearchLines {
  query: string;
  lineOf: (key: string) => string | undefined;
  titleOf: (key: string) => string | undefined;
  /** The share of its score an add-on keeps (default `ADD_ON_WEIGHT`; 1: add-ons are not told apart). */
  addOnWeight?: number;
}

/** A search list's lines arranged: add-ons the query did not ask for weighed down, then each line capped (`capProductLines`). */
export function arrangeLines<R extends RankedItem>(ranked: readonly R[], lines: SearchLines): R[] {
  // Each result's line read once for both steps: an item kept as bytes is parsed to read its title.
  const lineByKey = new Map(ranked.map((r) => [r.key, lines.lineOf(r.key)]));
  const lineOf = (key: string) => lineByKey.get(key);
  const weight = lines.addOnWeight ?? ADD_ON_WEIGHT;
  const weighed = weight === 1 ? ranked : weighAddOns(ranked, lineOf, lines.titleOf, lines.query, weight);
  return capProductLines(weighed, lineOf, lines.query);
}
