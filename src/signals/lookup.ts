/**
 * Signals by catalog key, as the ranking functions read them: decoded weights, strongest first.
 * Built once per catalog from `SiteSignals` and the id list they were built for.
 */
import { dequantize } from './quantize.ts';
import type { NeighbourList, SiteSignals } from './types.ts';

/** The shared list of an item without neighbours (most items of a large catalog: one object, not one each). */
export const EMPTY_LIST: NeighbourList = Object.freeze({ rows: new Uint32Array(0), weights: new Uint8Array(0) });

/** One neighbour of an item, with its weight in (0, 1]. */
export interface SignalNeighbour {
  key: string;
  weight: number;
}

/** Read access to site signals by item key. */
export class SignalLookup {
  private readonly rowOf = new Map<string, number>();
  private readonly maxPopularity: number;

  /** `itemIds` must be the list the signals were built for (row i = itemIds[i]). */
  constructor(
    readonly signals: SiteSignals,
    readonly itemIds: readonly string[],
  ) {
    itemIds.forEach((id, row) => {
      if (!this.rowOf.has(id)) this.rowOf.set(id, row);
    });
    let max = 1;
    for (const p of signals.popularity) if (p > max) max = p;
    this.maxPopularity = max;
  }

  /** "Bought / viewed together" neighbours of `key`, strongest first (empty when it has none). */
  together(key: string): SignalNeighbour[] {
    return this.list(this.signals.together, key);
  }

  /** "Viewed next" neighbours of `key`, most likely first. */
  next(key: string): SignalNeighbour[] {
    return this.list(this.signals.next, key);
  }

  /** Popularity of `key` in [0, 1]: its log-scale session count over the catalog's largest (0 when unseen or unknown). */
  popularity(key: string): number {
    const row = this.rowOf.get(key);
    return row === undefined ? 0 : this.signals.popularity[row]! / this.maxPopularity;
  }

  /** The `n` most popular keys, most popular first (ties in row order). */
  popular(n: number): string[] {
    const rows = Array.from({ length: this.signals.count }, (_, i) => i).filter((i) => this.signals.popularity[i]! > 0);
    rows.sort((a, b) => this.signals.popularity[b]! - this.signals.popularity[a]! || a - b);
    return rows.slice(0, n).map((r) => this.itemIds[r]!);
  }

  private list(lists: NeighbourList[], key: string): SignalNeighbour[] {
    const row = this.rowOf.get(key);
    if (row === undefined) return [];
    const { rows, weights } = lists[row]!;
    const out: SignalNeighbour[] = [];
    rows.forEach((r, i) => {
      out.push({ key: this.itemIds[r]!, weight: dequantize(weights[i]!) });
    });
    return out.sort((a, b) => b.weight - a.weight || (a.key < b.key ? -1 : 1));
  }
}
