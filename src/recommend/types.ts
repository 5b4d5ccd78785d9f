/** Result types shared by the ranking functions, the worker protocol and the public API. */
import type { EventType } from '../store/index.ts';

/** Why an item is recommended: the history item it is closest to ("because you viewed X"). */
export interface Because {
  key: string;
  type: EventType;
}

/** One ranked item, by catalog key. The public API adds the catalog item itself. */
export interface RankedItem {
  key: string;
  score: number;
  because?: Because;
}

/** Per-call ranking options of the public API. */
export interface RankOptions {
  /** How many items. Default 8. */
  k?: number;
  /** Metadata filter: `{ category: 'Tents' }`, `{ tags: { in: ['kids'] } }`, `{ price: { lte: 50 } }`. */
  filter?: import('../index/index.ts').Filter;
}
