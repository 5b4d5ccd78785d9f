/**
 * Reads the documented interactions file of the build CLI (`--interactions file.csv`):
 *
 * ```
 * session_or_order_id,item_id[,ts][,event]
 * o-1001,sku-42,1718000000,purchase
 * o-1001,sku-7,1718000000,purchase
 * ```
 *
 * A header line is optional: the first non-blank line is one when its second column is `item_id`.
 * A leading UTF-8 byte order mark is ignored. `ts` is any number that orders a session (epoch
 * seconds, milliseconds, a position) or an ISO 8601 date (`2024-06-10T10:00:00Z`); it may be empty; `event` is free text (`view`, `cart`,
 * `purchase`, ...). Fields may be double-quoted ("a,b", "say ""hi"""). Lines end with LF, CRLF or
 * a lone CR, as node:readline splits them. Bad lines are reported (line number, column, reason)
 * and skipped; every good line is kept.
 *
 * `InteractionsCsvReader` takes one line at a time, so the CLI can stream files of any size
 * through it; `parseInteractionsCsv` runs it over a whole string (tests, small inputs).
 */
import type { Interaction } from './types.ts';

/** One rejected line. */
export interface CsvLineError {
  /** 1-based line number in the file. */
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

const COLUMNS = ['session_or_order_id', 'item_id', 'ts', 'event'];
const LINE_END = /\r\n|\r|\n/;
/** Longest value quoted back in a message: a garbage line can be megabytes long. */
const MAX_QUOTED = 40;

/**
 * Reads an interactions CSV one physical line at a time (`push`), handing good rows to the sink
 * and counting bad ones. Keeps the first `keepErrors` errors (all by default) and counts every one
 * in `badLines`, so a file with millions of bad lines costs no memory for them.
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
  /** The first `keepErrors` rejected lines, in file order. */
  readonly errors: CsvLineError[] = [];
  private seenContent = false;

  /** `sink` gets the good rows; `keepErrors` bounds `errors`. */
  constructor(
    private readonly sink: InteractionSink,
    private readonly keepErrors = Number.POSITIVE_INFINITY,
  ) {}

  /** Reads one line, without its line end. */
  push(raw: string): void {
    const line = ++this.lines;
    // A byte order mark can only open the file; left in, it would glue itself to the first field
    // and defeat that field's quotes (`\uFEFF"o1"` is read as the text `"o1"`).
    const text = line === 1 && raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
    if (text.trim() === '') return;
    const first = !this.seenContent;
    this.seenContent = true;
    const fields = splitCsvLine(text);
    if (!Array.isArray(fields)) {
      this.reject(line, fields);
      return;
    }
    // The header is looked for on the first line with content, so a blank line above it is harmless.
    if (first && fields[1]?.trim().toLowerCase() === 'item_id') {
      this.headerLine = line;
      return;
    }
    const row = checkRow(fields);
    if ('message' in row) {
      this.reject(line, row);
      return;
    }
    this.rows++;
    this.sink(row.session, row.item, row.ts, row.event);
  }

  private reject(line: number, fault: Fault): void {
    this.badLines++;
    if (this.errors.length < this.keepErrors) this.errors.push({ line, ...fault });
  }
}

/** Parses the whole text of an interactions CSV file. Never throws on bad lines; see `errors`. */
export function parseInteractionsCsv(text: string): ParsedInteractions {
  const interactions: Interaction[] = [];
  const reader = new InteractionsCsvReader((session, item, ts, event) => {
    const it: Interaction = { session, item };
    if (!Number.isNaN(ts)) it.ts = ts;
    if (event !== undefined) it.event = event;
    interactions.push(it);
  });
  for (const line of text.split(LINE_END)) reader.push(line);
  return { interactions, errors: reader.errors };
}

/** What is wrong with a line: the reason and, when one column is at fault, its 1-based number. */
interface Fault {
  column?: number;
  message: string;
}

/**
 * An ISO 8601 date or date-time, as order exports write them (`2024-06-10`, `2024-06-10T10:00:00Z`,
 * `2024-06-10 10:00:00.5+02:00`), as epoch milliseconds; NaN for anything else, an impossible date
 * (`2024-02-30`) included. A time without an offset is read as UTC, like a date alone, so the order
 * within a session never depends on the build machine's time zone.
 */
function isoTime(text: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.exec(text);
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

/** The row a line's fields make, or what is wrong with them. */
function checkRow(fields: string[]): { session: string; item: string; ts: number; event: string | undefined } | Fault {
  if (fields.length < 2 || fields.length > 4) {
    // The first column that should not be (or should be) there, so a spreadsheet user can find it.
    const column = fields.length < 2 ? 2 : 5;
    return {
      column,
      message: `${columnName(column)} is ${column === 2 ? 'missing' : 'unexpected'}: expected 2 to 4 columns (session_or_order_id,item_id[,ts][,event]), got ${fields.length}`,
    };
  }
  const [session, item, ts, event] = fields.map((f) => f.trim()) as [string, string, string?, string?];
  if (!session) return { column: 1, message: `${columnName(1)} is empty` };
  if (!item) return { column: 2, message: `${columnName(2)} is empty` };
  let t = Number.NaN;
  if (ts) {
    t = /^\d{4}-/.test(ts) ? isoTime(ts) : Number(ts);
    if (!Number.isFinite(t)) return { column: 3, message: `${columnName(3)} must be a number or an ISO 8601 date, got ${quote(ts)}` };
  }
  return { session, item, ts: t, event: event || undefined };
}

/** `column 3 (ts)`: the number a spreadsheet shows and the documented name. */
function columnName(column: number): string {
  const name = COLUMNS[column - 1];
  return name ? `column ${column} (${name})` : `column ${column}`;
}

/** A value quoted for a message, cut short when long. */
function quote(value: string): string {
  return JSON.stringify(value.length > MAX_QUOTED ? `${value.slice(0, MAX_QUOTED)}...` : value);
}

/** Splits one CSV line (RFC 4180 quoting, no embedded newlines), or says which column is malformed and how. */
function splitCsvLine(line: string): string[] | Fault {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    const column = fields.length + 1;
    if (line[i] === '"') {
      const open = i;
      let value = '';
      i++;
      for (;;) {
        const q = line.indexOf('"', i);
        if (q < 0) return { column, message: `${columnName(column)}: unterminated quoted field starting at character ${open + 1}` };
        value += line.slice(i, q);
        if (line[q + 1] === '"') {
          value += '"';
          i = q + 2;
          continue;
        }
        i = q + 1;
        break;
      }
      if (i < line.length && line[i] !== ',')
        return { column, message: `${columnName(column)}: unexpected character after a quoted field at character ${i + 1}` };
      fields.push(value);
    } else {
      const comma = line.indexOf(',', i);
      fields.push(comma < 0 ? line.slice(i) : line.slice(i, comma));
      i = comma < 0 ? line.length : comma;
    }
    if (i >= line.length) return fields;
    i++; // skip the comma
  }
}
