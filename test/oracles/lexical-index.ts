/**
 * The first warming-up fallback: a lexical ranking by shared words and category, for what the
 * widget shows before vectors exist. `KeywordIndex` (src/recommend/keyword.ts) replaced it with the
 * same inputs and outputs; nothing in src/ uses this one, so it lives with the tests (its own test,
 * test/lexical-index.test.ts) as the simplest lexical baseline.
 */
import type { HistoryProfile } from '../../src/recommend/history.ts';
import type { RankedItem } from '../../src/recommend/types.ts';
import type { RowFilter } from '../../src/vector-index/index.ts';

/** The text and category of one item, as the fallback sees it. */
export interface LexicalItem {
  key: string;
  text: string;
  category?: string;
}

const WORD = /[\p{L}\p{N}]{2,}/gu;
const words = (text: string): Set<string> => new Set(text.toLowerCase().match(WORD) ?? []);

/** A small lexical index: word sets per item, built once per catalog. */
export class LexicalIndex {
  private readonly items: { key: string; words: Set<string>; category?: string }[];
  private readonly byKey = new Map<string, { words: Set<string>; category?: string }>();

  constructor(items: readonly LexicalItem[]) {
    this.items = items.map((i) => ({ key: i.key, words: words(i.text), category: i.category }));
    for (const i of this.items) this.byKey.set(i.key, i);
  }

  private rank(query: Set<string>, category: string | undefined, k: number, keep: (key: string) => boolean): RankedItem[] {
    const scored: RankedItem[] = [];
    for (const item of this.items) {
      if (!keep(item.key)) continue;
      let shared = 0;
      for (const w of query) if (item.words.has(w)) shared++;
      const score = (category && item.category === category ? 1 : 0) + shared / Math.sqrt((query.size || 1) * (item.words.size || 1));
      scored.push({ key: item.key, score });
    }
    // Stable order for equal scores: catalog order (the site's own ordering, e.g. bestsellers first).
    return scored
      .map((s, i) => ({ s, i }))
      .sort((a, b) => b.s.score - a.s.score || a.i - b.i)
      .slice(0, k)
      .map((x) => x.s);
  }

  /** Same category first, then most shared words. */
  similar(key: string, k: number, filter: RowFilter | undefined, dismissed: ReadonlySet<string>): RankedItem[] {
    const item = this.byKey.get(key);
    if (!item) return [];
    return this.rank(item.words, item.category, k, (x) => x !== key && !dismissed.has(x) && (!filter || filter(x)));
  }

  /** Items sharing words with the query. */
  search(query: string, k: number, filter: RowFilter | undefined, dismissed: ReadonlySet<string>): RankedItem[] {
    return this.rank(words(query), undefined, k, (x) => !dismissed.has(x) && (!filter || filter(x)));
  }

  /** Like the newest anchor, by its category and words; the catalog's order without history. */
  forYou(profile: HistoryProfile, k: number, filter: RowFilter | undefined): RankedItem[] {
    const anchor = profile.anchors.find((a) => this.byKey.has(a.key));
    const keep = (x: string) => !profile.seen.has(x) && !profile.dismissed.has(x) && (!filter || filter(x));
    if (!anchor) return this.rank(new Set(), undefined, k, keep);
    const item = this.byKey.get(anchor.key)!;
    return this.rank(item.words, item.category, k, keep).map((r) => ({ ...r, because: { key: anchor.key, type: anchor.type } }));
  }
}
