/** Result types shared by the ranking functions, the worker protocol and the public API. */
import type { Because } from '../types/index.ts';

/** One ranked item, by catalog key. The public API adds the catalog item itself. */
export interface RankedItem {
  key: string;
  score: number;
  because?: Because;
  /** Complements only: from the site's "bought together" lists, or a content-similar fill-in. */
  basis?: 'signals' | 'content';
}
