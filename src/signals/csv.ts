/**
 * Reads the interactions file of the build CLI (`--interactions file.csv`). The documented columns:
 *
 * ```
 * session_or_order_id,item_id[,ts][,event]
 * o-1001,sku-42,1718000000,purchase
 * o-1001,sku-7,1718000000,purchase
 * ```
 *
 * A header line is optional: the first non-blank line is one when its second column is `item_id`.
 * A shop's own export with other column names and more columns is read as it is through
 * `CsvColumns` (`--columns`, csv-columns.ts): its header line is then required, and every record
 * must have as many fields as the header.
 *
 * A leading UTF-8 byte order mark is ignored. `ts` is a number that orders a session or a date
 * (csv-time.ts); it may be empty; `event` is free text (`view`, `cart`, `purchase`, ...). Fields may
 * be double-quoted ("a,b", "say ""hi"""), and a quoted field in a column the reader does not use
 * may span lines, as an export's note or address does. Lines end with LF, CRLF or a lone CR, as
 * node:readline splits them. Bad lines are reported (line number, column, reason) and skipped;
 * every good line is kept.
 *
 * `InteractionsCsvReader` takes one line at a time, so the CLI can stream files of any size
 * through it; `parseInteractionsCsv` runs it over a whole string (tests, small inputs).
 */
import { createError, ErrorCodes } from '../errors.ts';
import {
  type ColumnLayout,
  type CsvColumns,
  columnName,
  DOCUMENTED_COLUMNS,
  DOCUMENTED_LAYOUT,
  layoutFromHeader,
  rowOf,
} from './csv-columns.ts';
import { type Fault, IN_QUOTES, type QuoteState, scanQuotes, splitCsvRecord } from './csv-line.ts';
import type { Interaction } from './types.ts';

/** One rejected line. */
export interface CsvLineError {
  /** 1-based line number in the file (a record spanning lines: its first). */
  line: number;
  /** 1-based column at fault, when one column is (an empty or non-numeric value, a broken quote, a missing or extra column). */
  column?: number;
  /** Why the line is rejected, naming the column; without the line number, which callers print once as `line N: `. */
  message: string;
}

/** What `parseInteractionsCsv` read. */
export interface ParsedInteractions {
  interactions: Interaction[];
  errors: CsvLineError[];
}

/**
 * Receives each good row. `ts` is NaN and `event` undefined when the row has none. Plain arguments,
 * not an object per row: a log of millions of rows streams through this.
 */
export type InteractionSink = (session: string, item: string, ts: number, event: string | undefined) => void;

/**
 * A quoted field may span lines, but one still open after this many lines is a stray quote: its
 * first line is rejected and the lines after it are read again as lines of their own, so a stray
 * quote costs one line, never the rows below it.
 */
export const MAX_RECORD_LINES = 100;
/** The same bound in characters. */
const MAX_RECORD_CHARS = 1 << 20;
const LINE_END = /\r\n|\r|\n/;

/** A record whose quoted field is still open: its first line's number, its lines so far, where its scan stands. */
interface OpenRecord {
  line: number;
  parts: string[];
  chars: number;
  state: QuoteState;
}

/**
 * Reads an interactions CSV one physical line at a time (`push`, then `end`), handing good rows to
 * the sink and counting bad ones. Keeps the first `keepErrors` errors (all by default) and counts
 * every one in `badLines`, so a file with millions of bad lines costs no memory for them. With
 * `columns`, the first record must be a header naming them; `push` throws `INVALID_OPTION` when it
 * does not.
 */
export class InteractionsCsvReader {
  /** Lines pushed so far (blank ones included): the line number of the last line. */
  lines = 0;
  /** Good rows handed to the sink. */
  rows = 0;
  /** Every rejected line, kept in `errors` or not. */
  badLines = 0;
  /** Line number of the header line, 0 when the file has none. */
  headerLine = 0;
  /** Line number of the first record (header or not), 0 before one. */
  firstRecordLine = 0;
  /** The first record split into fields (a bad first line is then perhaps a header with other names, not a broken quote). */
  firstRecordSplit = false;
  /** The first `keepErrors` rejected lines, in file order. */
  readonly errors: CsvLineError[] = [];
  private layout: ColumnLayout;
  private open: OpenRecord | undefined;
  private readonly name = (column: number) => columnName(this.layout, column);

  /** `sink` gets the good rows; `keepErrors` bounds `errors`; `columns` picks the columns by header name. */
  constructor(
    private readonly sink: InteractionSink,
    private readonly keepErrors = Number.POSITIVE_INFINITY,
    private readonly columns?: CsvColumns,
  ) {
    // With `columns`, no column has a name until the header is read.
    this.layout = columns ? { ...DOCUMENTED_LAYOUT, names: [] } : DOCUMENTED_LAYOUT;
  }

  /** Reads one line, without its line end. */
  push(raw: string): void {
    const line = ++this.lines;
    // A byte order mark can only open the file; left in, it would glue itself to the first field
    // and defeat that field's quotes (`\uFEFF"o1"` is read as the text `"o1"`).
    this.take(line === 1 && raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw, line);
  }

  /** Ends the input: a record still inside a quoted field is rejected at its first line, and its other lines are read as lines. */
  end(): void {
    const open = this.open;
    this.open = undefined;
    if (open) this.abandon(open);
  }

