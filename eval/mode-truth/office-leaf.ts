/**
 * The leaf category of an Office item, recovered from its `text` (title, then the leaf category
 * when Amazon gave one, then the brand: amazon-office-2014/README.md). Only the substitute TRUTH
 * reads it (docs/mode-truth.md); no ranker sees `category_id` or `brand_id`.
 *
 * The heuristic, in three steps:
 *
 * 1. Brand. A `brand_id` group's texts share their brand as a common word suffix. In a group of
 *    two or more that suffix may also hold a leaf every member shares ("Telephones VTech"), so the
 *    brand is the SHORTEST part of it (one word or more) whose removal leaves a leaf (step 3) that
 *    fits the item's coarse `category_id` (at least `CATEGORY_SHARE` of the items ending with that
 *    leaf share it: "Paper Pro" is a stapler brand, not the leaf "Paper"). A group of one tries 1
 *    to 4 words the same way; `brand_id` 0 (no brand) strips nothing.
 * 2. Suffix statistics. Over the texts with their common group suffix removed (brand 0 as they
 *    are), count every word suffix of 1 to 6 words (its support) and the distinct words right
 *    before it.
 * 3. Leaf. From the last word (support at least `MIN_SUPPORT`), extend one word to the left while
 *    the longer suffix keeps `MIN_SUPPORT`, the shorter one's left context is concentrated (its
 *    distinct left words are at most `CONCENTRATION` of its support: "Ink" is nearly always
 *    "Printer Ink", while "Laser Printer Toner" follows many different title words), the new word
 *    starts with a capital or "&", and it does not repeat a word already in the leaf up to a
 *    plural s ("Scanner Document Scanners" is a title ending in "Scanner" before "Document Scanners").
 *
 * Two items share a leaf when they share `category_id` and the leaf's words. No leaf found
 * (support too low, or the text has none): `category_id` plus the head noun, the last word of
 * three letters or more before the brand, lower-cased without a plural s.
 */
import type { Dataset } from '../dataset.ts';

/** A suffix's support (items) before it may start or extend a leaf. */
export const MIN_SUPPORT = 3;
/** A leaf extends only while the distinct left words of the shorter suffix are at most this share of its support. */
export const CONCENTRATION = 0.3;
/** The share of the items ending with a leaf that must share an item's `category_id` for that leaf (and strip) to count. */
export const CATEGORY_SHARE = 0.2;

const MAX_WORDS = 6;

/** One item's leaf, brand and how they were found. */
export interface OfficeLeaf {
  /** The leaf category ("Inkjet Printer Ink"), or the head noun ("scanner") for a fallback. */
  leaf: string;
  /** What grade 1 compares: `category_id` and leaf, so a leaf text never joins two coarse categories ("Materials"). */
  key: string;
  /** The words taken as the brand (empty for brand_id 0). */
  brand: string;
  /** True when no leaf was found and the fallback was used. */
  fallback: boolean;
}

interface SuffixStats {
  support: Map<string, number>;
  left: Map<string, Set<string>>;
  /** Category counts of the items whose stripped text ends with a suffix. */
  categories: Map<string, Map<string, number>>;
}

const words = (text: string) => text.split(/\s+/).filter(Boolean);
const stem = (w: string) => w.toLowerCase().replace(/s$/, '');
const bump = <K>(m: Map<K, number>, k: K) => m.set(k, (m.get(k) ?? 0) + 1);

