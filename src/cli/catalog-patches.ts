/**
 * The catalog patches a build writes beside its binary (src/artifact/catalog-patch.ts), so a
 * returning visitor rebuilds the new catalog from the one its page holds instead of downloading
 * the whole file again.
 *
 * A patch needs the older catalog's valid ids in order and what each record was. The catalog file
 * itself is gone by the next build (the site edits it in place), so every build leaves a small
 * record of its own catalog in the output folder: `catalog-records-<16 hex of its SHA-256>.json`,
 * the valid ids and a 64-bit digest of each record's JSON (~30 B per item; no catalog data). A build
 * writes one patch from the previous build's catalog and one from each catalog that build still had
 * a patch from, newest first, at most `MAX_PATCHES`, none over `MAX_PATCH_SHARE` of the items; it
 * keeps the records those patches start from and its own.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  type ArtifactCatalog,
  type ArtifactCatalogPatch,
  type CatalogPatch,
  MAX_PATCH_SHARE,
  MAX_PATCHES,
  orderSteps,
  serializeCatalogPatch,
} from '../artifact/index.ts';
import { screenCatalog } from '../catalog/screen.ts';
import { sha256Hex, sha256TextHex } from '../digest/sha256.ts';
import type { CatalogReport } from '../types/index.ts';

/** One build's catalog as later builds need it: its valid ids in order and a digest per record. */
export interface CatalogRecords {
  /** SHA-256 of the catalog's bytes. */
  catalog: string;
  keys: string[];
  digests: string[];
}

/** A file the build writes beside its binary: its name and text. */
export interface WrittenText {
  name: string;
  text: string;
}

/** The catalog patches of a build, with their manifest entries, and the records files to keep. */
export interface CatalogPatchOutput {
  patches: { patch: ArtifactCatalogPatch; text: string }[];
  /** This build's records file (written) and the older ones its patches start from (kept). */
  records: WrittenText;
  keptRecords: string[];
}

/** Names of the files this module writes, for the output folder's clean-up. */
export const CATALOG_FILE = /^catalog-(patch|records)-[0-9a-f]{16}\.json$/;

/** The records file of the catalog with SHA-256 `catalog`. */
export function recordsFile(catalog: string): string {
  return `catalog-records-${catalog.slice(0, 16)}.json`;
}

/** The valid ids of `raw` in order, with the raw record of each. */
function validRecords(raw: readonly unknown[]): { keys: string[]; records: unknown[] } {
  const kept = screenCatalog(raw).kept;
  return { keys: kept.map((k) => k.key), records: kept.map((k) => raw[k.index]) };
}

/** A record's digest: 64 bits of the SHA-256 of its JSON, as the file's parser gave it. */
function recordDigest(record: unknown): string {
  return sha256TextHex(JSON.stringify(record), 16);
}

/**
 * The catalog patches from `older` catalogs (SHA-256s, newest first: the previous build's and those
 * it had patches from) to the catalog `catalog` whose raw items are `raw`, validated as `report`.
 * Older catalogs whose records file in `dir` is missing or unreadable get no patch. Deterministic.
 */
export async function buildCatalogPatches(
  dir: string,
  catalog: ArtifactCatalog,
  raw: readonly unknown[],
  report: CatalogReport,
  older: readonly string[],
): Promise<CatalogPatchOutput> {
  const { keys, records } = validRecords(raw);
  const digests = records.map(recordDigest);
  const own: CatalogRecords = { catalog: catalog.sha256, keys, digests };
  const limit = Math.floor(MAX_PATCH_SHARE * keys.length);
  const patches: CatalogPatchOutput['patches'] = [];
  const seen = new Set<string>([catalog.sha256]);
  for (const from of older) {
    if (patches.length === MAX_PATCHES) break;
    if (seen.has(from)) continue;
    seen.add(from);
    const before = await readRecords(dir, from);
    if (!before) continue;
    const was = new Map(before.keys.map((k, i) => [k, before.digests[i]!]));
    const changed = keys.flatMap((key, i) => (was.get(key) === digests[i] ? [] : [i]));
    if (changed.length > limit) continue;
    const patch: CatalogPatch = {
      from,
      to: catalog.sha256,
      fromCount: before.keys.length,
      order: orderSteps(before.keys, keys),
      items: changed.map((i) => [keys[i]!, records[i] as Record<string, unknown>]),
      report,
    };
    const text = serializeCatalogPatch(patch);
    const bytes = new TextEncoder().encode(text);
    const sha256 = await sha256Hex(bytes);
    const file = { name: `catalog-patch-${sha256.slice(0, 16)}.json`, bytes: bytes.byteLength, sha256 };
    patches.push({ patch: { from, count: changed.length, file }, text });
  }
  return {
    patches,
    records: { name: recordsFile(catalog.sha256), text: `${JSON.stringify(own)}\n` },
    keptRecords: patches.map((p) => recordsFile(p.patch.from)),
  };
}

/** The records file of catalog `sha256` in `dir`, or undefined when it is missing or not that catalog's. */
async function readRecords(dir: string, sha256: string): Promise<CatalogRecords | undefined> {
  try {
    const value = JSON.parse(await readFile(join(dir, recordsFile(sha256)), 'utf8')) as Partial<CatalogRecords>;
    const { keys, digests } = value;
    const fits = value.catalog === sha256 && Array.isArray(keys) && Array.isArray(digests) && keys.length === digests.length;
    return fits && keys.every((k) => typeof k === 'string') ? (value as CatalogRecords) : undefined;
  } catch {
    return undefined;
  }
}
