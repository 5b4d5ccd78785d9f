/**
 * The artifact reader: a checked manifest plus the bytes of its files in, the items out. Every
 * check runs before anything is returned, so a caller gets the whole artifact or an error that
 * names the file and what is wrong (`ARTIFACT_INVALID`), never part of one.
 */

import { shortAscii } from '../catalog/ascii-string.ts';
import { toHex } from '../digest/hex.ts';
import { sha256Hex } from '../digest/sha256.ts';
import { COARSE_SECTION, coarseRowBytes, isCoarseSection } from './coarse.ts';
import { decodeContainer, type SectionSpan } from './container.ts';
import { ARTIFACT_VERSION, type ArtifactManifest, codeBits, HASH_BYTES, REQUIRED_SECTIONS } from './format.ts';
import { compareBytes } from './keys.ts';
import { type CodeSections, decodeCodeRow, HIGH_SECTION, joinCodes, MAGNITUDES_SECTION, magnitudeRowBytes } from './magnitudes.ts';
import { artifactError } from './manifest.ts';
import { type CodeArray, dequantizeInto, newCodeArray } from './quantize.ts';

/** A verified artifact, items in stored order (sorted by the UTF-8 bytes of their keys). */
export interface Artifact {
  readonly manifest: ArtifactManifest;
  readonly count: number;
  readonly dims: number;
  /** Item keys (`String(item.id)`). */
  readonly keys: readonly string[];
  /** Content hashes, 32 hex characters each, as `contentHash` gives them. */
  readonly hashes: readonly string[];
  /** Per-item scales. */
  readonly scales: Float32Array;
  /**
   * Codes, `count * dims`, row i = item i, of `codeBits` bits (int8, or int16 above 8 bits): joined
   * from the sections on first read and kept. A page reads rows with `codeRow` instead: the joined
   * array is 8 MB at 32k items x 128 dimensions, alive beside the sections while a first visit
   * adopts them (docs/notes/first-visit-memory.md).
   */
  readonly codes: CodeArray;
  /** Item i's code (`dims` values of `codeBits` bits) into `out` from `at`, read from the sections. */
  codeRow(index: number, out: CodeArray, at: number): void;
  /** Bits per dimension of `codes`, sign included (manifest `code`). */
  readonly codeBits: number;
  /** The optional sections by name (bytes as stored; `keys`, `hashes`, `scales`, `codes` excluded). */
  readonly sections: ReadonlyMap<string, Uint8Array>;
  /**
   * Item i's vector, into `out` when given: unit length (zero for an item with no text), or, when
   * the build projected the vectors (`manifest.model.projection`), the length the projection left
   * it (model-key.ts `isProjectedKey`).
   */
  vector(index: number, out?: Float32Array): Float32Array;
  /** Every vector, row-major (`count * dims`). */
  vectors(): Float32Array;
}

/**
 * Verifies and decodes an artifact. `files` maps each `manifest.files[].name` to its bytes. Checks,
 * in order: each file's length (truncated or too long) and SHA-256, the binary's header and
 * section table against the manifest, each section's SHA-256 and the required sections' contents
 * (key offsets, UTF-8, keys unique and sorted, finite scales, the split code's section lengths).
 */
export async function decodeArtifact(manifest: ArtifactManifest, files: ReadonlyMap<string, Uint8Array>): Promise<Artifact> {
  const { count } = manifest;
  const dims = manifest.model.dims;
  const spansByFile = new Map<string, SectionSpan[]>();
  for (const f of manifest.files) {
    const bytes = files.get(f.name);
    if (!bytes) throw artifactError(f.name, 'is missing');
    if (bytes.byteLength < f.bytes) throw artifactError(f.name, `is truncated: ${bytes.byteLength} of ${f.bytes} bytes`);
    if (bytes.byteLength > f.bytes) throw artifactError(f.name, `is ${bytes.byteLength} bytes, the manifest says ${f.bytes}`);
    const actual = await sha256Hex(bytes);
    if (actual !== f.sha256) throw artifactError(f.name, `is corrupt: its SHA-256 is ${actual}, the manifest says ${f.sha256}`);
    spansByFile.set(f.name, decodeContainer(bytes, f.name, ARTIFACT_VERSION, count, dims));
  }
  const data = new Map<string, Uint8Array>();
  for (const s of manifest.sections) {
    const span = spansByFile.get(s.file)!.find((sp) => sp.name === s.name);
    if (!span || span.offset !== s.offset || span.bytes !== s.bytes) {
      throw artifactError(s.file, `its section table disagrees with the manifest about section "${s.name}"`);
    }
    const bytes = files.get(s.file)!.subarray(s.offset, s.offset + s.bytes);
    if ((await sha256Hex(bytes)) !== s.sha256) throw artifactError(s.file, `section "${s.name}" is corrupt: SHA-256 mismatch`);
    data.set(s.name, bytes);
  }
  for (const [file, spans] of spansByFile) {
    for (const sp of spans)
      if (!manifest.sections.some((s) => s.name === sp.name && s.file === file)) {
        throw artifactError(file, `holds section "${sp.name}", which the manifest does not list`);
      }
  }
  return assembleArtifact(manifest, data);
}

