/**
 * Argument checks shared by the indexes. Indexes are called from a worker with data that crossed
 * a postMessage boundary, so types are checked at run time, not only by the compiler, and every
 * failure is an InpageRecError INVALID_OPTION that names the argument.
 */
import { createError, ErrorCodes } from '../errors.ts';

/** Checks that `value` is an integer in [min, max] and returns it. */
export function checkInt(name: string, value: unknown, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw createError(ErrorCodes.INVALID_OPTION, `${name} must be an integer in [${min}, ${max}], got ${String(value)}`);
  }
  return value;
}

/** Checks a query vector: a Float32Array of `dims` finite values. */
export function checkQuery(query: unknown, dims: number): Float32Array {
  if (!(query instanceof Float32Array)) throw createError(ErrorCodes.INVALID_OPTION, 'query must be a Float32Array');
  if (query.length !== dims) throw createError(ErrorCodes.INVALID_OPTION, `query has ${query.length} values, the index has ${dims} dims`);
  for (let i = 0; i < dims; i++) {
    if (!Number.isFinite(query[i])) throw createError(ErrorCodes.INVALID_OPTION, `query[${i}] is not finite`);
  }
  return query;
}

/** Checks the `k` of a search. */
export function checkK(k: unknown): number {
  return checkInt('k', k, 0);
}

/** Checks an add batch: string keys and `keys.length * dims` finite floats. */
export function checkBatch(keys: unknown, vectors: unknown, dims: number): void {
  checkKeys(keys);
  if (!(vectors instanceof Float32Array)) throw createError(ErrorCodes.INVALID_OPTION, 'vectors must be a Float32Array');
  if (vectors.length !== keys.length * dims) {
    throw createError(ErrorCodes.INVALID_OPTION, `vectors has ${vectors.length} values, expected ${keys.length} keys x ${dims} dims`);
  }
  for (let i = 0; i < vectors.length; i++) {
    // NaN would poison every comparison in the heap and silently corrupt rankings.
    if (!Number.isFinite(vectors[i]))
      throw createError(ErrorCodes.INVALID_OPTION, `vector of key "${keys[Math.floor(i / dims)]}" has a non-finite value`);
  }
}

/** Checks that `keys` is an array of strings. */
export function checkKeys(keys: unknown): asserts keys is string[] {
  if (!Array.isArray(keys)) throw createError(ErrorCodes.INVALID_OPTION, 'keys must be an array of strings');
  for (const key of keys) {
    if (typeof key !== 'string') throw createError(ErrorCodes.INVALID_OPTION, `keys must be strings, got ${typeof key}`);
  }
}

/** Checks that `opts` has no keys outside `known`, so a typo such as `nProbe` is not silently ignored. */
export function checkKnownOptions(opts: unknown, known: readonly string[], what: string): void {
  if (opts === null || typeof opts !== 'object') throw createError(ErrorCodes.INVALID_OPTION, `${what} options must be an object`);
  for (const name of Object.keys(opts)) {
    if (!known.includes(name))
      throw createError(ErrorCodes.INVALID_OPTION, `unknown ${what} option "${name}" (known: ${known.join(', ')})`);
  }
}
