/** The catalog module: load raw items, validate them into entries, turn items into text, diff against storage. */

export { isDataCloneError, isUncloneableItem, toCloneable, type UncloneableItem } from './cloneable.ts';
export { type CatalogDiff, diffCatalog } from './diff.ts';
export { FACET_MAX_LENGTH, itemFacets, MAX_FACETS } from './facets.ts';
export { contentHash, hashTexts } from './hash.ts';
export { isUnparsableLine, type UnparsableLine } from './jsonl.ts';
export {
  catalogValidator,
  declaresJsonLines,
  type FetchedCatalog,
  fetchCatalog,
  type LoadOptions,
  loadCatalog,
  parseCatalog,
} from './load.ts';
export { entryNames, entryNamesOf, itemName, NAME_FIELDS, type NamedEntry, type NamedItem } from './name.ts';
export { type FormatReportOptions, formatReport } from './report.ts';
export { mergeProblems, noTextProblem, type ScreenedCatalog, type ScreenedItem, screenCatalog } from './screen.ts';
export { DEFAULT_TEXT_RULE, itemText, type ResolvedTextRule, resolveTextRule, textRuleProblem, textWithRule } from './text.ts';
export type { CatalogEntry } from './types.ts';
export { type ValidatedCatalog, type ValidateOptions, validateCatalog } from './validate.ts';
