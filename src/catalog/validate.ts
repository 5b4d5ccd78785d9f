import { createError, type ErrorCode, ErrorCodes } from '../errors.ts';
import { checkModelKey } from '../model-key.ts';
import type { CatalogItem, CatalogProblem, CatalogReport, ProblemSeverity, TextRule } from '../types.ts';
import { fieldFaults, idProblem } from './checks.ts';
import { isUncloneableItem } from './cloneable.ts';
import { hashTexts } from './hash.ts';
import { isUnparsableLine } from './jsonl.ts';
import { describeValue, itemLabel } from './report.ts';
import { isRecord, resolveTextRule, textWithRule } from './text.ts';
import type { CatalogEntry } from './types.ts';

/** Options of `validateCatalog`. */
export interface ValidateOptions {
  /** How items become text (defaults: `DEFAULT_TEXT_RULE`). */
  rule?: TextRule;
  /** Identifies the model and its settings, e.g. `"use-lite-en:512"`; part of every content hash. */
  modelKey: string;
}

/** What `validateCatalog` returns: the usable entries and what was wrong with the rest. */
export interface ValidatedCatalog {
  entries: CatalogEntry[];
  report: CatalogReport;
}

/**
 * Checks every raw item, keeps the good ones in input order and reports the others; never throws
 * for bad items (only `INVALID_OPTION` for bad options).
 *
 * Errors (item skipped): not an object (`ITEM_NOT_OBJECT`, also a bad JSON Lines line); not
 * cloneable to the worker (`ITEM_NOT_CLONEABLE`); missing or unusable id (`ITEM_ID_INVALID`); an id
 * already used by an earlier item, compared as text so 7 and "7" collide (`ITEM_ID_DUPLICATE`; the
 * first occurrence claims the id, so which record wins never depends on another one's validity).
 * Warnings (item kept): a known field with the wrong type (`ITEM_FIELD_TYPE`, every such field
 * reported; the field is left out of the kept item: real catalogs are messy, 1,913 of the 32,135
 * Steam items hold a price like "Free To Play", and one bad field must not cost the item); no text
 * to embed (`ITEM_NO_TEXT`).
 */
export async function validateCatalog(raw: readonly unknown[], options: ValidateOptions): Promise<ValidatedCatalog> {
  if (!Array.isArray(raw)) {
    throw createError(ErrorCodes.INVALID_OPTION, `the catalog must be an array of items, got ${describeValue(raw)}`);
  }
  // Option mistakes surface before any per-item work.
  checkModelKey(options.modelKey, 'validateCatalog');
  const rule = resolveTextRule(options.rule);
  const problems: CatalogProblem[] = [];
  const kept: Omit<CatalogEntry, 'hash'>[] = [];
  const firstSeen = new Map<string, number>();

  const report = (index: number, id: string | undefined, field: string, code: ErrorCode, severity: ProblemSeverity, problem: string) => {
    const prefix = itemLabel(index, id);
    const message = field === '' ? `${prefix}: ${problem}` : `${prefix}: field ${JSON.stringify(field)} ${problem}`;
    problems.push(id === undefined ? { index, field, code, severity, message } : { index, id, field, code, severity, message });
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
      report(index, undefined, '', ErrorCodes.ITEM_NOT_OBJECT, 'error', `must be an object, got ${describeValue(value)}`);
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
    const text = textWithRule(item, rule);
    if (text === '') {
      report(
        index,
        key,
        '',
        ErrorCodes.ITEM_NO_TEXT,
        'warning',
        'has no text to embed under the text rule; it is kept but gets no content vector',
      );
    }
    kept.push({ key, item, text });
  }

  const hashes = await hashTexts(
    kept.map((e) => e.text),
    options.modelKey,
  );
  const entries = kept.map((e, i): CatalogEntry => ({ ...e, hash: hashes[i]! }));
  return {
    entries,
    report: { total: raw.length, valid: entries.length, skipped: raw.length - entries.length, problems },
  };
}

/** A shallow copy of `item` without `fields`. */
function withoutFields(item: Record<string, unknown>, fields: readonly string[]): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(item)) if (!fields.includes(key)) copy[key] = item[key];
  return copy;
}
