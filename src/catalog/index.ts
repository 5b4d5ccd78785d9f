/** The catalog module: load raw items, validate them into entries, turn items into text, diff against storage. */
export type { CatalogEntry, CatalogItem, CatalogProblem, CatalogReport, ProblemSeverity } from './types.ts';
export { DEFAULT_TEXT_RULE, itemText, type TextRule } from './text.ts';
export { contentHash, hashTexts } from './hash.ts';
export { validateCatalog, type ValidateOptions, type ValidatedCatalog } from './validate.ts';
export { loadCatalog, type FetchLike, type LoadOptions } from './load.ts';
export { isUnparsableLine, type UnparsableLine } from './jsonl.ts';
export { diffCatalog, type CatalogDiff } from './diff.ts';
export { formatReport, type FormatReportOptions } from './report.ts';
