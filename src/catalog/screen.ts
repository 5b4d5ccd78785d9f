/**
 * The per-item checks of validation that do not need an item's text: shape, cloneability, id,
 * duplicate ids and field types. Split from the text rule and content hash (validate.ts) so a
 * worker that can take content hashes from prebuilt vectors built from these exact catalog bytes
 * (src/worker/trusted-catalog.ts) keeps or skips exactly the items validation would, without
 * paying for every item's text before its first answer.
 */
import { describeValue, type ErrorCode, ErrorCodes } from '../errors.ts';
import type { CatalogItem, CatalogProblem, ProblemSeverity } from '../types.ts';
import { fieldFaults, idProblem } from './checks.ts';
import { isUncloneableItem } from './cloneable.ts';
import { isUnparsableLine } from './jsonl.ts';
import { itemLabel } from './report.ts';
import { isRecord } from './text.ts';

/** An item that passed screening: its position in the input, its key and the item to keep. */
export interface ScreenedItem {
  index: number;
  key: string;
  item: CatalogItem;
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
 * Screens every raw item (see `validateCatalog` for the rules); never throws. Items with a field
 * of the wrong type are kept as a copy without that field.
 */
export function screenCatalog(raw: readonly unknown[]): ScreenedCatalog {
  const problems: CatalogProblem[] = [];
  const kept: ScreenedItem[] = [];
  const firstSeen = new Map<string, number>();
  const report = (index: number, id: string | undefined, field: string, code: ErrorCode, severity: ProblemSeverity, problem: string) => {
    problems.push(itemProblem(index, id, field, code, severity, problem));
  };

  // A plain loop, not forEach: holes in a sparse array must be reported, not silently skipped.
  for (let index = 0; index < raw.length; index++) {
    const value = raw[index];
    if (isUnparsableLine(value)) {
      // Named by line, since that is what the author of a .jsonl file can find in an editor.
      problems.push({
        index,
        field: '',
        code: ErrorCodes.ITEM_NOT_OBJECT,
        severity: 'error',
        message: `line ${value.line} (position ${index}): ${value.reason}`,
      });
      continue;
    }
    if (isUncloneableItem(value)) {
      report(
        index,
        value.id,
        '',
        ErrorCodes.ITEM_NOT_CLONEABLE,
        'error',
        `cannot be copied to the worker (${value.reason}); functions, DOM nodes and symbols are not catalog data`,
      );
      continue;
    }
    if (!isRecord(value)) {
      report(index, undefined, '', ErrorCodes.ITEM_NOT_OBJECT, 'error', `must be an object, got ${describeValue(value, 'typed')}`);
      continue;
    }
    const badId = idProblem(value.id);
    if (badId !== undefined) {
      report(index, undefined, 'id', ErrorCodes.ITEM_ID_INVALID, 'error', badId);
      continue;
    }
    const key = String(value.id);
    const first = firstSeen.get(key);
    if (first !== undefined) {
      report(
        index,
        key,
        'id',
        ErrorCodes.ITEM_ID_DUPLICATE,
        'error',
        `repeats the id of the item at position ${first} (ids are compared as text); the first one wins`,
      );
      continue;
    }
    firstSeen.set(key, index);
    const faults = fieldFaults(value);
    for (const f of faults) report(index, key, f.field, ErrorCodes.ITEM_FIELD_TYPE, 'warning', `${f.problem}; the field is left out`);
    // The item as given, or (rarely) a copy without its faulty fields.
    const item = (
      faults.length === 0
        ? value
        : withoutFields(
            value,
            faults.map((f) => f.field),
          )
    ) as CatalogItem;
    kept.push({ index, key, item });
  }
  return { kept, problems };
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

/** A shallow copy of `item` without `fields`. */
function withoutFields(item: Record<string, unknown>, fields: readonly string[]): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(item)) if (!fields.includes(key)) copy[key] = item[key];
  return copy;
}
