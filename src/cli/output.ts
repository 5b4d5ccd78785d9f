/**
 * The output folder: reading a previous build back (for incremental builds) and writing a new one
 * so that a server never sees a half-written artifact: the binary (content-addressed name) is
 * written first, then the manifest replaces the old one in one rename, then the binaries only the
 * old manifest named are deleted. Other files in the folder are never touched. Each file is written
 * through a temporary file and a rename (safe-write.ts), so a symbolic link planted in the folder
 * is replaced, never written through.
 */

import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { type ArtifactManifest, MANIFEST_FILE } from '../artifact/format.ts';
import { parseArtifactManifest } from '../artifact/manifest.ts';
import { patchManifest, type WrittenPatch } from '../artifact/patch.ts';
import { type Artifact, decodeArtifact } from '../artifact/read.ts';
import type { WrittenArtifact } from '../artifact/write.ts';
import { integrityOf } from '../digest/integrity.ts';
import { errorMessage } from '../errors.ts';
import { CATALOG_FILE, type CatalogPatchOutput, recordsFile } from './catalog-patches.ts';
import { ensureFolder, writeFileAtomic } from './safe-write.ts';

/** A patch of the previous build, read back: the build it starts from and the keys it holds. */
export interface PreviousPatch {
  from: string;
  keys: ReadonlySet<string>;
}

/** What the output folder held before this build. */
export type Previous =
  | { kind: 'none' }
  | { kind: 'ok'; artifact: Artifact; patches: PreviousPatch[]; unreadable: string[] }
  | { kind: 'unusable'; problem: string; files: string[] };

/** Names of the files a build writes beside the manifest: its binary, its patches and its catalog's files. */
const WRITTEN_FILE = /^((vectors|patch|projection)-[0-9a-f]{16}\.bin|(starter|catalog-part)-[0-9a-f]{16}\.json)$/;

/** Reads and verifies the artifact in `dir`, if there is one. Never throws for a bad artifact. */
export async function readPrevious(dir: string): Promise<Previous> {
  const manifestPath = join(dir, MANIFEST_FILE);
  if (!existsSync(manifestPath)) return { kind: 'none' };
  let files: string[] = [];
  try {
    const manifest = parseArtifactManifest(JSON.parse(await readFile(manifestPath, 'utf8')), manifestPath);
    files = writtenFiles(manifest);
    const bytes = new Map<string, Uint8Array>();
    for (const { name } of manifest.files) {
      const path = join(dir, name);
      if (existsSync(path)) bytes.set(name, new Uint8Array(await readFile(path)));
    }
    const artifact = await decodeArtifact(manifest, bytes);
    return { kind: 'ok', artifact, ...(await readPatches(dir, manifest)) };
  } catch (err) {
    return { kind: 'unusable', problem: errorMessage(err), files };
  }
}

/**
 * The previous build's patches that can be read and verified, and the names of those that cannot:
 * one missing or corrupt is left out (its visitors then fetch the binary), never a failed build.
 */
async function readPatches(dir: string, manifest: ArtifactManifest): Promise<{ patches: PreviousPatch[]; unreadable: string[] }> {
  const patches: PreviousPatch[] = [];
  const unreadable: string[] = [];
  for (const patch of manifest.patches ?? []) {
    try {
      const bytes = new Uint8Array(await readFile(join(dir, patch.file.name)));
      const read = await decodeArtifact(patchManifest(manifest, patch), new Map([[patch.file.name, bytes]]));
      patches.push({ from: patch.from, keys: new Set(read.keys) });
    } catch {
      unreadable.push(patch.file.name);
    }
  }
  return { patches, unreadable };
}

/**
 * The files the manifest in `dir` names, read without checking them (for `--full`, which replaces
 * a previous build it does not read); none when there is no readable manifest.
 */
export async function previousFileNames(dir: string): Promise<string[]> {
  try {
    return writtenFiles(parseArtifactManifest(JSON.parse(await readFile(join(dir, MANIFEST_FILE), 'utf8')), MANIFEST_FILE));
  } catch {
    return [];
  }
}

/**
 * The file names a previous output folder's manifest lists (its binary and its patches), and the
 * catalog files it implies (catalog-patches.ts: its catalog's records and those its catalog patches start from).
 */
export function writtenFiles(manifest: ArtifactManifest): string[] {
  const catalogPatches = manifest.catalogPatches ?? [];
  return [
    ...manifest.files.map((f) => f.name),
    ...(manifest.model.projection ? [manifest.model.projection.file.name] : []),
    ...(manifest.starter ? [manifest.starter.file.name] : []),
    ...(manifest.catalogParts?.files ?? []).map((f) => f.name),
    ...(manifest.patches ?? []).map((p) => p.file.name),
    ...catalogPatches.map((p) => p.file.name),
    ...(manifest.catalog ? [recordsFile(manifest.catalog.sha256)] : []),
    ...catalogPatches.map((p) => recordsFile(p.from)),
  ];
}

/**
 * Writes `written`, its `patches` and its `catalog` files into `dir` (created if needed), the
 * manifest last, and removes the files of `previousFiles` it no longer uses. Returns the
 * manifest's `sha256-<base64>`, the pin a page may set (`vectorsIntegrity`).
 */
export async function writeOutput(
  dir: string,
  written: WrittenArtifact,
  previousFiles: readonly string[],
  patches: readonly WrittenPatch[] = [],
  catalog?: CatalogPatchOutput,
  extra: readonly { name: string; bytes: Uint8Array }[] = [],
): Promise<string> {
  ensureFolder(dir, '', '--out');
  for (const f of extra) await writeFileAtomic(join(dir, f.name), f.bytes);
  await writeFileAtomic(join(dir, written.binaryName), written.binary);
  for (const p of patches) await writeFileAtomic(join(dir, p.patch.file.name), p.binary);
  for (const p of catalog?.patches ?? []) await writeFileAtomic(join(dir, p.patch.file.name), p.text);
  if (catalog) await writeFileAtomic(join(dir, catalog.records.name), catalog.records.text);
  await writeFileAtomic(join(dir, MANIFEST_FILE), written.manifestText);
  // rm removes a link itself, not what it points to.
  const kept = new Set([
    written.binaryName,
    ...extra.map((f) => f.name),
    ...patches.map((p) => p.patch.file.name),
    ...(catalog ? [catalog.records.name, ...catalog.keptRecords, ...catalog.patches.map((p) => p.patch.file.name)] : []),
  ]);
  for (const name of previousFiles) {
    if (!kept.has(name) && (WRITTEN_FILE.test(name) || CATALOG_FILE.test(name))) await rm(join(dir, name), { force: true });
  }
  return integrityOf(new TextEncoder().encode(written.manifestText));
}
