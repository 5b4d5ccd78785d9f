/**
 * Reading `--interactions file.csv` for the build: streamed line by line (lines.ts, checked as
 * UTF-8) into the compact `InteractionCollector`, never held whole, so a log of any size fits (a
 * file over ~512 MB cannot even be one JavaScript string). Fails with a message that says what to
 * fix when the file is unreadable, empty, has no readable line, keeps nothing under `--events`, or
 * names no catalog item; warns about bad lines (a line that is not valid UTF-8 is one) and about a
 * log whose ids are mostly unknown to the catalog.
 */
import { createError, ErrorCodes, InpageRecError } from '../errors.ts';
import { type CsvColumns, type CsvLineError, InteractionCollector, InteractionsCsvReader } from '../signals/index.ts';
import { forEachLine } from './lines.ts';

/** Bad lines listed one by one (in warnings, the summary and errors); the rest are counted. */
export const LISTED_BAD_LINES = 5;
/** Above this share of rows naming ids the catalog lacks, the build warns: the log probably uses other ids. */
export const UNKNOWN_SHARE_WARNING = 0.5;
/** A line that is not UTF-8 (lines.ts); spreadsheets save Latin-1 or Windows-1252 unless told otherwise. */
const CSV_NOT_UTF8 = 'not valid UTF-8 (save the file as UTF-8, e.g. "CSV UTF-8" in a spreadsheet)';

/** What `readInteractions` read: the collector to aggregate, and what to report. */
export interface ReadInteractions {
  collector: InteractionCollector;
  /** The first `LISTED_BAD_LINES` bad lines as `line N: reason`. */
  badLines: string[];
  /** Every bad line. */
  badLineCount: number;
  /** Warning lines for the build's log. */
  warnings: string[];
}

/**
 * Streams the interactions CSV `file` into a collector numbering items as `ids` does (row i = ids[i]),
 * keeping only `events` when given and reading the columns `columns` names (`--columns`) when given.
 * Throws `CATALOG_UNREADABLE` when the file cannot be read, is empty or has no readable line,
 * `INVALID_OPTION` when `--events` keeps no row or the header lacks a `--columns` name, and
 * `UNKNOWN_ITEM` when no row names a catalog item; the messages quote lines and ids so the fix is
 * evident.
 */
