/**
 * Reads the documented interactions file of the build CLI (`--interactions file.csv`):
 *
 * ```
 * session_or_order_id,item_id[,ts][,event]
 * o-1001,sku-42,1718000000,purchase
 * o-1001,sku-7,1718000000,purchase
 * ```
 *
 * A header line is optional (recognised when its second column is `item_id`). `ts` is any number
 * that orders a session (epoch seconds, milliseconds, a position; may be empty); `event` is free
 * text (`view`, `cart`, `purchase`, ...). Fields may be double-quoted ("a,b", "say ""hi"""). Bad
 * lines are reported one by one (line number, column, reason) and skipped; every good line is kept.
 */
import type { Interaction } from './types.ts';

/** One rejected line. */
export interface CsvLineError {
  /** 1-based line number in the file. */
  line: number;
  message: string;
}

/** What `parseInteractionsCsv` read. */
export interface ParsedInteractions {
  interactions: Interaction[];
  errors: CsvLineError[];
}

/** Parses the whole text of an interactions CSV file. Never throws on bad lines; see `errors`. */
export function parseInteractionsCsv(text: string): ParsedInteractions {
  const interactions: Interaction[] = [];
  const errors: CsvLineError[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    if (raw.trim() === '') return;
    const parsed = parseLine(raw, i === 0);
    if (typeof parsed === 'string') errors.push({ line: i + 1, message: `line ${i + 1}: ${parsed}` });
    else if (parsed) interactions.push(parsed);
  });
  return { interactions, errors };
}

/** One line as an interaction, `undefined` for the header, or the reason it is rejected. */
function parseLine(raw: string, first: boolean): Interaction | string | undefined {
  const fields = splitCsvLine(raw);
  if (typeof fields === 'string') return fields;
  if (first && fields[1]?.trim().toLowerCase() === 'item_id') return undefined; // header
  if (fields.length < 2 || fields.length > 4)
    return `expected 2 to 4 columns (session_or_order_id,item_id[,ts][,event]), got ${fields.length}`;
  const [session, item, ts, event] = fields.map((f) => f.trim());
  if (!session) return 'column 1 (session_or_order_id) is empty';
  if (!item) return 'column 2 (item_id) is empty';
  const out: Interaction = { session, item };
  if (ts) {
    const t = Number(ts);
    if (!Number.isFinite(t)) return `column 3 (ts) must be a number, got "${ts}"`;
    out.ts = t;
  }
  if (event) out.event = event;
  return out;
}

/** Splits one CSV line (RFC 4180 quoting, no embedded newlines); a string is the reason it is malformed. */
function splitCsvLine(line: string): string[] | string {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    if (line[i] === '"') {
      let value = '';
      i++;
      for (;;) {
        const q = line.indexOf('"', i);
        if (q < 0) return `unterminated quoted field starting at character ${i}`;
        value += line.slice(i, q);
        if (line[q + 1] === '"') {
          value += '"';
          i = q + 2;
          continue;
        }
        i = q + 1;
        break;
      }
      if (i < line.length && line[i] !== ',') return `unexpected character after a quoted field at character ${i + 1}`;
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
