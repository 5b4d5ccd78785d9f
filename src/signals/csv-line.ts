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
