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

/** `itemLine` of each key's item in `entries`, undefined for a key not there (rankings and the cold spread). */
export function entryLines(entries: ReadonlyMap<string, { readonly item: CatalogItem }>): (key: string) => string | undefined {
  return (key) => {
    const entry = entries.get(key);
    return entry ? itemLine(entry.item) : undefined;
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
