/**
 * Office as a shop's feed would hold it: each item's one `text` (title, then Amazon's leaf
 * category, then brand) split into `title`, `category` and `brand` fields (the split the judged
 * search queries read: eval/search-truth/office-kinds.ts). The same items, lists and truths; only
 * the catalog's shape differs. Why: what "similar items" reads of an item's own name
 * (src/recommend/overlap-terms.ts) cannot show on a catalog without a title field, and most shops
 * have one. The truths still read the original `text` (kept on each item, never embedded).
 */
import { itemText } from '../../src/catalog/index.ts';
import type { Dataset } from '../dataset.ts';
import { officeFacts } from '../search-truth/office-kinds.ts';

/** The fielded copy of the Office dataset `data`, and the texts the default text rule gives its items. */
export function fieldedOffice(data: Dataset): { data: Dataset; texts: string[] } {
  const facts = officeFacts(data);
  const items = data.items.map((item, row) => {
    const { title, kind, brand } = facts[row]!;
    return { ...item, raw: { ...item.raw, title, ...(kind ? { category: kind } : {}), ...(brand ? { brand } : {}) } };
  });
  const fielded: Dataset = { ...data, name: 'amazon+fields-office-2014', items };
  // The answer lists and the original text are the truth's, never the embedded text's.
  const exclude = ['text', ...new Set(data.relevance.map((r) => r.field))];
  return { data: fielded, texts: items.map((item) => itemText(item.raw, { exclude })) };
}
