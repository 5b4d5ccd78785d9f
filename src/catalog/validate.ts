import { createError, describeValue, ErrorCodes } from '../errors.ts';
import { checkModelKey } from '../model-key.ts';
import type { CatalogProblem, CatalogReport, TextRule } from '../types/index.ts';
import { hashTexts } from './hash.ts';
import { mergeProblems, noTextProblem, screenCatalog } from './screen.ts';
import { resolveTextRule, textWithRule } from './text.ts';
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
    throw createError(ErrorCodes.INVALID_OPTION, `the catalog must be an array of items, got ${describeValue(raw, 'typed')}`);
  }
  // Option mistakes surface before any per-item work.
  checkModelKey(options.modelKey, 'validateCatalog');
  const rule = resolveTextRule(options.rule);
  const screened = screenCatalog(raw);
  const noText: CatalogProblem[] = [];
  const texts = screened.kept.map(({ index, key, item }) => {
    const text = textWithRule(item, rule);
    if (text === '') noText.push(noTextProblem(index, key));
    return text;
  });
  const hashes = await hashTexts(texts, options.modelKey);
  const entries = screened.kept.map(({ key, item }, i): CatalogEntry => ({ key, item, text: texts[i]!, hash: hashes[i]! }));
  return {
    entries,
    report: {
      total: raw.length,
      valid: entries.length,
      skipped: raw.length - entries.length,
      problems: mergeProblems(screened.problems, noText),
    },
  };
}
