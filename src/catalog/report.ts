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
  const unlisted = report.unlisted ?? 0;
  let head = `catalog: ${plural(report.total, 'item')}, ${report.valid} kept, ${report.skipped} skipped`;
  if (unlisted > 0) head += ` (${plural(report.problems.length + unlisted, 'problem')})`;
  else head += report.problems.length === 0 ? ', no problems' : ` (${plural(errors, 'error')}, ${plural(warnings, 'warning')})`;
  const lines = [head];
  const shown = report.problems.slice(0, maxLines);
  for (const p of shown) lines.push(`  ${p.severity} ${p.code}: ${p.message}`);
  const rest = report.problems.length + unlisted - shown.length;
  if (rest > 0) lines.push(`  ... and ${rest} more`);
  return lines.join('\n');
}

/** Problems `status()` lists (see `listedReport`). */
export const STATUS_PROBLEMS = 20;

/**
 * `report` with its first `max` problems listed and the rest counted (`unlisted`), for `status()`.
 * Why: a page may call `status()` often, and each call copies its answer from the worker. A 100k
 * Steam catalog's report holds 5,828 problems (a faulty price in 6% of items), 1.3 MB as JSON: a
 * bench polling `status()` every 50 ms until `ready` left the renderer 30-40 MB higher after it.
 * The whole report goes to the page once, with the `report` event.
 */
export function listedReport(report: CatalogReport, max = STATUS_PROBLEMS): CatalogReport {
  if (report.problems.length <= max) return report;
  return { ...report, problems: report.problems.slice(0, max), unlisted: report.problems.length - max + (report.unlisted ?? 0) };
}

/** How a problem message names an item: by id when it has one, and always by position. */
export function itemLabel(index: number, id?: string): string {
  return id === undefined ? `item at position ${index}` : `item ${JSON.stringify(id)} (position ${index})`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
