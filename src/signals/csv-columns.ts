/**
 * Which columns of the interactions CSV hold what. The documented file has the columns
 * `session_or_order_id,item_id[,ts][,event]` in that order. A shop's own export (Shopify's orders
 * CSV: `Name`, ..., `Created at`, ..., `Lineitem sku`; WooCommerce's; a GA4 table) has them under
 * other names, among many other columns: `--columns session=Name,item=Lineitem sku,ts=Created at`
 * reads it as it is, picking the columns by the names in its header line.
 */
import { createError, ErrorCodes } from '../errors.ts';
import { type Fault, quote } from './csv-line.ts';
import { parseTs } from './csv-time.ts';

/** The parts of an interaction a column can hold. */
export const PARTS = ['session', 'item', 'ts', 'event'] as const;
type Part = (typeof PARTS)[number];

/** Header names of the columns holding each part (`--columns`); `ts` and `event` are optional. */
export interface CsvColumns {
  session: string;
  item: string;
  ts?: string;
  event?: string;
}

/** Where each part is in a record (0-based), and how columns are named in messages. */
export interface ColumnLayout {
  session: number;
  item: number;
  ts?: number;
  event?: number;
  /** The columns' names by position. */
  names: readonly string[];
  /** Records have exactly this many fields (a header's), or undefined: the documented 2 to 4. */
  width?: number;
  /** The line of the header that gave this layout (0: the documented columns). */
  headerLine: number;
}

/** The documented file's columns, in order. */
export const DOCUMENTED_COLUMNS: readonly string[] = ['session_or_order_id', 'item_id', 'ts', 'event'];

/** The documented layout: `session_or_order_id,item_id[,ts][,event]`. */
export const DOCUMENTED_LAYOUT: Readonly<ColumnLayout> = Object.freeze({
  session: 0,
  item: 1,
  ts: 2,
  event: 3,
  names: DOCUMENTED_COLUMNS,
  headerLine: 0,
});

/** `column 3 (ts)`: the number a spreadsheet shows and the column's name. */
export function columnName(layout: Pick<ColumnLayout, 'names'>, column: number): string {
  const name = layout.names[column - 1];
  return name ? `column ${column} (${name})` : `column ${column}`;
}

/**
 * Parses `--columns session=Name,item=Lineitem sku[,ts=Created at][,event=Type]`. Throws
 * `INVALID_OPTION` naming the flag for an unknown part, a part given twice, an empty name or a
 * missing `session` or `item`.
 */
export function parseColumns(value: string): CsvColumns {
  const example = 'e.g. --columns "session=Name,item=Lineitem sku,ts=Created at"';
  const found: Partial<Record<Part, string>> = {};
  for (const pair of value.split(',')) {
    if (pair.trim() === '') continue;
    const eq = pair.indexOf('=');
    const part = (eq < 0 ? pair : pair.slice(0, eq)).trim();
    const name = eq < 0 ? '' : pair.slice(eq + 1).trim();
    if (!(PARTS as readonly string[]).includes(part))
      throw invalid(`--columns: unknown part ${quote(part)} (known: ${PARTS.join(', ')}); ${example}`);
    if (found[part as Part] !== undefined) throw invalid(`--columns names the ${part} column twice`);
    if (name === '') throw invalid(`--columns: ${part} needs a header name after "=", ${example}`);
    found[part as Part] = name;
  }
  if (found.session === undefined || found.item === undefined)
    throw invalid(`--columns needs at least session= and item= (got ${quote(value)}); ${example}`);
  return found as CsvColumns;
}

/**
 * The layout a header line gives `columns`: each named column found by its name (trimmed, any
 * case). Throws `INVALID_OPTION` when a name is missing from the header or matches two columns,
 * quoting the header's columns so the fix is evident.
 */
export function layoutFromHeader(header: readonly string[], columns: CsvColumns, line: number): ColumnLayout {
  const names = header.map((h) => h.trim());
  const folded = names.map((h) => h.toLowerCase());
  const position = (part: Part): number | undefined => {
    const wanted = columns[part];
    if (wanted === undefined) return undefined;
    const at = folded.flatMap((h, i) => (h === wanted.trim().toLowerCase() ? [i] : []));
    if (at.length === 0)
      throw invalid(
        `--columns ${part}=${wanted}: the header (line ${line}) has no such column; its columns are ${names.map(quote).join(', ')}`,
      );
    if (at.length > 1)
      throw invalid(
        `--columns ${part}=${wanted}: the header (line ${line}) has ${at.length} such columns (${at.map((i) => i + 1).join(', ')})`,
      );
    return at[0];
  };
  const layout: ColumnLayout = { session: position('session')!, item: position('item')!, names, width: names.length, headerLine: line };
  const ts = position('ts');
  const event = position('event');
  if (ts !== undefined) layout.ts = ts;
  if (event !== undefined) layout.event = event;
  const taken = PARTS.flatMap((p) => (layout[p] === undefined ? [] : [[p, layout[p]] as const]));
  for (const [p, at] of taken) {
    const other = taken.find(([q, b]) => q !== p && b === at);
    if (other) throw invalid(`--columns names the header's column ${at + 1} (${quote(names[at]!)}) for both ${p} and ${other[0]}`);
  }
  return layout;
}

function invalid(message: string) {
  return createError(ErrorCodes.INVALID_OPTION, message);
}

/** The row a record's fields make under `layout` (of the right width), or what is wrong with them; `name` names columns in messages. */
export function rowOf(
  fields: readonly string[],
  layout: ColumnLayout,
  name: (column: number) => string,
): { session: string; item: string; ts: number; event: string | undefined } | Fault {
  const session = valueAt(fields, layout.session);
  const item = valueAt(fields, layout.item);
  const ts = valueAt(fields, layout.ts);
  if (!session) return { column: layout.session + 1, message: `${name(layout.session + 1)} is empty` };
  if (!item) return { column: layout.item + 1, message: `${name(layout.item + 1)} is empty` };
  let t = Number.NaN;
  if (ts) {
    t = parseTs(ts);
    const column = layout.ts! + 1;
    if (!Number.isFinite(t)) return { column, message: `${name(column)} must be a number or an ISO 8601 date, got ${quote(ts)}` };
  }
  return { session, item, ts: t, event: valueAt(fields, layout.event) || undefined };
}

/** The trimmed field at `at` ('' when there is none). A plain function: this runs for every row of the log. */
function valueAt(fields: readonly string[], at: number | undefined): string {
  return at === undefined ? '' : (fields[at] ?? '').trim();
}
