import { createError, ErrorCodes } from '../errors.ts';
import type { StoreDb } from './schema.ts';

function checkKey(operation: string, key: string): void {
  if (typeof key !== 'string' || key === '') throw createError(ErrorCodes.INVALID_OPTION, `${operation}: key must be a non-empty string`);
}

/**
 * The value stored under `key`, or `undefined`. `T` is the caller's claim about what was stored;
 * nothing checks it at run time.
 */
export async function getSetting<T>(db: StoreDb, key: string): Promise<T | undefined> {
  checkKey('getSetting', key);
  return (await db.get('settings', key)) as T | undefined;
}

/**
 * Stores `value` (anything structured-cloneable) under `key`; `undefined` deletes the key, so
 * reading it back gives `undefined` either way.
 */
export async function setSetting(db: StoreDb, key: string, value: unknown): Promise<void> {
  checkKey('setSetting', key);
  if (value === undefined) await db.delete('settings', key);
  else await db.put('settings', value, key);
}
