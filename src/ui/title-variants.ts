/**
 * Near-identical titles told apart. A card clamps its title to three lines, so titles that agree
 * on their first few dozen characters look the same side by side ("Car Mechanic Simulator 2018 -
 * Ford DLC", "... - Dodge DLC" both show "Car Mechanic Simulator…" on a narrow card). For such a
 * title the card adds the part that differs, on up to two lines of its own that the title's clamp
 * never takes (styles.css `.inpage-rec-variant`).
 */

import type { Recommendation } from '../types/index.ts';
import { titleOf } from './format.ts';

/** Characters of a title a card surely shows: titles agreeing on this many look alike when clamped. */
export const VISIBLE_PREFIX = 24;

/** Separators a distinguishing part does not start with (`- Ford DLC` shows as `Ford DLC`). */
const LEADING_SEPARATORS = /^[\s\-–—:|/,.]+/u;

/** Where `a` and `b` start to differ, moved back to the start of the word it falls in (case-insensitive). */
function commonWordPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i]!.toLowerCase() === b[i]!.toLowerCase()) i++;
  if (i === a.length || i === b.length) return i;
  while (i > 0 && !/\s/u.test(a[i - 1]!)) i--;
  return i;
}

/**
 * For each title, the part that tells it apart from another title of the list that looks the
 * same on a card (agreeing on at least `VISIBLE_PREFIX` characters), or undefined when it does not
 * collide, or when nothing differs in it (an identical title, or the shorter of two).
 */
export function titleVariants(titles: readonly string[]): (string | undefined)[] {
  return titles.map((title, i) => {
    let shared = 0;
    for (let j = 0; j < titles.length; j++) if (j !== i) shared = Math.max(shared, commonWordPrefix(title, titles[j]!));
    if (shared < Math.min(VISIBLE_PREFIX, title.length)) return undefined;
    const rest = title.slice(shared).replace(LEADING_SEPARATORS, '').trim();
    return rest || undefined;
  });
}

/** The distinguishing parts of a list's titles, by item id (only the titles that collide). */
export function variantsOf(recs: readonly Recommendation[]): Map<string, string> {
  const variants = titleVariants(recs.map((r) => titleOf(r.item)));
  const out = new Map<string, string>();
  recs.forEach((r, i) => {
    const v = variants[i];
    if (v) out.set(String(r.id), v);
  });
  return out;
}