/**
 * The artifact from its sections' bytes by name, each already checked against the manifest's
 * SHA-256 (by `decodeArtifact`, or by a reader that fetched them as byte ranges): checks the
 * required sections' contents and decodes them.
 */
export function assembleArtifact(manifest: ArtifactManifest, data: ReadonlyMap<string, Uint8Array>): Artifact {
  const { count } = manifest;
  const dims = manifest.model.dims;
  const fileOf = (name: string) => manifest.sections.find((s) => s.name === name)!.file;
  for (const name of REQUIRED_SECTIONS) if (!data.has(name)) throw artifactError(fileOf(name), `section "${name}" is missing`);
  const keys = readKeys(data.get('keys')!, count, fileOf('keys'));
  const hashes = readHashes(data.get('hashes')!, count, fileOf('hashes'));
  const scales = readScales(data.get('scales')!, count, fileOf('scales'));
  const bits = codeBits(manifest.code);
  if (bits === undefined) throw artifactError(fileOf(COARSE_SECTION), `its code "${manifest.code}" is not one this reader knows`);
  // The high bits, when the manifest lists them, are part of the code (magnitudes.ts).
  const high = manifest.sections.some((s) => s.name === HIGH_SECTION) ? data.get(HIGH_SECTION) : undefined;
  if (manifest.sections.some((s) => s.name === HIGH_SECTION) && !high)
    throw artifactError(fileOf(HIGH_SECTION), `section "high" is missing`);
  const split = readCodes(data.get(COARSE_SECTION)!, data.get(MAGNITUDES_SECTION)!, { count, dims, bits, high }, fileOf(COARSE_SECTION));
  const codeSections: readonly string[] = [...REQUIRED_SECTIONS, HIGH_SECTION];
  const sections = new Map([...data].filter(([name]) => !codeSections.includes(name)));

  const normalize = manifest.model.projection === undefined;
  const checked = (index: number) => {
    if (!(Number.isInteger(index) && index >= 0 && index < count)) throw new RangeError(`item index ${index} is outside 0..${count - 1}`);
    return index;
  };
  const row = newCodeArray(dims, bits);
  let joined: CodeArray | undefined;
  return {
    manifest,
    count,
    dims,
    keys,
    hashes,
    scales,
    get codes() {
      joined ??= joinCodes(split.coarse, split.magnitudes, count, dims, bits, split.high);
      return joined;
    },
    codeRow(index, out, at) {
      decodeCodeRow(split, checked(index), dims, bits, out, at);
    },
    codeBits: bits,
    sections,
    vector(index, out = new Float32Array(dims)) {
      decodeCodeRow(split, checked(index), dims, bits, row, 0);
      dequantizeInto(row, 0, dims, scales[index]!, out, 0, normalize);
      return out;
    },
    vectors() {
      const out = new Float32Array(count * dims);
      for (let i = 0; i < count; i++) {
        decodeCodeRow(split, i, dims, bits, row, 0);
        dequantizeInto(row, 0, dims, scales[i]!, out, i * dims, normalize);
      }
      return out;
    },
  };
}

/**
 * The item keys of a `keys` section of `count` items (`file` names it in errors): checked as
 * `decodeArtifact` checks them. Also for a section fetched on its own (src/worker/prebuilt/published-signals.ts).
 */
export function readKeys(bytes: Uint8Array, count: number, file: string): readonly string[] {
  return decodedOnce(bytes, count, () => decodeKeys(bytes, count, file));
}