export async function readInteractions(
  file: string,
  ids: readonly string[],
  events?: readonly string[],
  columns?: CsvColumns,
): Promise<ReadInteractions> {
  const name = `--interactions ${JSON.stringify(file)}`;
  const itemColumn = columns ? JSON.stringify(columns.item) : 'item_id';
  const collector = new InteractionCollector(ids, events);
  const reader = new InteractionsCsvReader(
    (session, item, ts, event) => collector.add(session, item, ts, event),
    LISTED_BAD_LINES,
    columns,
  );
  const utf8 = await readLines(file, reader, name);
  // Each list holds its first LISTED_BAD_LINES, so the first of both together are among them.
  const firstErrors = [...reader.errors, ...utf8.errors].sort((a, b) => a.line - b.line).slice(0, LISTED_BAD_LINES);
  const badLines = firstErrors.map(formatLineError);
  const badLineCount = reader.badLines + utf8.count;
  // A first line with other column names than the documented ones is an export's own header (not
  // a broken quote: that line did split into fields).
  const hint =
    !columns && !reader.headerLine && reader.firstRecordSplit && reader.errors[0]?.line === reader.firstRecordLine
      ? `; if line ${reader.firstRecordLine} is a header with other column names, pick the columns by name: --columns "session=<order or session column>,item=<item id column>[,ts=<time column>][,event=<event column>]"`
      : '';
  if (reader.rows + badLineCount === 0) {
    const what = reader.headerLine ? `only a header line (line ${reader.headerLine})` : 'no line with content';
    throw createError(
      ErrorCodes.CATALOG_UNREADABLE,
      `${name} is empty: it holds ${what}; expected rows of ${columns ? 'interactions below the header' : 'session_or_order_id,item_id[,ts][,event]'}`,
    );
  }
  if (reader.rows === 0) {
    throw createError(
      ErrorCodes.CATALOG_UNREADABLE,
      `${name} holds no readable interaction: ${plural(badLineCount, 'line is', 'lines are')} bad (${listBadLines(badLines, badLineCount)}); expected ${columns ? `the columns --columns names` : 'session_or_order_id,item_id[,ts][,event]'}${hint}`,
    );
  }
  const kept = collector.interactions;
  if (events && kept === 0 && collector.unknownItems === 0) {
    throw createError(
      ErrorCodes.INVALID_OPTION,
      `--events ${events.join(',')} keeps none of the ${reader.rows} rows of ${JSON.stringify(file)}; the file's events include ${eventList(collector)}`,
    );
  }
  if (kept === 0) {
    throw createError(
      ErrorCodes.UNKNOWN_ITEM,
      `none of the ${plural(collector.unknownItems, 'row', 'rows')} of ${name} names an item of the catalog: its ${itemColumn} values include ${quoteList(collector.unknownIds)}, while catalog ids look like ${catalogSample(ids)}; the ${itemColumn} column must hold the catalog's "id" values`,
    );
  }
  const warnings = badLines.map((line, i) => `warning: --interactions ${line}${firstErrors[i] === reader.errors[0] ? hint : ''}`);
  if (badLineCount > badLines.length) {
    warnings.push(
      `warning: --interactions: ... and ${badLineCount - badLines.length} more bad lines (${badLineCount} in all), skipped like these`,
    );
  }
  const considered = kept + collector.unknownItems;
  if (collector.unknownItems > considered * UNKNOWN_SHARE_WARNING) {
    warnings.push(
      `warning: --interactions: ${collector.unknownItems} of ${considered} rows (${Math.round((100 * collector.unknownItems) / considered)}%) name items not in the catalog, e.g. ${quoteList(collector.unknownIds)} (catalog ids look like ${catalogSample(ids)}); they are skipped`,
    );
  }
  for (const [event, n] of collector.eventCounts ?? []) {
    if (n === 0)
      warnings.push(`warning: --events: no row has the event ${JSON.stringify(event)}; the file's events include ${eventList(collector)}`);
  }
  return { collector, badLines, badLineCount, warnings };
}

/**
 * Pushes every line of `file` into `reader`, and returns the lines that are not valid UTF-8 (the
 * first `LISTED_BAD_LINES`, and their count). Throws `CATALOG_UNREADABLE` when `file` cannot be read.
 */
async function readLines(file: string, reader: InteractionsCsvReader, name: string): Promise<{ errors: CsvLineError[]; count: number }> {
  const utf8 = { errors: [] as CsvLineError[], count: 0 };
  try {
    await forEachLine(file, (line) => {
      if (line !== undefined) {
        reader.push(line);
        return;
      }
      // Pushed blank, so the reader's line numbers stay the file's; rejected here, since the reader reads text.
      reader.push('');
      utf8.count++;
      if (utf8.errors.length < LISTED_BAD_LINES) utf8.errors.push({ line: reader.lines, message: CSV_NOT_UTF8 });
    });
    reader.end();
  } catch (err) {
    if (err instanceof InpageRecError) throw err; // a header without the --columns names
    throw createError(ErrorCodes.CATALOG_UNREADABLE, `${name} could not be read (${(err as Error).message})`, err);
  }
  return utf8;
}

/** `line N: reason`: the one place a bad line gets its number. */
export function formatLineError(e: CsvLineError): string {
  return `line ${e.line}: ${e.message}`;
}

function listBadLines(listed: readonly string[], total: number): string {
  return total > listed.length ? `${listed.join('; ')}; and ${total - listed.length} more` : listed.join('; ');
}

function eventList(collector: InteractionCollector): string {
  const names = [...collector.eventNames];
  return names.length ? quoteList(names) : 'none (no row has an event)';
}

function catalogSample(ids: readonly string[]): string {
  return ids.length ? quoteList(ids.slice(0, 3)) : 'nothing: the catalog has no valid item';
}

function quoteList(values: readonly string[]): string {
  return values.map((v) => JSON.stringify(v)).join(', ');
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}
