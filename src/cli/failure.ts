/** The one message a failed `inpage-rec` command prints, shared by `build` and `assets`. */
import { InpageRecError } from '../errors.ts';

/**
 * What to print for `err`: `CODE: message` for the library's own errors (a user's to fix), the
 * message alone for a system error (`EACCES: permission denied, open '…'`, ENOSPC…: it names the
 * path and the cause), and the stack only for anything else, which is a bug worth reporting.
 */
export function failureMessage(err: unknown): string {
  if (err instanceof InpageRecError) return `${err.code}: ${err.message}`;
  if (err instanceof Error && typeof (err as NodeJS.ErrnoException).syscall === 'string') return err.message;
  return err instanceof Error ? (err.stack ?? err.message) : String(err);
}