  private take(text: string, line: number): void {
    const open = this.open;
    if (open) {
      open.parts.push(text);
      open.chars += text.length + 1;
      open.state = scanQuotes(open.state, text);
      if (open.state === IN_QUOTES) {
        if (open.parts.length < MAX_RECORD_LINES && open.chars < MAX_RECORD_CHARS) return;
        this.open = undefined;
        this.abandon(open, `, still open ${open.parts.length - 1} lines later`);
        return;
      }
      this.open = undefined;
      const fields = splitCsvRecord(open.parts.join('\n'), this.name);
      if (Array.isArray(fields) && this.maySpanLines(fields)) this.record(fields, open.line);
      else this.abandon(open);
      return;
    }
    // Analytics downloads open with `#` comment lines above the header a `columns` file must have.
    if (text.trim() === '' || (this.columns && !this.firstRecordLine && text.startsWith('#'))) return;
    const fields = splitCsvRecord(text, this.name);
    if (Array.isArray(fields)) this.record(fields, line);
    else if (fields.open) this.open = { line, parts: [text], chars: text.length, state: scanQuotes(0, text) };
    else {
      this.firstRecordLine ||= line;
      this.reject(line, fields);
    }
  }

  /**
   * Whether a record that spans lines is one: its line breaks must fall in columns the reader does
   * not use (an export's note or address). Ids, times and events never hold one, and a record of
   * the wrong width is no record: either way a stray quote opened it. Before a `columns` header is
   * read, every column counts as used.
   */
  private maySpanLines(fields: readonly string[]): boolean {
    const { session, item, ts, event } = this.layout;
    const used = this.columns && !this.headerLine ? fields.map((_, i) => i) : [session, item, ts, event];
    if (used.some((at) => at !== undefined && fields[at]?.includes('\n'))) return false;
    return (this.columns && !this.headerLine) || !this.widthFault(fields);
  }

  /** Rejects an open record's first line (`suffix` adds to its reason) and reads its other lines again, each on its own. */
  private abandon(open: OpenRecord, suffix = ''): void {
    this.firstRecordLine ||= open.line;
    const fault = splitCsvRecord(open.parts[0]!, this.name);
    this.reject(
      open.line,
      Array.isArray(fault) ? { message: `unterminated quoted field${suffix}` } : { ...fault, message: `${fault.message}${suffix}` },
    );
    open.parts.slice(1).forEach((text, i) => {
      this.take(text, open.line + 1 + i);
    });
  }

  private record(fields: string[], line: number): void {
    if (!this.firstRecordLine) {
      this.firstRecordLine = line;
      this.firstRecordSplit = true;
      // The header is looked for on the first record, so a blank line above it is harmless.
      if (this.columns) {
        this.layout = layoutFromHeader(fields, this.columns, line);
        this.headerLine = line;
        return;
      }
      if (fields[1]?.trim().toLowerCase() === 'item_id') {
        this.headerLine = line;
        return;
      }
    }
    const row = this.widthFault(fields) ?? rowOf(fields, this.layout, this.name);
    if ('message' in row) {
      this.reject(line, row);
      return;
    }
    this.rows++;
    this.sink(row.session, row.item, row.ts, row.event);
  }

  /** The fault of a record with the wrong number of fields, naming the first column missing or extra. */
  private widthFault(fields: readonly string[]): Fault | undefined {
    const { width, headerLine } = this.layout;
    const [min, max] = width ? [width, width] : [2, 4];
    if (fields.length >= min && fields.length <= max) return undefined;
    const column = fields.length < min ? fields.length + 1 : max + 1;
    const expected = width
      ? `${width} columns as the header (line ${headerLine}) has`
      : `2 to 4 columns (${DOCUMENTED_COLUMNS[0]},${DOCUMENTED_COLUMNS[1]}[,ts][,event])`;
    return {
      column,
      message: `${this.name(column)} is ${fields.length < min ? 'missing' : 'unexpected'}: expected ${expected}, got ${fields.length}`,
    };
  }

  private reject(line: number, fault: Fault): void {
    if (this.columns && !this.headerLine)
      throw createError(ErrorCodes.INVALID_OPTION, `--columns: the header (line ${line}) could not be read: ${fault.message}`);
    this.badLines++;
    if (this.errors.length < this.keepErrors)
      this.errors.push({ line, ...(fault.column ? { column: fault.column } : {}), message: fault.message });
  }
}

/**
 * Parses the whole text of an interactions CSV file (`columns`: see `InteractionsCsvReader`).
 * Never throws on bad lines; see `errors`.
 */
export function parseInteractionsCsv(text: string, columns?: CsvColumns): ParsedInteractions {
  const interactions: Interaction[] = [];
  const reader = new InteractionsCsvReader(
    (session, item, ts, event) => {
      const it: Interaction = { session, item };
      if (!Number.isNaN(ts)) it.ts = ts;
      if (event !== undefined) it.event = event;
      interactions.push(it);
    },
    Number.POSITIVE_INFINITY,
    columns,
  );
  for (const line of text.split(LINE_END)) reader.push(line);
  reader.end();
  return { interactions, errors: reader.errors };
}
