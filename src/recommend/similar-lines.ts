/**
 * Product lines in "similar items": a shopper looking at a game wants other games, and a few of its
 * own add-ons and sequels at most; a list of eight editions of one other item is no better. Lines are
 * capped as on a search page (`capProductLines`, product-line.ts), counted this way:
 *
 * - the item's own **family**: items whose name continues its name at a word boundary ("Portal 2"
 *   -> "Portal 2 Soundtrack", "Euro Truck Simulator 2" -> "Euro Truck Simulator 2 - Italia");
 * - a line a title names before its separator (`itemLine`: "Portal Knights - Bibot Box");
 * - otherwise an item and the candidates whose names continue its name ("Tent" and "Tent (edition
 *   2)"), or that repeat it exactly.
 *
 * "Bought together"'s content fill-ins cap the same lines, but not the item's own
 * (`capComplementLines`).
 */
import { itemName, type NamedItem } from '../catalog/name.ts';
import { CONTENT_CANDIDATES } from './candidates.ts';
import { capProductLines, itemLine, LINE_CAP } from './product-line.ts';
import type { RankedItem } from './types.ts';

/** The line key of the item's own family: no title line can equal it. */
const FAMILY = '\u0000family';
/** The prefix of a line named by a candidate's own name. */
const ROOT = '\u0000name:';
/** A character that would continue a name's last word ("Portal" is not the family of "Portals"). */
const CONTINUES_WORD = /[\p{L}\p{M}\p{N}]/u;

/** Whether `name` is `root` or continues it at a word boundary (both lower-cased). */
function continues(name: string, root: string): boolean {
  return name.startsWith(root) && !CONTINUES_WORD.test(name.charAt(root.length));
}

/**
 * The line of each of `keys` (the candidates of one "similar items" list for the item named
 * `anchorName`), as the module comment counts them. `itemOf` gives the item (or its name fields:
 * `entryNames`), whose name is its `itemName`.
 */
export function similarLineOf(
  anchorName: string | undefined,
  keys: readonly string[],
  itemOf: (key: string) => NamedItem | undefined,
): (key: string) => string | undefined {
  const nameOf = (key: string) => {
    const item = itemOf(key);
    return item && itemName(item);
  };
  const lower = (name: string | undefined) => name?.normalize('NFC').toLowerCase().trim() || undefined;
  const family = lower(anchorName);
  const names = new Map(keys.map((key) => [key, lower(nameOf(key))]));
  // Shortest first: a name's root is the shortest candidate name it continues (at worst its own).
  const roots = [...new Set(names.values())].filter((n): n is string => n !== undefined).sort((a, b) => a.length - b.length);
  return (key) => {
    const name = names.has(key) ? names.get(key) : lower(nameOf(key));
    if (family && name && continues(name, family)) return FAMILY;
    const item = itemOf(key);
    const titled = item ? itemLine(item) : undefined;
    if (titled !== undefined || !name) return titled;
    return ROOT + (roots.find((root) => continues(name, root)) ?? name);
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
 * The pool to rank again when a first one (`pool` items) left fewer than `k` items inside the caps:
 * a family of hundreds of add-ons can fill a whole pool ("Euro Truck Simulator 2": 54 add-ons).
 */
export function widerSimilarPool(pool: number): number {
  return pool * 4;
}

/** What `capSimilarLines` gives. */
export interface CappedSimilar<R> {
  /** The first `k` of the capped list. */
  items: R[];
  /** True when all of them are within the caps (none came from beyond a line's `LINE_CAP`). */
  full: boolean;
}

/**
 * The first `k` of `ranked` (similar items of the item named `anchorName`, best first,
 * `similarPool(k)` long) with its family and every line capped at `LINE_CAP` (`similarLineOf`);
 * the page and the retrieval server both call it. When it is not `full`, the caller ranks a wider
 * pool (`widerSimilarPool`) and caps again.
 */
export function capSimilarLines<R extends RankedItem>(
  ranked: readonly R[],
  k: number,
  anchorName: string | undefined,
  itemOf: (key: string) => NamedItem | undefined,
): CappedSimilar<R> {
  const lineOf = similarLineOf(
    anchorName,
    ranked.map((r) => r.key),
    itemOf,
  );
  const within = withinCaps(ranked, lineOf);
  return { items: capProductLines(ranked, lineOf, '').slice(0, k), full: within >= k || within === ranked.length };
}

/**
 * "Bought together"'s content fill-ins (`ranked`, best first, `similarPool(k)` long), first `k`,
 * with every product line capped at `LINE_CAP` except the item's own: its family and its title's
 * line are its add-ons and editions, what is bought with it. A shopper on one add-on of "Car
 * Mechanic Simulator 2018" was shown seven add-ons of the 2015 game, which fit neither; the page
 * and the retrieval server both call this.
 */
export function capComplementLines<R extends RankedItem>(
  ranked: readonly R[],
  k: number,
  anchor: NamedItem | undefined,
  itemOf: (key: string) => NamedItem | undefined,
): CappedSimilar<R> {
  const lineOf = similarLineOf(
    anchor && itemName(anchor),
    ranked.map((r) => r.key),
    itemOf,
  );
  const own = anchor ? itemLine(anchor) : undefined;
  const othersOnly = (key: string) => {
    const line = lineOf(key);
    return line === FAMILY || line === own ? undefined : line;
  };
  const within = withinCaps(ranked, othersOnly);
  return { items: capProductLines(ranked, othersOnly, '').slice(0, k), full: within >= k || within === ranked.length };
}

/** How many of `ranked` are within `LINE_CAP` of their line (`lineOf`; undefined: no line, no cap). */
function withinCaps(ranked: readonly RankedItem[], lineOf: (key: string) => string | undefined): number {
  const shown = new Map<string, number>();
  let within = 0;
  for (const r of ranked) {
    const line = lineOf(r.key);
    const count = line === undefined ? 0 : (shown.get(line) ?? 0);
    if (line !== undefined) shown.set(line, count + 1);
    if (count < LINE_CAP) within++;
  }
  return within;
}
