/**
 * The starter file (format.ts `ArtifactStarter`): a few catalog records a first visit shows,
 * marked, before the catalog itself is in. Written by `inpage-rec build` (src/cli/starter-step.ts),
 * read by the page (src/worker/prebuilt/artifact-space.ts) right after the manifest.
 */
import { sha256Hex } from '../digest/sha256.ts';
import type { CatalogItem } from '../types/index.ts';
import type { ArtifactStarter } from './format.ts';
import { artifactError } from './manifest.ts';

/** Records in a starter file: three rows of a wide widget, a few KB of brotli for most catalogs. */
export const STARTER_ITEMS = 24;

/** A starter file's content. */
export interface Starter {
  basis: ArtifactStarter['basis'];
  items: CatalogItem[];
}

/** The file's bytes and its manifest entry (content-addressed name: `starter-<16 hex>.json`). */
export async function encodeStarter(starter: Starter): Promise<{ bytes: Uint8Array; entry: ArtifactStarter }> {
  const bytes = new TextEncoder().encode(`${JSON.stringify({ basis: starter.basis, items: starter.items })}\n`);
  const sha256 = await sha256Hex(bytes);
  const file = { name: `starter-${sha256.slice(0, 16)}.json`, bytes: bytes.byteLength, sha256 };
  return { bytes, entry: { basis: starter.basis, count: starter.items.length, file } };
}

/**
 * The starter in `bytes` (fetched from `url`), checked against its manifest `entry`: its SHA-256,
 * its basis and count, records that are objects with an id. Throws `ARTIFACT_INVALID` naming the
 * file and the fault.
 */
export async function decodeStarter(bytes: Uint8Array, entry: ArtifactStarter, url: string): Promise<Starter> {
  const fail = (problem: string): never => {
    throw artifactError(url, problem);
  };
  if ((await sha256Hex(bytes)) !== entry.file.sha256) fail('does not match the SHA-256 its manifest gives');
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    fail('is not UTF-8 JSON');
  }
  const o = value as { basis?: unknown; items?: unknown };
  if (typeof o !== 'object' || o === null || o.basis !== entry.basis) fail(`does not hold a starter of basis "${entry.basis}"`);
  const items = Array.isArray(o.items) ? o.items : fail('has no list of items');
  if (items.length !== entry.count) fail(`holds ${items.length} items, its manifest says ${entry.count}`);
  const valid = (item: unknown) =>
    typeof item === 'object' && item !== null && ['string', 'number'].includes(typeof (item as { id?: unknown }).id);
  if (!items.every(valid)) fail('holds an item that is not a record with an id');
  return { basis: entry.basis, items: items as CatalogItem[] };
}