/**
 * Sections decoded once per fetched bytes: a big artifact's head (keys for its first answers, then
 * hashes) and the whole artifact read the same `keys` and `hashes` bytes (worker/prebuilt/
 * artifact-source.ts), and each decode made as many strings as items, all alive until the artifact
 * was let go: 3 copies of the keys and 2 of the hashes, ~4 MB at 32k (first-visit-memory.md).
 * Callers share the arrays: they are never changed.
 */
const decoded = new WeakMap<Uint8Array, { count: number; values: readonly string[] }>();

function decodedOnce(bytes: Uint8Array, count: number, decode: () => readonly string[]): readonly string[] {
  const hit = decoded.get(bytes);
  if (hit?.count === count) return hit.values;
  const values = decode();
  decoded.set(bytes, { count, values });
  return values;
}

function decodeKeys(bytes: Uint8Array, count: number, file: string): string[] {
  const fail = (problem: string): never => {
    throw artifactError(file, `section "keys" ${problem}`);
  };
  if (bytes.byteLength < 4 * count) fail(`is ${bytes.byteLength} bytes, too short for ${count} offsets`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const text = bytes.subarray(4 * count);
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const keys: string[] = [];
  let start = 0;
  let previous: Uint8Array | undefined;
  for (let i = 0; i < count; i++) {
    const end = view.getUint32(4 * i, true);
    if (end <= start || end > text.byteLength) fail(`has a bad end offset ${end} for item ${i}`);
    const raw = text.subarray(start, end);
    if (previous && compareBytes(previous, raw) >= 0) fail(`is not strictly sorted at item ${i}`);
    try {
      keys.push(shortAscii(raw) ?? decoder.decode(raw));
    } catch (err) {
      fail(`has invalid UTF-8 in the key of item ${i}`);
      throw err;
    }
    previous = raw;
    start = end;
  }
  if (start !== text.byteLength) fail(`has ${text.byteLength - start} bytes after the last key`);
  return keys;
}

/** The content hashes (32 hex characters each) of a `hashes` section of `count` items; `file` names it in errors. */
export function readHashes(bytes: Uint8Array, count: number, file: string): readonly string[] {
  return decodedOnce(bytes, count, () => decodeHashes(bytes, count, file));
}

function decodeHashes(bytes: Uint8Array, count: number, file: string): string[] {
  if (bytes.byteLength !== HASH_BYTES * count)
    throw artifactError(file, `section "hashes" is ${bytes.byteLength} bytes, expected ${HASH_BYTES * count}`);
  const out: string[] = [];
  for (let i = 0; i < count; i++) out.push(toHex(bytes.subarray(i * HASH_BYTES, (i + 1) * HASH_BYTES)));
  return out;
}

function readScales(bytes: Uint8Array, count: number, file: string): Float32Array {
  if (bytes.byteLength !== 4 * count) throw artifactError(file, `section "scales" is ${bytes.byteLength} bytes, expected ${4 * count}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    const s = view.getFloat32(4 * i, true);
    if (!(Number.isFinite(s) && s >= 0)) throw artifactError(file, `section "scales" has scale ${s} for item ${i}`);
    out[i] = s;
  }
  return out;
}

/**
 * The split code's sections, their lengths checked: read by row (`decodeCodeRow`), not joined into
 * one array. They may be views of a whole fetched file, which then stays alive while the artifact is
 * held: ~6 MB at 32k x 128, where the joined copy took 8 MB.
 */
function readCodes(
  coarse: Uint8Array,
  magnitudes: Uint8Array,
  shape: { count: number; dims: number; bits: number; high: Uint8Array | undefined },
  file: string,
): CodeSections {
  const { count, dims, bits, high } = shape;
  if (!isCoarseSection(coarse, count, dims))
    throw artifactError(file, `section "coarse" is ${coarse.byteLength} bytes, expected ${coarseRowBytes(dims) * count}`);
  if (high && !isCoarseSection(high, count, dims))
    throw artifactError(file, `section "high" is ${high.byteLength} bytes, expected ${coarseRowBytes(dims) * count}`);
  const expected = magnitudeRowBytes(dims, bits, high !== undefined) * count;
  if (magnitudes.byteLength !== expected)
    throw artifactError(file, `section "magnitudes" is ${magnitudes.byteLength} bytes, expected ${expected}`);
  return { coarse, magnitudes, high };
}
