/**
 * One CSV record split into fields (RFC 4180 quoting), for the interactions reader (csv.ts). A
 * record is usually one line; a quoted field may hold line ends (an order export's note or
 * address), so the reader joins lines while `splitCsvRecord` says a quote is still open.
 */

/** What is wrong with a record: the reason and, when one column is at fault, its 1-based number. */
export interface Fault {
  column?: number;
  message: string;
  /** The record ends inside a quoted field: the next line may close it. */
  open?: boolean;
}

/** Longest value quoted back in a message: a garbage line can be megabytes long. */
const MAX_QUOTED = 40;

/** A value quoted for a message, cut short when long. */
export function quote(value: string): string {
  return JSON.stringify(value.length > MAX_QUOTED ? `${value.slice(0, MAX_QUOTED)}...` : value);
}

/**
 * Splits one record into its fields, or says which column is malformed and how. `columnName(n)`
 * names the 1-based column `n` in messages (`column 3 (ts)`).
 */
export function splitCsvRecord(record: string, columnName: (column: number) => string): string[] | Fault {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    const column = fields.length + 1;
    if (record[i] === '"') {
      const open = i;
      let value = '';
      i++;
      for (;;) {
        const q = record.indexOf('"', i);
        if (q < 0)
          return { column, message: `${columnName(column)}: unterminated quoted field starting at character ${open + 1}`, open: true };
        value += record.slice(i, q);
        if (record[q + 1] === '"') {
          value += '"';
          i = q + 2;
          continue;
        }
        i = q + 1;
        break;
      }
      if (i < record.length && record[i] !== ',')
        return { column, message: `${columnName(column)}: unexpected character after a quoted field at character ${i + 1}` };
      fields.push(value);
    } else {
      const comma = record.indexOf(',', i);
      fields.push(comma < 0 ? record.slice(i) : record.slice(i, comma));
      i = comma < 0 ? record.length : comma;
    }
    if (i >= record.length) return fields;
    i++; // skip the comma
  }
}

/**
 * Where a scan of a record stands: at the start of a field, inside an unquoted field, inside a
 * quoted field, or just after a quote inside one (a closing quote, or the first of `""`).
 */
export type QuoteState = 0 | 1 | 2 | 3;
const FIELD_START = 0;
const UNQUOTED = 1;
/** Inside a quoted field: the record goes on past the line end. */
export const IN_QUOTES: QuoteState = 2;
const QUOTE_IN_QUOTES = 3;

/**
 * The state after reading `text` from `state`. A record spanning lines is scanned once line by
 * line, and split only when it closes: re-splitting the whole record at every line would cost up
 * to 100 times a long line's length per stray quote.
 */
export function scanQuotes(state: QuoteState, text: string): QuoteState {
  let s = state;
  for (let i = 0; i < text.length; i++) {
    if (s === IN_QUOTES) {
      // Inside quotes only the next quote matters (a stray quote puts the rest of the line here).
      i = text.indexOf('"', i);
      if (i < 0) return IN_QUOTES;
      s = QUOTE_IN_QUOTES;
      continue;
    }
    const c = text.charCodeAt(i);
    if (s === QUOTE_IN_QUOTES) s = c === 34 ? IN_QUOTES : c === 44 ? FIELD_START : UNQUOTED;
    else if (s === FIELD_START) s = c === 34 ? IN_QUOTES : c === 44 ? FIELD_START : UNQUOTED;
    else if (c === 44) s = FIELD_START;
  }
  return s;
}
