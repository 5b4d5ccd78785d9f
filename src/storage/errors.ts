import { createError, ErrorCodes, InpageRecError } from '../errors.ts';

/** Readable reason for an IndexedDB failure; quota gets its own words because callers act on it. */
function failureReason(cause: unknown): string {
  if (typeof cause === 'object' && cause !== null) {
    const { name, message } = cause as { name?: unknown; message?: unknown };
    if (name === 'QuotaExceededError') return 'the storage quota is exceeded';
    if (typeof message === 'string' && message !== '') {
      return typeof name === 'string' && name !== '' && name !== 'Error' ? `${name}: ${message}` : message;
    }
    if (typeof name === 'string' && name !== '') return name;
  }
  return String(cause);
}

/**
 * Wraps a failure of `operation` in `STORAGE_FAILED`; an `InpageRecError` passes through unchanged
 * so validation errors keep their own code.
 */
export function toStorageError(operation: string, cause: unknown): InpageRecError {
  if (cause instanceof InpageRecError) return cause;
  return createError(ErrorCodes.STORAGE_FAILED, `IndexedDB ${operation} failed: ${failureReason(cause)}`, cause);
}

/** Runs `fn`, turning any failure into a `STORAGE_FAILED` error that names `operation`. */
export async function guard<T>(operation: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw toStorageError(operation, err);
  }
}
