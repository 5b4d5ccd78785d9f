/**
 * What the eval embeds for each item. A dataset's prepared `text` field is used when every item
 * has one (it is how the dataset's authors describe the item); otherwise, or with `--text-rule
 * library`, the library's own default text rule, minus the relevance lists (`also_*`), which are
 * the answers and must never leak into the text.
 */
import { itemText } from '../src/catalog/index.ts';
import type { Dataset } from './dataset.ts';

/** The texts, in row order, and a label saying how they were made (printed in every report). */
export function datasetTexts(data: Dataset, choice: string | undefined): { texts: string[]; rule: string } {
  const field = choice && choice !== 'library' ? choice : undefined;
  if (field || (choice === undefined && data.items.every((i) => typeof i.raw.text === 'string'))) {
    const name = field ?? 'text';
    const missing = data.items.find((i) => typeof i.raw[name] !== 'string');
    if (missing) throw new Error(`--text-field ${name}: item ${missing.id} has no string field "${name}"`);
    return { texts: data.items.map((i) => i.raw[name] as string), rule: `field "${name}"` };
  }
  const exclude = [...new Set(data.relevance.map((r) => r.field))];
  return { texts: data.items.map((i) => itemText(i.raw, { exclude })), rule: `library default text rule${exclude.length ? ` (excluding ${exclude.join(', ')})` : ''}` };
}
