/**
 * Screening without parsing, for a catalog whose bytes the artifact was built from (the trusted
 * first visit, src/worker/catalog/trusted-catalog.ts). The build parsed and screened these exact
 * bytes, so every element is valid JSON; what the page needs before its first answer is each
 * element's id. When an element starts `{"id": <value>` (as `inpage-rec build`'s input usually
 * does), the id is read from those bytes alone: in Node, 96k Steam items screen in 75-100 ms where
 * parsing each item took ~440 ms. The field checks run when an item is first read, which for most
 * items is the trust check reading it for its text (`QuickScreened.fieldProblems`).
 *
 * An element the bytes do not settle (an id with escapes or not first, invalid or repeated) is
 * parsed and screened as `screenCatalog` screens it.
 */

import type { CatalogItem, CatalogProblem } from '../types/index.ts';
import { shortAscii } from './ascii-string.ts';
import type { ByteItems, JsonElement } from './byte-items.ts';
import { idProblem } from './checks.ts';
import { admit, checkFields, type ScreenedCatalog, type ScreenedItem } from './screen.ts';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
/** 1 for the bytes a JSON number is made of. */
const NUMBER_BYTE = Uint8Array.from({ length: 256 }, (_, b) => (/[-+.0-9eE]/.test(String.fromCharCode(b)) ? 1 : 0));

/** Whether `b` is JSON whitespace. */
const space = (b: number) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;

/**
 * The value of an element's leading `"id"` member, read from its UTF-8 bytes `[start, end)`: a
 * string without escapes, or a JSON number; undefined for any other shape.
 */
export function leadingId(bytes: Uint8Array, start: number, end: number, decoder: TextDecoder): string | number | undefined {
  // Plain loops over the bytes: this runs once per item on the way to a first answer.
  let i = start;
  while (i < end && space(bytes[i]!)) i++;
  if (bytes[i] !== 0x7b) return undefined; // {
  i++;
  while (i < end && space(bytes[i]!)) i++;
  // "id"
  if (bytes[i] !== QUOTE || bytes[i + 1] !== 0x69 || bytes[i + 2] !== 0x64 || bytes[i + 3] !== QUOTE) return undefined;
  i += 4;
  while (i < end && space(bytes[i]!)) i++;
  if (bytes[i] !== 0x3a) return undefined; // :
  i++;
  while (i < end && space(bytes[i]!)) i++;
  let value: string | number;
  if (bytes[i] === QUOTE) {
    const from = ++i;
    while (i < end && bytes[i] !== QUOTE) {
      const b = bytes[i]!;
      if (b === BACKSLASH || b < 0x20) return undefined;
      i++;
    }
    if (i >= end) return undefined;
    // Most ids are short and ASCII: char codes cost less than a decode call (ascii-string.ts).
    const raw = bytes.subarray(from, i);
    value = shortAscii(raw) ?? decoder.decode(raw);
    i++;
  } else {
    const from = i;
    while (i < end && NUMBER_BYTE[bytes[i]!]) i++;
    const token = String.fromCharCode(...bytes.subarray(from, i));
    if (!/^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?$/.test(token)) return undefined;
    value = Number(token);
  }
  while (i < end && space(bytes[i]!)) i++;
  return bytes[i] === 0x2c || bytes[i] === 0x7d ? value : undefined; // , or }
}

/** What `quickScreen` returns: the screened catalog and its field checks, made on first read. */
export interface QuickScreened extends ScreenedCatalog {
  /** The problems screening would have reported for a kept item (its field checks run now if not yet). */
  fieldProblems(held: ScreenedItem): CatalogProblem[];
}

/**
 * Screens `items` as `screenCatalog` does, reading each element's id from its leading bytes where
 * it can (see the module comment): an element without a leading id, or whose id is invalid or
 * repeated, is parsed and screened in full, which reports it. Each kept item's field checks run
 * when it is first read (so nothing ever reads an item with a faulty field) and are reported by
 * `fieldProblems`.
 */
export function quickScreen(items: ByteItems): QuickScreened {
  const decoder = new TextDecoder();
  const { bytes, ranges } = items.source();
  const checks = new FieldChecks(items);
  const kept: ScreenedItem[] = [];
  const problems: CatalogProblem[] = [];
  const firstSeen = new Map<string, number>();
  for (let index = 0; index < items.length; index++) {
    const id = leadingId(bytes, ranges.starts[index]!, ranges.ends[index]!, decoder);
    let key = id === undefined || idProblem(id) !== undefined ? undefined : String(id);
    if (key === undefined || firstSeen.has(key)) {
      const admitted = admit(items.parse(index), index, firstSeen);
      if ('problem' in admitted) {
        problems.push(admitted.problem);
        continue;
      }
      key = admitted.key;
    }
    firstSeen.set(key, index);
    kept.push(new CheckedItem(index, key, checks));
  }
  return { kept, problems, fieldProblems: (held) => checks.problems(held.index, held.key) };
}

/** Field checks of items held as bytes, each made once, on the item's first read. */
class FieldChecks {
  private readonly checked: Uint8Array;
  /** Problems of checked items not yet reported (rare: most items have none). */
  private readonly found = new Map<number, CatalogProblem[]>();

  constructor(readonly items: ByteItems) {
    this.checked = new Uint8Array(items.length);
  }

  /** The item at `index`, checked (read without its faulty fields when it has any). */
  item(index: number, key: string): CatalogItem {
    return this.check(index, key) ?? this.items.item(index);
  }

  /**
   * Runs item `index`'s field checks unless they ran: returns the item then, undefined otherwise
   * (a checked item is not read again: its bytes already say whether they are the item).
   */
  check(index: number, key: string): CatalogItem | undefined {
    if (this.checked[index]) return undefined;
    this.checked[index] = 1;
    const record = this.items.item(index) as unknown as Record<string, unknown>;
    const { item, faults, omitted } = checkFields(record, index, key);
    if (faults.length > 0) {
      this.items.omit(index, omitted);
      this.found.set(index, faults);
    }
    return item;
  }

  /** The problems of item `index` (checked now if it was not read yet), once. */
  problems(index: number, key: string): CatalogProblem[] {
    this.check(index, key);
    const found = this.found.get(index) ?? [];
    this.found.delete(index);
    return found;
  }
}

/** A kept item whose field checks run on its first read. */
class CheckedItem implements ScreenedItem {
  constructor(
    readonly index: number,
    readonly key: string,
    private readonly checks: FieldChecks,
  ) {}

  get item(): CatalogItem {
    return this.checks.item(this.index, this.key);
  }

  element(): JsonElement {
    // Checked first: a faulty field is left out of the item on every read, and the element says so.
    this.checks.check(this.index, this.key);
    return this.place();
  }

  place(): JsonElement {
    return { items: this.checks.items, index: this.index };
  }
}
