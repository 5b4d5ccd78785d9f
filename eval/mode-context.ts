/**
 * The shipped rankers (src/modes) in Node, over a dataset: a `RankContext` built from the eval's
 * vectors, the dataset's items, a visitor's history and (optionally) the site's signals, so the
 * eval ranks each mode with exactly the code a page runs (input rules, vector ranking, blends,
 * cut-offs, fallbacks), not with a copy of it. Every item has its vector: the context is `ready`.
 */

import type { CatalogEntry } from '../src/catalog/index.ts';
import type { LearnedLookup } from '../src/learn/lookup.ts';
import type { RankContext, Ranker, ResolvedOptions } from '../src/modes/rankers.ts';
import {
  CONTENT_BLEND,
  DEFAULT_BLEND,
  entryLines,
  type HistoryProfile,
  KeywordIndex,
  keywordDoc,
  type LabelWords,
  profileFromHistory,
  type RankedItem,
  vectorSpread,
  weighsWordOverlap,
} from '../src/recommend/index.ts';
import type { SignalLookup } from '../src/signals/index.ts';
import type { HistoryEvent } from '../src/types/index.ts';
import { CatalogScale } from '../src/worker/ranking/catalog-scale.ts';
import type { Dataset } from './dataset.ts';
import type { ItemVectors } from './methods.ts';

/** A dataset as the rankers see it: its entries, vectors, keyword index and score scale. */
export class EvalCatalog {
  readonly entries: ReadonlyMap<string, CatalogEntry>;
  readonly keyword: KeywordIndex;
  readonly scale: CatalogScale;
  /** Query vectors by text: search's encoder in the eval (`embedQueries` fills it). */
  readonly queryVectors = new Map<string, Float32Array>();
  /**
   * The catalog's labels as search words, and the vectors of the query words search looks up
   * (search-truth/label-words.ts fills both); without them search reads queries as typed.
   */
  labelWords: LabelWords | undefined;
  readonly wordVectors = new Map<string, Float32Array>();
  private spreadKeys: string[] | undefined;

  constructor(
    readonly data: Dataset,
    readonly vectors: ItemVectors,
    texts: readonly string[],
  ) {
    this.entries = new Map(data.items.map((it, row) => [it.id, { key: it.id, item: it.raw, text: texts[row] ?? '', hash: it.id }]));
    this.keyword = new KeywordIndex([...this.entries.values()].map((e) => keywordDoc(e.item)));
    this.scale = new CatalogScale({ index: vectors.index, entries: this.entries, version: 0 });
  }

  /** The rows of a ranked list (keys the dataset does not know are dropped). */
  rows(items: readonly RankedItem[]): number[] {
    return items.flatMap((r) => {
      const row = this.data.rowOf.get(r.key);
      return row === undefined ? [] : [row];
    });
  }

  /**
   * The context of one call: `history` (rows, oldest first) as views, `signals` and `learned`
   * (the learned space, src/learn/lookup.ts) when the site has them.
   */
  context(options: { history?: readonly number[]; signals?: SignalLookup; learned?: LearnedLookup } = {}): RankContext {
    const profile = this.profile(options.history ?? []);
    const signals = options.signals;
    const weighs = (s: SignalLookup | undefined) => weighsWordOverlap(s ? DEFAULT_BLEND : CONTENT_BLEND);
    return {
      catalog: {
        entries: this.entries,
        index: this.vectors.index,
        keyword: this.keyword,
        builtKeyword: this.keyword,
        keywordAsync: async () => this.keyword,
      },
      profile,
      signals,
      learned: options.learned,
      scale: this.scale,
      query: {
        encoderLoaded: () => true,
        loadEncoder: () => {},
        embed: async (query) => {
          const v = this.queryVectors.get(query);
          if (!v) throw new Error(`no vector for the query ${JSON.stringify(query)}: embed the queries first`);
          return v;
        },
        keywordWithin: async () => this.keyword,
        labelWords: () => this.labelWords,
        embedWords: async (words) => {
          const rows = words.map((w) => {
            const v = this.wordVectors.get(w);
            if (!v) throw new Error(`no vector for the query word ${JSON.stringify(w)}: embed the query words first`);
            return v;
          });
          const d = rows[0]?.length ?? 0;
          const out = new Float32Array(rows.length * d);
          rows.forEach((v, i) => {
            out.set(v, i * d);
          });
          return out;
        },
      },
      vectorsUsable: () => true,
      partial: () => false,
      wordOverlapFor: (s, fullShare) => (weighs(s) ? this.vectors.wordOverlap?.view(fullShare ?? 1) : undefined),
      known: (key) => this.entries.has(key),
      spread: () => {
        // The product lines of the items' titles, as the page's spread reads them (ranking/router.ts).
        this.spreadKeys ??= vectorSpread(this.vectors.index, [...this.entries.keys()], entryLines(this.entries));
        return this.spreadKeys;
      },
    };
  }

  private profile(history: readonly number[]): HistoryProfile {
    const events: HistoryEvent[] = history.map((row, i) => ({ type: 'view' as const, itemId: this.data.items[row]!.id, ts: i })).reverse();
    return profileFromHistory(events);
  }
}

/** Options of one eval call, as the router would resolve them (no filter). */
export function evalOptions(k: number, more: Partial<ResolvedOptions> = {}): ResolvedOptions {
  return { k, filter: undefined, diversity: undefined, minScore: 0, ...more };
}

/** Runs `ranker` for `input` in `ctx` and gives the ranked rows. */
export async function rankRows(
  catalog: EvalCatalog,
  ranker: Ranker,
  ctx: RankContext,
  input: string | undefined,
  options: ResolvedOptions,
): Promise<number[]> {
  const ranked = await ranker.rank(ctx, input as never, options);
  return catalog.rows(ranked.items);
}
