import { describeValue } from '../errors.ts';

/** A field of an item with the wrong type: the field name and what is wrong, without the item label. */
export interface FieldFault {
  field: string;
  problem: string;
}

/** Known fields that must be text when present. */
const STRING_FIELDS = ['title', 'name', 'description', 'category', 'brand', 'url', 'image'];

/**
 * Why `id` is not usable, or `undefined` when it is: a non-empty string or a finite number.
 * Numbers are accepted because catalogs exported from databases often use numeric keys.
 */
export function idProblem(id: unknown): string | undefined {
  if (id === undefined) return 'is missing';
  if (typeof id === 'string' ? id !== '' : typeof id === 'number' && Number.isFinite(id)) return undefined;
  return `must be a non-empty string or a finite number, got ${describeValue(id, 'typed')}`;
}

/**
 * Type faults of the known fields of `item`. `null` counts as absent everywhere. `price` must be a
 * finite number: numeric strings like "12.50" are refused rather than guessed at, because "12,50"
 * or "$12" would be guessed wrong. `url` and `image` are only type-checked: whether a scheme is safe
 * to render is the widget's decision.
 */
export function fieldFaults(item: Record<string, unknown>): FieldFault[] {
  const faults: FieldFault[] = [];
  for (const field of STRING_FIELDS) {
    const v = item[field];
    if (v != null && typeof v !== 'string') faults.push({ field, problem: `must be a string, got ${describeValue(v, 'typed')}` });
  }
  const price = item.price;
  if (price != null && !(typeof price === 'number' && Number.isFinite(price))) {
    faults.push({ field: 'price', problem: `must be a number, got ${describeValue(price, 'typed')}` });
  }
  const tags = item.tags;
  if (tags != null && typeof tags !== 'string') {
    if (!Array.isArray(tags)) {
      faults.push({ field: 'tags', problem: `must be a list of strings or a string, got ${describeValue(tags, 'typed')}` });
    } else {
      const bad = tags.findIndex((t) => typeof t !== 'string');
      if (bad >= 0)
        faults.push({ field: 'tags', problem: `must be a list of strings, got ${describeValue(tags[bad], 'typed')} at index ${bad}` });
    }
  }
  return faults;
}
