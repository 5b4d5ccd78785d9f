/**
 * The per-item checks of validation that do not need an item's text: shape, cloneability, id,
 * duplicate ids and field types. Split from the text rule and content hash (validate.ts) so a
 * worker that can take content hashes from prebuilt vectors built from these exact catalog bytes
 * (src/worker/catalog/trusted-catalog.ts) keeps or skips exactly the items validation would, without
 * paying for every item's text before its first answer.
 */
import { describeValue, type ErrorCode, ErrorCodes } from '../errors.ts';
import type { CatalogItem, CatalogProblem, ProblemSeverity } from '../types/index.ts';
import { ByteItems, type JsonElement, withoutFields } from './byte-items.ts';
import { fieldFaults, idProblem } from './checks.ts';
import { isUncloneableItem } from './cloneable.ts';
import { isUnparsableLine } from './jsonl.ts';
import { itemLabel } from './report.ts';
import { isRecord } from './text.ts';

/** An item that passed screening: its position in the input, its key and the item to keep. */
export interface ScreenedItem {
  readonly index: number;
  readonly key: string;
  /** The item (for a catalog kept as bytes, parsed when read: byte-items.ts). */
  readonly item: CatalogItem;
  /** Where the item's JSON lies, when its catalog is kept as bytes (see `StoredEntry.element`). */
  element?(): JsonElement | undefined;
  /** The same place without running field checks deferred to a later read (see `StoredEntry.place`). */
  place?(): JsonElement | undefined;
}

/** A kept item of a catalog held as bytes: parsed again when read. */
class HeldItem implements ScreenedItem {
  constructor(
    readonly index: number,
    readonly key: string,
    private readonly items: ByteItems,
  ) {}

  get item(): CatalogItem {
    return this.items.item(this.index);
  }

  element(): JsonElement {
    return { items: this.items, index: this.index };
  }
}

/** What `screenCatalog` returns: the kept items in input order and the problems of the rest. */
export interface ScreenedCatalog {
  kept: ScreenedItem[];
  problems: CatalogProblem[];
}

/** A problem with its message in the form every catalog report uses (`item 3 "id": ...`). */
export function itemProblem(
  index: number,
  id: string | undefined,
  field: string,
  code: ErrorCode,
  severity: ProblemSeverity,
  problem: string,
): CatalogProblem {
  const prefix = itemLabel(index, id);
  const message = field === '' ? `${prefix}: ${problem}` : `${prefix}: field ${JSON.stringify(field)} ${problem}`;
  return id === undefined ? { index, field, code, severity, message } : { index, id, field, code, severity, message };
}

/** The warning for an item whose text rule gives no text (`ITEM_NO_TEXT`). */
export function noTextProblem(index: number, key: string): CatalogProblem {
  return itemProblem(
    index,
    key,
    '',
    ErrorCodes.ITEM_NO_TEXT,
    'warning',
    'has no text to embed under the text rule; it is kept but gets no content vector',
  );
}

/**
 * Screens every raw item (see `validateCatalog` for the rules). Items with a field of the wrong
 * type are kept as a copy without that field. Never throws for an array; for items held as bytes,
 * throws the SyntaxError of an element that is not JSON (the caller then parses the whole body,
 * which reports it as the catalog being unreadable).
 */
export function screenCatalog(raw: readonly unknown[] | ByteItems): ScreenedCatalog {
  const problems: CatalogProblem[] = [];
  const kept: ScreenedItem[] = [];
  const firstSeen = new Map<string, number>();
  const bytes = raw instanceof ByteItems ? raw : undefined;
  // A plain loop, not forEach: holes in a sparse array must be reported, not silently skipped.
  for (let index = 0; index < raw.length; index++) {
    // An item held as bytes is parsed here and let go: the kept one is parsed again when read.
    const admitted = admit(bytes ? bytes.parse(index) : (raw as readonly unknown[])[index], index, firstSeen);
    if ('problem' in admitted) {
      problems.push(admitted.problem);
      continue;
    }
    const { record, key } = admitted;
    firstSeen.set(key, index);
    const { item, faults, omitted } = checkFields(record, index, key);
    problems.push(...faults);
    if (!bytes) kept.push({ index, key, item });
    else {
      if (omitted.length > 0) bytes.omit(index, omitted);
      kept.push(new HeldItem(index, key, bytes));
    }
  }
  return { kept, problems };
}

/** An item screening keeps (an object with a usable, first-seen id), or the error that drops it. */
export type Admission = { record: Record<string, unknown>; key: string } | { problem: CatalogProblem };

/** Whether the raw item at `index` is kept at all: parsed, copyable, an object, with a new valid id. */
export function admit(value: unknown, index: number, firstSeen: ReadonlyMap<string, number>): Admission {
  if (isUnparsableLine(value)) {
    // Named by line, since that is what the author of a .jsonl file can find in an editor.
    const message = `line ${value.line} (position ${index}): ${value.reason}`;
    return { problem: { index, field: '', code: ErrorCodes.ITEM_NOT_OBJECT, severity: 'error', message } };
  }
  const refuse = (id: string | undefined, field: string, code: ErrorCode, problem: string): Admission => ({
    problem: itemProblem(index, id, field, code, 'error', problem),
  });
  if (isUncloneableItem(value)) {
    const why = `cannot be copied to the worker (${value.reason}); functions, DOM nodes and symbols are not catalog data`;
    return refuse(value.id, '', ErrorCodes.ITEM_NOT_CLONEABLE, why);
  }
  if (!isRecord(value)) return refuse(undefined, '', ErrorCodes.ITEM_NOT_OBJECT, `must be an object, got ${describeValue(value, 'typed')}`);
  const badId = idProblem(value.id);
  if (badId !== undefined) return refuse(undefined, 'id', ErrorCodes.ITEM_ID_INVALID, badId);
  const key = String(value.id);
  const first = firstSeen.get(key);
  if (first !== undefined) {
    const why = `repeats the id of the item at position ${first} (ids are compared as text); the first one wins`;
    return refuse(key, 'id', ErrorCodes.ITEM_ID_DUPLICATE, why);
  }
  return { record: value, key };
}

/**
 * `screened.problems` and `extra` (problems found later for the same items, e.g. `ITEM_NO_TEXT`)
 * in item order, as one pass over the catalog would have reported them.
 */
export function mergeProblems(screened: readonly CatalogProblem[], extra: readonly CatalogProblem[]): CatalogProblem[] {
  if (extra.length === 0) return [...screened];
  // A stable sort: for one item, screening's problems stay ahead of the later ones.
  return [...screened, ...extra].sort((a, b) => a.index - b.index);
}

/**
 * The item to keep of an admitted `record`: as given, or (rarely) a copy without its fields of the
 * wrong type, each reported as a warning.
 */
export function checkFields(
  record: Record<string, unknown>,
  index: number,
  key: string,
): { item: CatalogItem; faults: CatalogProblem[]; omitted: string[] } {
  const faults = fieldFaults(record);
  if (faults.length === 0) return { item: record as CatalogItem, faults: [], omitted: [] };
  const problem = (f: (typeof faults)[number]) =>
    itemProblem(index, key, f.field, ErrorCodes.ITEM_FIELD_TYPE, 'warning', `${f.problem}; the field is left out`);
  const omitted = faults.map((f) => f.field);
  return { item: withoutFields(record, omitted) as CatalogItem, faults: faults.map(problem), omitted };
}
