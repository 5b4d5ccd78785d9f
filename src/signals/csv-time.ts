/**
 * The `ts` column of the interactions CSV: a number that orders a session (epoch seconds or
 * milliseconds, a position) or a date-time as order exports write it.
 */

/**
 * A date or date-time as epoch milliseconds; NaN for anything else, an impossible date
 * (`2024-02-30`) included. ISO 8601 (`2024-06-10`, `2024-06-10T10:00:00Z`,
 * `2024-06-10 10:00:00.5+02:00`), plus the form Shopify's and Rails' exports write, with a space
 * before the offset (`2024-06-10 10:00:00 +0200`) or ` UTC`. A time without an offset is read as
 * UTC, like a date alone, so the order within a session never depends on the build machine's time
 * zone.
 */
export function isoTime(text: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(?: ?(Z|[+-]\d{2}:?\d{2})| UTC)?)?$/.exec(text);
  if (!m) return Number.NaN;
  const [, y, mo, d, h = '0', mi = '0', sec = '0', frac = '', zone = 'Z'] = m;
  const [year, month, day, hour, minute, second] = [y, mo, d, h, mi, sec].map(Number) as [number, number, number, number, number, number];
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return Number.NaN;
  const utc = Date.UTC(year, month - 1, day, hour, minute, second) + (frac ? Math.round(Number(frac) * 1000) : 0);
  if (new Date(utc).getUTCDate() !== day) return Number.NaN; // day 0, or beyond the month's last
  if (zone === 'Z') return utc;
  const sign = zone[0] === '-' ? -1 : 1;
  const offset = Number(zone.slice(1, 3)) * 60 + Number(zone.slice(-2));
  return utc - sign * offset * 60_000;
}

/** A `ts` value as a number that orders a session (NaN when it is neither a number nor a date). */
export function parseTs(text: string): number {
  return /^\d{4}-/.test(text) ? isoTime(text) : Number(text);
}
