/** A test helper: the message of the `INVALID_OPTION` error `run` throws (the test fails when it throws none or another). */
import { expect } from 'vitest';
import { ErrorCodes } from '../src/errors.ts';

/** Runs `run`, expects it to throw `INVALID_OPTION`, and returns that error's message. */
export function invalidOptionMessage(run: () => unknown): string {
  try {
    run();
  } catch (err) {
    expect(err).toMatchObject({ code: ErrorCodes.INVALID_OPTION });
    return (err as Error).message;
  }
  throw new Error('expected an INVALID_OPTION error, none was thrown');
}
