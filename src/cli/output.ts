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
import { MANIFEST_FILE } from '../artifact/format.ts';
import { parseArtifactManifest } from '../artifact/manifest.ts';
import { type Artifact, decodeArtifact } from '../artifact/read.ts';
import type { WrittenArtifact } from '../artifact/write.ts';
import { integrityOf } from '../digest/integrity.ts';
import { errorMessage } from '../errors.ts';
import { ensureFolder, writeFileAtomic } from './safe-write.ts';

/** What the output folder held before this build. */
export type Previous = { kind: 'none' } | { kind: 'ok'; artifact: Artifact } | { kind: 'unusable'; problem: string; files: string[] };

/** Reads and verifies the artifact in `dir`, if there is one. Never throws for a bad artifact. */
export async function readPrevious(dir: string): Promise<Previous> {
  const manifestPath = join(dir, MANIFEST_FILE);
  if (!existsSync(manifestPath)) return { kind: 'none' };
  let files: string[] = [];
  try {
    const manifest = parseArtifactManifest(JSON.parse(await readFile(manifestPath, 'utf8')), manifestPath);
    files = manifest.files.map((f) => f.name);
    const bytes = new Map<string, Uint8Array>();
    for (const name of files) {
      const path = join(dir, name);
      if (existsSync(path)) bytes.set(name, new Uint8Array(await readFile(path)));
    }
    return { kind: 'ok', artifact: await decodeArtifact(manifest, bytes) };
  } catch (err) {
    return { kind: 'unusable', problem: errorMessage(err), files };
  }
}

/**
 * Writes `written` into `dir` (created if needed) and removes the binaries of `previousFiles` it no
 * longer uses. Returns the manifest's `sha256-<base64>`, the pin a page may set (`vectorsIntegrity`).
 */
export async function writeOutput(dir: string, written: WrittenArtifact, previousFiles: readonly string[]): Promise<string> {
  ensureFolder(dir, '', '--out');
  await writeFileAtomic(join(dir, written.binaryName), written.binary);
  await writeFileAtomic(join(dir, MANIFEST_FILE), written.manifestText);
  // rm removes a link itself, not what it points to.
  for (const name of previousFiles) {
    if (name !== written.binaryName && /^vectors-[0-9a-f]{16}\.bin$/.test(name)) await rm(join(dir, name), { force: true });
  }
  return integrityOf(new TextEncoder().encode(written.manifestText));
}
