/**
 * Every error inpage-rec throws or reports carries one of these codes, so callers can branch on
 * `err.code` instead of parsing messages. Messages name the item and field involved.
 */
export const ErrorCodes = {
  /** A catalog entry is not a JSON object. */
  ITEM_NOT_OBJECT: 'ITEM_NOT_OBJECT',
  /** A catalog entry has no `id`, or an id that is not a non-empty string or a finite number. */
  ITEM_ID_INVALID: 'ITEM_ID_INVALID',
  /** Two catalog entries share an id (compared as strings: 7 and "7" collide). */
  ITEM_ID_DUPLICATE: 'ITEM_ID_DUPLICATE',
  /** A catalog entry holds a value that cannot be copied to the worker (a function, a DOM node...). */
  ITEM_NOT_CLONEABLE: 'ITEM_NOT_CLONEABLE',
  /** A known field has the wrong type (e.g. `price` is not a number, `tags` is not a list of strings). */
  ITEM_FIELD_TYPE: 'ITEM_FIELD_TYPE',
  /** The item yields no text to embed; it is kept but gets no content vector. */
  ITEM_NO_TEXT: 'ITEM_NO_TEXT',
  /** The catalog source could not be fetched or parsed. */
  CATALOG_UNREADABLE: 'CATALOG_UNREADABLE',
  /** A prebuilt vectors artifact could not be fetched, or is truncated, corrupt or of an unknown version. */
  ARTIFACT_INVALID: 'ARTIFACT_INVALID',
  /** Prebuilt vectors were made by another model, dtype or text rule than this page uses; they are ignored. */
  ARTIFACT_MISMATCH: 'ARTIFACT_MISMATCH',
  /** A method was given an item id that is not in the catalog. */
  UNKNOWN_ITEM: 'UNKNOWN_ITEM',
  /** An option has an invalid value. */
  INVALID_OPTION: 'INVALID_OPTION',
  /** A request (catalog, artifact, model, WASM) received no bytes for the stall limit and was abandoned. */
  NETWORK_STALLED: 'NETWORK_STALLED',
  /** The model could not be loaded or run. */
  MODEL_FAILED: 'MODEL_FAILED',
  /** Work was cancelled through an AbortSignal. */
  ABORTED: 'ABORTED',
  /** The vector index failed a step (training); it keeps answering from its previous state. */
  INDEX_FAILED: 'INDEX_FAILED',
  /** The worker could not start: its script is missing, served with the wrong type, or blocked by CSP. */
  WORKER_FAILED: 'WORKER_FAILED',
  /** IndexedDB is unavailable or failed. */
  STORAGE_FAILED: 'STORAGE_FAILED',
  /** The recommender was used after `destroy()`. */
  DESTROYED: 'DESTROYED',
  /** The retrieval database (Postgres, or PGlite in-process) could not be opened, migrated or queried (src/server). */
  DATABASE_FAILED: 'DATABASE_FAILED',
  /**
   * The retrieval endpoint (option `remote`) did not answer in time, failed, or sent something that
   * is not an answer: a `warning` when the page ranked with its own catalog instead, an error when
   * it has none.
   */
  REMOTE_FAILED: 'REMOTE_FAILED',
} as const;

export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];

/** The one error class of the library. */
export class InpageRecError extends Error {
  override readonly name = 'InpageRecError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * The one way inpage-rec makes an error: `throw createError(ErrorCodes.UNKNOWN_ITEM, 'item "x" ...')`.
 * The message names the item, field, option, file or URL involved; `cause` keeps the original failure.
 */
export function createError(code: ErrorCode, message: string, cause?: unknown): InpageRecError {
  return new InpageRecError(code, message, cause === undefined ? undefined : { cause });
}

/** Throws `ABORTED` when `signal` has been aborted. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw createError(ErrorCodes.ABORTED, 'the operation was aborted', signal.reason);
}

/**
 * How `describeValue` writes a string, number, boolean or bigint:
 * - 'literal' (the default) as code would (`"42"`, `42`, `NaN`): option and manifest messages;
 * - 'typed' with its type first (`string "42"`, `number 42`): catalog and filter messages, read by
 *   whoever exported the data, where the type is what is wrong.
 */
export type ValueStyle = 'typed' | 'literal';

/** Characters of a text shown before it is cut short with "…". */
const SHOWN_CHARS = 40;

/** The message of a thrown value, for a message that wraps it ("could not be fetched (...)"). */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * A value as an error message shows it (`..., got ${describeValue(v)}`), short and unambiguous:
 * text quoted and cut at 40 characters, numbers as themselves (NaN and Infinity too, which JSON
 * would print as null), an array by its length (`array of 3`), any other object as `object` (its
 * contents may be huge, circular or private), and null, undefined, functions and symbols by name.
 */
export function describeValue(value: unknown, style: ValueStyle = 'literal'): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `array of ${value.length}`;
  switch (typeof value) {
    case 'string': {
      const text = JSON.stringify(shorten(value, SHOWN_CHARS));
      return style === 'typed' ? `string ${text}` : text;
    }
    case 'number':
    case 'boolean':
    case 'bigint':
      return style === 'typed' ? `${typeof value} ${String(value)}` : String(value);
    case 'object':
      return 'object';
    default:
      return typeof value;
  }
}

/** `s` cut to `max` UTF-16 units plus "…", never between the two halves of an emoji. */
function shorten(s: string, max: number): string {
  if (s.length <= max) return s;
  const code = s.charCodeAt(max - 1);
  return `${s.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max)}…`;
}
