/**
 * comlink rebuilds thrown errors as plain `Error`s, dropping `code`. Installing this handler on
 * both sides of the worker boundary keeps `InpageRecError` and its code intact.
 */
import { type TransferHandler, transferHandlers } from 'comlink';
import { type ErrorCode, ErrorCodes, InpageRecError } from '../errors.ts';

interface ThrownValue {
  value: unknown;
}
interface SerializedError {
  isError: boolean;
  name: string;
  code?: string;
  message: string;
  stack?: string;
  value?: unknown;
}

const throwHandler: TransferHandler<ThrownValue, SerializedError> = {
  canHandle: (value: unknown): value is ThrownValue =>
    typeof value === 'object' &&
    value !== null &&
    'value' in value &&
    (value as { [k: symbol]: unknown })[Symbol.for('comlink.thrown')] !== undefined,
  serialize({ value }) {
    const e = value as Partial<InpageRecError> & Error;
    const out: SerializedError =
      value instanceof Error
        ? { isError: true, name: e.name, code: e.code, message: e.message, stack: e.stack }
        : { isError: false, name: '', message: '', value };
    return [out, []];
  },
  deserialize(s) {
    if (!s.isError) throw s.value;
    if (s.code && s.code in ErrorCodes) throw new InpageRecError(s.code as ErrorCode, s.message);
    throw Object.assign(new Error(s.message), { name: s.name, stack: s.stack });
  },
};

/** Replaces comlink's default "throw" handler. Call once in the page and once in the worker. */
export function installErrorTransfer(): void {
  const existing = transferHandlers.get('throw') as TransferHandler<ThrownValue, SerializedError> | undefined;
  // Reuse comlink's own detection of thrown values; only (de)serialisation changes.
  transferHandlers.set('throw', { ...throwHandler, canHandle: existing?.canHandle ?? throwHandler.canHandle });
}
