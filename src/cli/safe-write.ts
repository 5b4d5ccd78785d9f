/**
 * How the CLI writes files (`build`'s artifact and report, `assets`' copies) so that nothing
 * outside the folder it was told to write changes:
 * - each file goes to a fresh temporary name beside it, created exclusively (a name that exists,
 *   a planted symbolic link included, fails the open instead of being followed), then is renamed
 *   over the destination: a rename replaces a link planted there, it never writes through it, and
 *   a server or reader sees the old file or the new one, never half of one;
 * - the folders below the output folder must be real folders: one planted as a link to a folder
 *   elsewhere is refused, since every write below it would land outside.
 * The output folder itself is the user's choice and may be a link (e.g. `public/` on a mount).
 *
 * `checkFolderTarget` and `checkFileTarget` find a wrong path before any work, so a build never
 * embeds a whole catalog only to fail on a flag.
 */
import { randomBytes } from 'node:crypto';
import { accessSync, constants, lstatSync, mkdirSync, readlinkSync, type Stats, statSync } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { createError, ErrorCodes } from '../errors.ts';

/** Writes `data` to `path` through a temporary file in the same folder and a rename (see the file comment). */
export async function writeFileAtomic(path: string, data: Uint8Array | string): Promise<void> {
  // A dot name: static servers (sirv, nginx's defaults) do not serve it while it exists.
  const tmp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  // 'wx' is O_CREAT | O_EXCL: fails on any existing name, a symbolic link included, without following it.
  const handle = await open(tmp, 'wx');
  try {
    try {
      await handle.writeFile(data);
    } finally {
      await handle.close();
    }
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

/**
 * Makes `root` when missing (a folder, or a link to one, the user named), then each folder of
 * `rel` inside it, and returns `root/rel`. Throws `INVALID_OPTION` when `root` is not a folder or a
 * folder of `rel` exists as a symbolic link or a file: writing below it would leave `root`.
 */
export function ensureFolder(root: string, rel = '', what = 'the output folder'): string {
  const top = resolve(root);
  if (existing(top)?.isDirectory() === false) throw notAFolder(what, root);
  mkdirSync(top, { recursive: true });
  let at = top;
  for (const part of rel.split(/[\\/]/).filter((p) => p !== '' && p !== '.')) {
    if (part === '..') throw createError(ErrorCodes.INVALID_OPTION, `internal: ${JSON.stringify(rel)} leaves ${top}`);
    at = join(at, part);
    let stats = lstatSync(at, { throwIfNoEntry: false });
    if (!stats) {
      mkdirSync(at);
      stats = lstatSync(at);
    }
    if (stats.isSymbolicLink()) {
      throw createError(
        ErrorCodes.INVALID_OPTION,
        `${at} is a symbolic link (to ${readlinkSync(at)}); inpage-rec writes only inside ${top} and does not follow links out of it: remove the link and run again`,
      );
    }
    if (!stats.isDirectory())
      throw createError(ErrorCodes.INVALID_OPTION, `${at} is a file where a folder belongs: remove it and run again`);
  }
  return at;
}

/**
 * Throws `INVALID_OPTION` unless `path` can be written as an output folder: an existing folder, or
 * a missing one whose nearest existing parent is a writable folder. `flag` names it in messages.
 */
export function checkFolderTarget(path: string, flag: string): void {
  if (path.trim() === '') throw createError(ErrorCodes.INVALID_OPTION, `${flag} needs a folder path; got an empty value`);
  const stats = existing(path);
  if (stats && !stats.isDirectory()) throw notAFolder(flag, path);
  if (!stats && existing(path, false)) {
    throw createError(ErrorCodes.INVALID_OPTION, `${flag} ${JSON.stringify(path)} is a symbolic link to nothing (${readlinkSync(path)})`);
  }
  checkParent(stats ? path : dirname(resolve(path)), flag, path);
}

/**
 * Throws `INVALID_OPTION` unless `path` can be written as an output file: not a folder, and its
 * folder exists or can be made in a writable folder. `flag` names it in messages.
 */
export function checkFileTarget(path: string, flag: string): void {
  if (path.trim() === '') throw createError(ErrorCodes.INVALID_OPTION, `${flag} needs a file path; got an empty value`);
  if (existing(path)?.isDirectory()) {
    throw createError(
      ErrorCodes.INVALID_OPTION,
      `${flag} ${JSON.stringify(path)} is a folder: name a file, e.g. ${JSON.stringify(join(path, 'report.json'))}`,
    );
  }
  checkParent(dirname(resolve(path)), flag, path);
}

/** `path`'s stats (through links with `follow`), or undefined when nothing is there, or a file stands where a folder of it should. */
function existing(path: string, follow = true): Stats | undefined {
  try {
    return follow ? statSync(path) : lstatSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw err;
  }
}

/** Throws unless the nearest existing folder at or above `dir` is a folder this process may write in. */
function checkParent(dir: string, flag: string, path: string): void {
  let at = resolve(dir);
  let stats = existing(at);
  while (!stats && dirname(at) !== at) {
    at = dirname(at);
    stats = existing(at);
  }
  const named = `${flag} ${JSON.stringify(path)}`;
  if (stats && !stats.isDirectory()) throw createError(ErrorCodes.INVALID_OPTION, `${named} cannot be made: ${at} is a file`);
  try {
    accessSync(at, constants.W_OK);
  } catch {
    throw createError(ErrorCodes.INVALID_OPTION, `${named} cannot be written: ${at} is not writable by this user`);
  }
}

function notAFolder(what: string, path: string) {
  return createError(
    ErrorCodes.INVALID_OPTION,
    `${what} ${JSON.stringify(path)} is a file, not a folder: name a folder (it is created when missing)`,
  );
}
