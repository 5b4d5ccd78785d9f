/**
 * The widget's list options read strictly, from attribute text (the element) or prop values
 * (React), with one reading for both. A value that is present but unusable is not clamped or
 * swapped for the default: the list reports it (an `INVALID_OPTION` error naming the attribute or
 * prop) and fetches nothing, so a page that writes `k="5px"` or `diversity="high"` learns at once
 * that it is not applied. Absent (null, undefined) means the default.
 */
import { describeValue } from '../errors.ts';
import { DEFAULT_K, type Filter } from '../types/index.ts';
import type { ListInput } from './list-types.ts';

/** An option as read: its value (undefined when absent: the default applies), or why it is unusable. */
export interface OptionRead<T> {
  value?: T;
  error?: string;
}

/** The largest number of cards (the API allows `MAX_K`; a widget showing over 100 is a mistake). */
export const MAX_WIDGET_K = 100;

/** An item id list as the API takes it. */
type Ids = readonly (string | number)[];

/**
 * A number from a number, or from text that is only `pattern` (after trimming): `Number()` alone
 * would take `""` as 0 and `"0x10"` as 16.
 */
function numberOf(value: unknown, pattern: RegExp): number | undefined {
  if (typeof value === 'number') return value; // NaN and Infinity fail the callers' range checks
  if (typeof value === 'string' && pattern.test(value.trim())) return Number(value.trim());
  return undefined;
}

/** `k`, the number of cards: a whole number from 1 to 100 (`"4"` or `4`). */
export function readK(value: unknown, name = 'the k attribute'): OptionRead<number> {
  if (value === null || value === undefined) return {};
  const n = numberOf(value, /^\d+$/);
  if (n !== undefined && Number.isInteger(n) && n >= 1 && n <= MAX_WIDGET_K) return { value: n };
  return { error: `${name} must be a whole number from 1 to ${MAX_WIDGET_K}; got ${describeValue(value)}` };
}

/** A share from 0 to 1 (`diversity`, `minScore`): `"0.3"`, `".3"`, `"1"` or a number. */
export function readUnit(value: unknown, name: string): OptionRead<number> {
  if (value === null || value === undefined) return {};
  const n = numberOf(value, /^(?:\d+\.?\d*|\.\d+)$/);
  if (n !== undefined && n >= 0 && n <= 1) return { value: n };
  return { error: `${name} must be a number from 0 to 1; got ${describeValue(value)}` };
}

/** A list of item ids given as a value (a property or prop): an array of strings and numbers. */
export function checkIds(value: unknown, name: string): OptionRead<Ids> {
  if (value === null || value === undefined) return {};
  if (!Array.isArray(value)) return { error: `${name} must be an array of item ids, e.g. ["sku-1", 42]; got ${describeValue(value)}` };
  // findIndex also visits the holes of a sparse array.
  const at = value.findIndex((id) => typeof id !== 'string' && !(typeof id === 'number' && Number.isFinite(id)));
  if (at >= 0) return { error: `${name} must hold only item ids (strings or numbers); got ${describeValue(value[at])} at position ${at}` };
  return { value };
}

/**
 * Item ids from attribute text: a JSON array (`["sku-1", 42]`) or ids separated by commas or
 * spaces (`sku-1, sku-2`). Text that starts like JSON but is not a JSON array of ids is an error:
 * read as a plain list, `[1, 2` would exclude the ids "[1" and "2".
 */
export function readIdList(value: string | null, name = 'the exclude-ids attribute'): OptionRead<Ids> {
  if (!value?.trim()) return {};
  if (!value.trim().startsWith('[')) return { value: value.split(/[\s,]+/).filter(Boolean) };
  let list: unknown;
  try {
    list = JSON.parse(value);
  } catch {
    return { error: `${name} must be a JSON array of ids or ids separated by commas or spaces; got ${describeValue(value)}` };
  }
  return checkIds(list, name);
}

/** A filter from attribute JSON: an object of field conditions. */
export function readFilter(value: string | null, name = 'the filter attribute'): OptionRead<Filter> {
  if (!value?.trim()) return {};
  let filter: unknown;
  try {
    filter = JSON.parse(value);
  } catch {
    filter = value; // not JSON: reported as the text it is
  }
  return checkFilter(filter, name, 'a JSON object');
}

/** A filter given as a value (the React prop): an object of field conditions, or nothing. */
export function checkFilter(value: unknown, name: string, what = 'an object'): OptionRead<Filter> {
  if (value === null || value === undefined) return {};
  if (typeof value === 'object' && !Array.isArray(value)) return { value: value as Filter };
  return { error: `${name} must be ${what} of field conditions, e.g. {"category":"Tents"}; got ${describeValue(value)}` };
}

/** The ranking options of a list, each as read. */
export interface OptionReads {
  k: OptionRead<number>;
  diversity: OptionRead<number>;
  minScore: OptionRead<number>;
  filter: OptionRead<Filter>;
  /** Every source of ids never to show (an attribute and a property): merged. */
  excludeIds: readonly OptionRead<Ids>[];
}

/** The list input's ranking options from `reads`; every unusable one is named in `invalid`. */
export function listOptions(reads: OptionReads): Pick<ListInput, 'k' | 'diversity' | 'minScore' | 'filter' | 'excludeIds' | 'invalid'> {
  const { k, diversity, minScore, filter } = reads;
  const excludeIds = reads.excludeIds.flatMap((x) => x.value ?? []);
  const invalid = [k, diversity, minScore, filter, ...reads.excludeIds].flatMap((x) => x.error ?? []).join('; ');
  return {
    k: k.value ?? DEFAULT_K,
    ...(diversity.value === undefined ? {} : { diversity: diversity.value }),
    ...(minScore.value === undefined ? {} : { minScore: minScore.value }),
    ...(filter.value ? { filter: filter.value } : {}),
    ...(excludeIds.length ? { excludeIds } : {}),
    ...(invalid ? { invalid } : {}),
  };
}
