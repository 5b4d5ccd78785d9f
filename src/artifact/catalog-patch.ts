/**
 * Catalog patches (manifest `catalogPatches`, format.ts): what a returning visitor whose page holds
 * the catalog of an older build needs to rebuild this build's catalog without downloading it. At
 * 32k Steam items a 1% edit changes ~321 records, while the catalog file is 1.9 MB of brotli.
 *
 * A patch is one JSON file:
 *
 *     { "format": "inpage-rec-catalog-patch", "version": 1,
 *       "from": "<64 hex>", "to": "<64 hex>", "fromCount": 32135,
 *       "order": [[0, 1200], "new-id", [1201, 30934]],
 *       "items": [["new-id", { ...record as in the catalog file... }], ...],
 *       "report": { "total": 32136, "valid": 32136, "skipped": 0, "problems": [] } }
 *
 * - `from` / `to`: SHA-256 of the exact catalog bytes of the older build and of this one.
 * - `order`: this catalog's valid items' ids, in catalog order, written as steps over the older
 *   catalog's valid ids (`fromCount` of them): `[start, count]` takes `count` ids from position
 *   `start`, a string is an id taken as it is. An unreordered catalog is a few steps.
 * - `items`: every record of this catalog whose JSON differs from the older one's (prices, URLs and
 *   images too, not only texts), or that is new, as the raw record the file holds.
 * - `report`: this catalog's validation report, as a browser validating the whole file makes it.
 *
 * A page validates the records of `items` itself; ids in `order` without one keep the entry the
 * page holds. No Node APIs here: the CLI writes patches, the worker reads them.
 */
import { isRecord } from '../catalog/text.ts';
import { createError, describeValue, ErrorCodes } from '../errors.ts';
import type { CatalogReport } from '../types/index.ts';

/** The `format` value of a catalog patch. */
export const CATALOG_PATCH_FORMAT = 'inpage-rec-catalog-patch';
/** The only catalog patch version this code writes and reads. */
export const CATALOG_PATCH_VERSION = 1;

/** One step of `order`: a run of the older catalog's ids, or one id. */
export type OrderStep = [start: number, count: number] | string;

/** A parsed catalog patch (see the module comment). */
export interface CatalogPatch {
  from: string;
  to: string;
  fromCount: number;
  order: OrderStep[];
  items: [key: string, record: Record<string, unknown>][];
  report: CatalogReport;
}

/**
 * The steps that turn `fromKeys` into `toKeys`: each id found at the position right after the
 * previous step's extends that run; others start a new run, or are spelled out when `fromKeys`
 * lacks them.
 */
export function orderSteps(fromKeys: readonly string[], toKeys: readonly string[]): OrderStep[] {
  const position = new Map(fromKeys.map((k, i) => [k, i]));
  const steps: OrderStep[] = [];
  for (const key of toKeys) {
    const at = position.get(key);
    const last = steps[steps.length - 1];
    if (at === undefined) steps.push(key);
    else if (Array.isArray(last) && last[0] + last[1] === at) last[1]++;
    else steps.push([at, 1]);
  }
  return steps;
}

/** The ids `order` spells over `fromKeys`; throws when a run leaves `fromKeys` or an id repeats. */
export function expandOrder(order: readonly OrderStep[], fromKeys: readonly string[], file: string): string[] {
  const keys: string[] = [];
  for (const step of order) {
    if (typeof step === 'string') keys.push(step);
    else {
      const [start, count] = step;
      if (start + count > fromKeys.length) throw patchError(file, `a step of "order" runs past the ${fromKeys.length} ids it starts from`);
      for (let i = start; i < start + count; i++) keys.push(fromKeys[i]!);
    }
  }
  if (new Set(keys).size !== keys.length) throw patchError(file, '"order" names an id twice');
  return keys;
}

/** The patch file's text: fixed key order, so the same patch always has the same bytes. */
export function serializeCatalogPatch(patch: CatalogPatch): string {
  const { from, to, fromCount, order, items, report } = patch;
  return `${JSON.stringify({ format: CATALOG_PATCH_FORMAT, version: CATALOG_PATCH_VERSION, from, to, fromCount, order, items, report })}\n`;
}

/**
 * Checks the parsed JSON of the catalog patch `file` field by field, and that it leads from `from`
 * to `to` (the manifest's). Throws `ARTIFACT_INVALID` naming the file and the field at fault.
 */
export function parseCatalogPatch(value: unknown, file: string, expected: { from: string; to: string }): CatalogPatch {
  const fail = (problem: string): never => {
    throw patchError(file, problem);
  };
  const p = isRecord(value) ? value : fail(`must be an object, got ${describeValue(value)}`);
  if (p.format !== CATALOG_PATCH_FORMAT || p.version !== CATALOG_PATCH_VERSION) {
    fail(`is not a version ${CATALOG_PATCH_VERSION} "${CATALOG_PATCH_FORMAT}" file`);
  }
  if (p.from !== expected.from || p.to !== expected.to) fail('does not lead from the catalog the manifest names to its own');
  const fromCount =
    Number.isSafeInteger(p.fromCount) && (p.fromCount as number) >= 0
      ? (p.fromCount as number)
      : fail('"fromCount" must be a whole number');
  const order = Array.isArray(p.order) ? p.order : fail('"order" must be a list');
  order.forEach((step, i) => {
    const run = Array.isArray(step) && step.length === 2 && step.every((n) => Number.isSafeInteger(n) && n >= 0);
    if (typeof step !== 'string' && !run) fail(`"order[${i}]" must be an id or [start, count], got ${describeValue(step)}`);
  });
  const items = Array.isArray(p.items) ? p.items : fail('"items" must be a list');
  items.forEach((pair, i) => {
    if (!Array.isArray(pair) || pair.length !== 2 || typeof pair[0] !== 'string' || !isRecord(pair[1])) {
      fail(`"items[${i}]" must be [id, record], got ${describeValue(pair)}`);
    }
  });
  const report = isReport(p.report) ? p.report : fail('"report" must be a catalog report');
  return {
    from: expected.from,
    to: expected.to,
    fromCount,
    order: order as OrderStep[],
    items: items as CatalogPatch['items'],
    report,
  };
}

function isReport(value: unknown): value is CatalogReport {
  if (!isRecord(value) || !Array.isArray(value.problems)) return false;
  const counts = [value.total, value.valid, value.skipped];
  return counts.every((n) => Number.isSafeInteger(n) && (n as number) >= 0) && value.problems.every(isRecord);
}

/** Error for a catalog patch file, code `ARTIFACT_INVALID`. */
export function patchError(file: string, problem: string) {
  return createError(ErrorCodes.ARTIFACT_INVALID, `catalog patch ${JSON.stringify(file)}: ${problem}`);
}
