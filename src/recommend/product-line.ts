/**
 * Product lines on one search page. A catalog with add-ons or variants names them after their line
 * ("Car Mechanic Simulator 2015 - Bentley", "... - Trader Pack"); their texts are short and alike,
 * so one line can fill a whole search page: "red racing game" answered with seven add-ons of one
 * car-repair game, every one tagged Racing. A shopper wants a choice of games. A search list shows
 * at most `LINE_CAP` cards of a line before the others; the rest follow in their order (nothing is
 * dropped), and a line the query names ("car mechanic simulator") is not held back. Algolia's
 * `distinct` does this with a declared attribute; here the line is the title before its separator.
 */
import type { CatalogItem } from '../types/index.ts';
import { CONTENT_CANDIDATES } from './candidates.ts';
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

/** The product line of an item's title (its first `title` or `name` field, as keyword search reads it). */
export function itemLine(item: CatalogItem): string | undefined {
  for (const field of KEYWORD_FIELDS.title) {
    const title = item[field];
    if (typeof title === 'string' && title.trim()) return productLine(title);
  }
  return undefined;
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

/** The line key of an item's own family (see `similarLineOf`): no title line can equal it. */
const FAMILY = '\u0000family';

/**
 * Product lines as "similar items" counts them for the item whose name is `anchorName`: an item
 * whose name continues the anchor's at a word boundary is of the anchor's own family ("Portal 2" ->
 * "Portal 2 Soundtrack", "Euro Truck Simulator 2" -> "Euro Truck Simulator 2 - Italia"); any other
 * item is of the line its title names (`itemLine`). A shopper looking at a game wants other games,
 * and a few of its own add-ons and sequels at most: capped like a search page's lines
 * (`capProductLines`, query ''), the family keeps `LINE_CAP` places and the rest follow.
 * `nameOf` gives an item's name (`itemName`) and `itemOf` the item.
 */
export function similarLineOf(
  anchorName: string | undefined,
  nameOf: (key: string) => string | undefined,
  itemOf: (key: string) => CatalogItem | undefined,
): (key: string) => string | undefined {
  const family = anchorName?.normalize('NFC').toLowerCase();
  return (key) => {
    const name = nameOf(key)?.normalize('NFC').toLowerCase();
    if (family && name?.startsWith(family) && !CONTINUES_WORD.test(name.charAt(family.length))) return FAMILY;
    const item = itemOf(key);
    return item ? itemLine(item) : undefined;
  };
}

/**
 * How many ranked items "similar items" caps lines in, to show `k`: every content candidate
 * (`CONTENT_CANDIDATES`, or `k` when more). A game with 54 add-ons had 13 of them in its first 16,
 * so a list of twice k left only 3 other games to show after the cap; ranking them all costs
 * nothing more (the blend scores every candidate anyway) and leaves the candidates as they were.
 */
export function similarPool(k: number): number {
  return Math.max(k, CONTENT_CANDIDATES);
}

/**
 * The first `k` of `ranked` (similar items of the item named `anchorName`, best first,
 * `similarPool(k)` long) with its family and every product line capped at `LINE_CAP`
 * (`similarLineOf`); the page and the retrieval server both call it.
 */
export function capSimilarLines<R extends RankedItem>(
  ranked: readonly R[],
  k: number,
  anchorName: string | undefined,
  nameOf: (key: string) => string | undefined,
  itemOf: (key: string) => CatalogItem | undefined,
): R[] {
  return capProductLines(ranked, similarLineOf(anchorName, nameOf, itemOf), '').slice(0, k);
}

/** A character that would continue the anchor's last word ("Portal" is not the family of "Portals"). */
const CONTINUES_WORD = /[\p{L}\p{M}\p{N}]/u;

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
