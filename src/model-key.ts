/**
 * The model key: which model, at which dims and weight dtype, made a vector. Content hashes,
 * stored vector chunks, catalog snapshots and prebuilt artifacts are all keyed by it, so a vector
 * is only ever reused by the very model that made it.
 */
import { createError, ErrorCodes } from './errors.ts';

/** `"<model>:<dims>:<dtype>"`, e.g. `"use-lite-en:512:q8"`. */
export function modelKey(model: string, dims: number, dtype: string): string {
  return `${model}:${dims}:${dtype}`;
}

/**
 * The model part of the key for vectors projected to fewer dimensions by a build's projection file
 * (src/artifact/projection-file.ts): `"use-lite-en+p<first 16 hex of the file's SHA-256>"`, so
 * vectors of two projections (or none) never mix. Without a projection, the model id as it is.
 */
export function projectedModel(model: string, projectionSha256?: string): string {
  return projectionSha256 ? `${model}+p${projectionSha256.slice(0, 16)}` : model;
}

/**
 * Whether vectors of `key` went through a build's projection. Their decoded codes keep their
 * length (`dequantizeInto`'s `normalize` false): a projected item keeps the share of its length the
 * catalog's directions hold, as a projected query does (encoder/projected.ts), so scores stay on
 * the raw cosines' scale.
 */
export function isProjectedKey(key: string): boolean {
  return /\+p[0-9a-f]{16}:/.test(key);
}

/** The dims a model key names (its second-to-last part: a model id never holds a colon). */
export function dimsOfModelKey(key: string): number {
  return Number(key.split(':').at(-2));
}

/** Throws `INVALID_OPTION` (prefixed with `operation`) unless `key` is a non-empty string. */
export function checkModelKey(key: unknown, operation: string): asserts key is string {
  if (typeof key !== 'string' || key === '') {
    throw createError(
      ErrorCodes.INVALID_OPTION,
      `${operation}: modelKey must be a non-empty string such as "use-lite-en:512:q8", got ${JSON.stringify(key)}`,
    );
  }
}