/** The leaf of every Office item, in row order. */
export function officeLeaves(data: Dataset): OfficeLeaf[] {
  const texts = data.items.map((it) => words(String(it.raw.text ?? '')));
  const brandOf = data.items.map((it) => String(it.raw.brand_id ?? '0'));
  const categoryOf = data.items.map((it) => String(it.raw.category_id ?? ''));
  const common = commonSuffixes(texts, brandOf);
  const stats = suffixStats(texts, brandOf, categoryOf, common);
  return texts.map((w, row) => {
    const brand = brandOf[row]!;
    const strips = brand === '0' ? [0] : common.has(brand) ? range(1, common.get(brand)!) : [1, 2, 3, 4];
    for (const k of strips) {
      if (w.length - k < 1) break;
      const leaf = leafAt(w.slice(0, w.length - k), stats, categoryOf[row]!);
      if (leaf) return { leaf, key: `${categoryOf[row]}|${leaf}`, brand: w.slice(w.length - k).join(' '), fallback: false };
    }
    const k = strips[strips.length - 1]!;
    const head = w.slice(0, Math.max(1, w.length - k)).findLast((x) => /[a-z]{3}/i.test(x)) ?? '';
    const noun = stem(head);
    return { leaf: noun, key: `${categoryOf[row]}|noun:${noun}`, brand: w.slice(w.length - k).join(' '), fallback: true };
  });
}

const range = (from: number, to: number) => Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);

/** Length (words) of each brand group's common suffix, for groups of two or more (always leaving one word). */
function commonSuffixes(texts: string[][], brandOf: string[]): Map<string, number> {
  const groups = new Map<string, string[][]>();
  texts.forEach((w, row) => {
    const brand = brandOf[row]!;
    if (brand === '0') return;
    const group = groups.get(brand);
    if (group) group.push(w);
    else groups.set(brand, [w]);
  });
  const out = new Map<string, number>();
  for (const [brand, members] of groups) {
    if (members.length < 2) continue;
    let n = 0;
    const first = members[0]!;
    while (members.every((w) => w.length > n + 1 && w[w.length - n - 1] === first[first.length - n - 1])) n++;
    if (n > 0) out.set(brand, n);
  }
  return out;
}

function suffixStats(texts: string[][], brandOf: string[], categoryOf: string[], common: Map<string, number>): SuffixStats {
  const stats: SuffixStats = { support: new Map(), left: new Map(), categories: new Map() };
  texts.forEach((all, row) => {
    const brand = brandOf[row]!;
    if (brand !== '0' && !common.has(brand)) return; // a group of one: where its brand starts is unknown
    const w = all.slice(0, all.length - (common.get(brand) ?? 0));
    for (let n = 1; n <= Math.min(MAX_WORDS, w.length); n++) {
      const suffix = w.slice(w.length - n).join(' ');
      bump(stats.support, suffix);
      stats.categories.set(suffix, bump(stats.categories.get(suffix) ?? new Map<string, number>(), categoryOf[row]!));
      if (w.length > n) {
        const left = stats.left.get(suffix) ?? new Set<string>();
        stats.left.set(suffix, left.add(w[w.length - n - 1]!));
      }
    }
  });
  return stats;
}

/** The leaf ending `w` (title and leaf, brand removed), or undefined when none ends it that fits `category`. */
function leafAt(w: string[], stats: SuffixStats, category: string): string | undefined {
  const last = w[w.length - 1]!;
  const support = stats.support.get(last) ?? 0;
  if (support < MIN_SUPPORT) return undefined;
  let n = 1;
  while (n < Math.min(MAX_WORDS, w.length)) {
    const suffix = w.slice(w.length - n);
    const key = suffix.join(' ');
    const next = w[w.length - n - 1]!;
    const longer = `${next} ${key}`;
    const concentrated = (stats.left.get(key)?.size ?? 0) <= CONCENTRATION * (stats.support.get(key) ?? 0);
    const repeats = suffix.some((x) => stem(x) === stem(next));
    if ((stats.support.get(longer) ?? 0) < MIN_SUPPORT || !concentrated || repeats || !/^[A-Z&]/.test(next)) break;
    n++;
  }
  const leaf = w.slice(w.length - n).join(' ');
  const share = (stats.categories.get(leaf)?.get(category) ?? 0) / (stats.support.get(leaf) ?? 1);
  return share >= CATEGORY_SHARE ? leaf : undefined;
}
