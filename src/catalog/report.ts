import type { CatalogReport } from '../types/index.ts';

/** Options of `formatReport`. */
export interface FormatReportOptions {
  /** Problems listed before "... and N more" (default 20). */
  maxLines?: number;
}

/**
 * A readable multi-line summary of a validation report, for the console or a build log:
 *
 *     catalog: 10000 items, 9950 kept, 50 skipped (50 errors, 1 warning)
 *       error ITEM_FIELD_TYPE: item "42" (position 17): field "price" must be a number, got string "abc"
 *       warning ITEM_NO_TEXT: item "77" (position 76): has no text to embed ...
 *       ... and 31 more
 */
export function formatReport(report: CatalogReport, options: FormatReportOptions = {}): string {
  const maxLines = Math.max(0, options.maxLines ?? 20);
  const errors = report.problems.filter((p) => p.severity === 'error').length;
  const warnings = report.problems.length - errors;
  let head = `catalog: ${plural(report.total, 'item')}, ${report.valid} kept, ${report.skipped} skipped`;
  head += report.problems.length === 0 ? ', no problems' : ` (${plural(errors, 'error')}, ${plural(warnings, 'warning')})`;
  const lines = [head];
  for (const p of report.problems.slice(0, maxLines)) lines.push(`  ${p.severity} ${p.code}: ${p.message}`);
  const rest = report.problems.length - maxLines;
  if (rest > 0) lines.push(`  ... and ${rest} more`);
  return lines.join('\n');
}

/** How a problem message names an item: by id when it has one, and always by position. */
export function itemLabel(index: number, id?: string): string {
  return id === undefined ? `item at position ${index}` : `item ${JSON.stringify(id)} (position ${index})`;
}

/** A short, unambiguous description of a bad value for a message, e.g. `string "abc"`, `array of 3`. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `array of ${value.length}`;
  switch (typeof value) {
    case 'string':
      return `string ${JSON.stringify(shorten(value, 40))}`;
    case 'number':
    case 'boolean':
    case 'bigint':
      return `${typeof value} ${String(value)}`;
    case 'object':
      return 'object';
    default:
      return typeof value;
  }
}

function shorten(s: string, max: number): string {
  if (s.length <= max) return s;
  // Do not leave half an emoji before the ellipsis.
  const code = s.charCodeAt(max - 1);
  return `${s.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max)}…`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
