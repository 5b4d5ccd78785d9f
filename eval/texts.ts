/**
 * What the eval embeds for each item. By default the library's own default text rule, exactly as a
 * site's catalog would be embedded, minus the relevance lists (`also_*`): they are the answers and
 * must never leak into the text. `--text-field <name>` embeds one prepared field instead (e.g. a
 * dataset's `text`), to compare text choices.
 */
import { itemFacets, itemName, itemText, resolveTextRule } from '../src/catalog/index.ts';
import type { Dataset } from './dataset.ts';

/** The texts, in row order, and a label saying how they were made (printed in every report). */
export function datasetTexts(data: Dataset, field: string | undefined): { texts: string[]; rule: string } {
  if (field !== undefined) {
    const name = field;
    const missing = data.items.find((i) => typeof i.raw[name] !== 'string');
    if (missing) throw new Error(`--text-field ${name}: item ${missing.id} has no string field "${name}"`);
    return { texts: data.items.map((i) => i.raw[name] as string), rule: `field "${name}"` };
  }
  const exclude = [...new Set(data.relevance.map((r) => r.field))];
  return {
    texts: data.items.map((i) => itemText(i.raw, { exclude })),
    rule: `library default text rule${exclude.length ? ` (excluding ${exclude.join(', ')})` : ''}`,
  };
}

/** Each item's own name (`itemName`: its title or name), in row order, as the worker gives word overlap. */
export function datasetNames(data: Dataset): (string | undefined)[] {
  return data.items.map((i) => itemName(i.raw));
}

/**
 * Each item's labels (`itemFacets`: its list fields' strings), in row order, under the rule
 * `datasetTexts` embeds with (`field`: one prepared field, read alone), as the worker gives word overlap.
 */
export function datasetFacets(data: Dataset, field: string | undefined): string[][] {
  const exclude = [...new Set(data.relevance.map((r) => r.field))];
  const rule = resolveTextRule(field === undefined ? { exclude } : { fields: [field], flattenOthers: false });
  return data.items.map((i) => itemFacets(i.raw, rule));
}
