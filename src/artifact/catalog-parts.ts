/**
 * The catalog in parts (format.ts `ArtifactCatalogParts`): the build's records split by artifact
 * row, so a first visit that ranks by the artifact's head before the catalog is in fetches the
 * records of the items it shows (a few parts of ~15 KB of brotli at 32k Steam items) instead of the
 * whole catalog (1.9 MB). Written by `inpage-rec build` (src/cli/catalog-parts-step.ts), read by
 * the page (src/worker/prebuilt/catalog-parts.ts).
 */
import { sha256Hex } from '../digest/sha256.ts';
import type { CatalogItem } from '../types/index.ts';
import type { ArtifactCatalogParts } from './format.ts';
import { artifactError } from './manifest.ts';

/**
 * Records per part: at Steam-like records (~60 B of brotli each) a part is ~15 KB, so the 8 cards
 * of a widget cost at most 8 small requests, and a catalog of 32k items ~126 files.
 */
export const CATALOG_PART_ROWS = 256;

/** The parts of `items` (in artifact row order, `rows` per part): their bytes and the manifest entry. */
export async function encodeCatalogParts(
  items: readonly CatalogItem[],
  rows = CATALOG_PART_ROWS,
): Promise<{ files: { name: string; bytes: Uint8Array }[]; entry: ArtifactCatalogParts }> {
  const files: { name: string; bytes: Uint8Array; sha256: string }[] = [];
  for (let start = 0; start < items.length; start += rows) {
    const bytes = new TextEncoder().encode(`${JSON.stringify(items.slice(start, start + rows))}\n`);
    const sha256 = await sha256Hex(bytes);
    files.push({ name: `catalog-part-${sha256.slice(0, 16)}.json`, bytes, sha256 });
  }
  return {
    files: files.map(({ name, bytes }) => ({ name, bytes })),
    entry: { rows, files: files.map(({ name, bytes, sha256 }) => ({ name, bytes: bytes.byteLength, sha256 })) },
  };
}

/**
 * The records of part `part` in `bytes` (fetched from `url`), checked against the manifest's
 * `entry` and the artifact's `keys` (row order): its SHA-256, and one record per row whose id is
 * that row's key. Throws `ARTIFACT_INVALID` naming the file and the fault.
 */
export async function decodeCatalogPart(
  bytes: Uint8Array,
  entry: ArtifactCatalogParts,
  part: number,
  keys: readonly string[],
  url: string,
): Promise<CatalogItem[]> {
  const fail = (problem: string): never => {
    throw artifactError(url, problem);
  };
  const file = entry.files[part] ?? fail(`is part ${part}, the manifest lists ${entry.files.length}`);
  if ((await sha256Hex(bytes)) !== file.sha256) fail('does not match the SHA-256 its manifest gives');
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    fail('is not UTF-8 JSON');
  }
  const start = part * entry.rows;
  const expected = keys.slice(start, start + entry.rows);
  const items = Array.isArray(value) ? (value as unknown[]) : fail('is not a list of records');
  if (items.length !== expected.length)
    fail(`holds ${items.length} records, rows ${start}-${start + expected.length - 1} are ${expected.length}`);
  items.forEach((item, i) => {
    const id = typeof item === 'object' && item !== null ? (item as { id?: unknown }).id : undefined;
    if ((typeof id !== 'string' && typeof id !== 'number') || String(id) !== expected[i])
      fail(`holds a record at row ${start + i} whose id is not the artifact's key "${expected[i]}"`);
  });
  return items as CatalogItem[];
}
