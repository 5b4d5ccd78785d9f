/**
 * Checks the per-call options of every ranking method, the same way on every path (lexical
 * fallback while warming up, or vectors): a bad `k` or a misspelt option fails loudly instead of
 * being clamped or ignored.
 */
import { createError, describeValue, ErrorCodes } from '../../errors.ts';
import type { ModeInput } from '../../modes/mode.ts';
import { DEFAULT_K, MAX_K, type RankOptions } from '../../types/index.ts';

/** Option names `RankOptions` accepts; a new option is added here and in its type. */
const KNOWN: readonly (keyof RankOptions)[] = ['k', 'filter', 'excludeIds', 'diversity', 'minScore'];

/** `options` with `k` resolved; throws INVALID_OPTION naming the option at fault. */
export function checkRankOptions(method: string, options: unknown): RankOptions & { k: number } {
  if (options === undefined || options === null) return { k: DEFAULT_K };
  if (typeof options !== 'object' || Array.isArray(options)) {
    throw createError(ErrorCodes.INVALID_OPTION, `${method}: options must be an object, got ${JSON.stringify(options)}`);
  }
  for (const name of Object.keys(options)) {
    if (!KNOWN.includes(name as keyof RankOptions)) {
      throw createError(ErrorCodes.INVALID_OPTION, `${method}: unknown option "${name}" (known: ${KNOWN.join(', ')})`);
    }
  }
  const { k = DEFAULT_K, filter, excludeIds, diversity, minScore } = options as RankOptions;
  if (typeof k !== 'number' || !Number.isInteger(k) || k < 1 || k > MAX_K) {
    throw createError(ErrorCodes.INVALID_OPTION, `${method}: k must be an integer from 1 to ${MAX_K}, got ${describeValue(k)}`);
  }
  if (filter !== undefined && (filter === null || typeof filter !== 'object' || Array.isArray(filter))) {
    throw createError(ErrorCodes.INVALID_OPTION, `${method}: filter must be an object of field conditions, got ${JSON.stringify(filter)}`);
  }
  if (
    excludeIds !== undefined &&
    (!Array.isArray(excludeIds) || excludeIds.some((id) => typeof id !== 'string' && typeof id !== 'number'))
  ) {
    throw createError(ErrorCodes.INVALID_OPTION, `${method}: excludeIds must be a list of item ids (strings or numbers)`);
  }
  for (const [name, value] of [
    ['diversity', diversity],
    ['minScore', minScore],
  ] as const) {
    if (value !== undefined && !(typeof value === 'number' && value >= 0 && value <= 1)) {
      throw createError(ErrorCodes.INVALID_OPTION, `${method}: ${name} must be a number from 0 to 1, got ${describeValue(value)}`);
    }
  }
  return {
    k,
    ...(filter === undefined ? {} : { filter }),
    ...(excludeIds === undefined ? {} : { excludeIds }),
    ...(diversity === undefined ? {} : { diversity }),
    ...(minScore === undefined ? {} : { minScore }),
  };
}

/**
 * The checked input of a mode's call, as a string: a query (any string) or an item id (a non-empty
 * string or a finite number). Throws INVALID_OPTION naming the method. Whether the item is in the
 * catalog is the caller's to check: the page looks in its own, a retrieval endpoint in its database.
 */
export function checkInput(method: string, input: Exclude<ModeInput, 'none'>, value: unknown): string {
  if (input === 'query') {
    if (typeof value !== 'string') throw createError(ErrorCodes.INVALID_OPTION, `${method}: the query must be a string`);
    return value;
  }
  if ((typeof value !== 'string' || value === '') && !(typeof value === 'number' && Number.isFinite(value))) {
    throw createError(
      ErrorCodes.INVALID_OPTION,
      `${method}: the item id must be a non-empty string or a number, got ${describeValue(value)}`,
    );
  }
  return String(value);
}
