/**
 * The artifact writer: items and optional sections in, the manifest and the binary file out, as
 * bytes (the caller decides where they go). Deterministic: the same input gives the same bytes,
 * whatever the order of the items.
 */

import { fromHex } from '../digest/hex.ts';
import { sha256Hex } from '../digest/sha256.ts';
import { createError, ErrorCodes } from '../errors.ts';
import { modelKey, projectedModel } from '../model-key.ts';
import { COARSE_SECTION, encodeCoarse } from './coarse.ts';
import { encodeContainer } from './container.ts';
import {
  ARTIFACT_FORMAT,
  ARTIFACT_VERSION,
  type ArtifactCatalog,
  type ArtifactCatalogParts,
  type ArtifactManifest,
  type ArtifactModel,
  type ArtifactStarter,
  type ArtifactTextRule,
  artifactCode,
  HASH_BYTES,
  RESERVED_SECTIONS,
  SECTION_NAME,
} from './format.ts';
import { compareBytes } from './keys.ts';
import { encodeHigh, encodeMagnitudes, HIGH_SECTION, MAGNITUDES_SECTION } from './magnitudes.ts';
import { serializeArtifactManifest } from './manifest.ts';
import { type CodeArray, codeLimit, MAX_CODE_BITS, MIN_CODE_BITS, newCodeArray } from './quantize.ts';

/** One item as stored: its key, content hash (32 hex characters) and vector code. */
export interface ArtifactItem {
  key: string;
  hash: string;
  /** `model.dims` values of `codeBits` bits (|c| <= 2^(codeBits-1) - 1). */
  code: CodeArray;
  scale: number;
}

/** What `writeArtifact` needs. */
export interface ArtifactInput {
  model: ArtifactModel;
  textRule: ArtifactTextRule;
  /** Who wrote it, e.g. `inpage-rec 0.1.0`. */
  generator: string;
  /** The catalog bytes the items came from (manifest `catalog`), when they were read from bytes. */
  catalog?: ArtifactCatalog;
  items: readonly ArtifactItem[];
  /** Bits per dimension of the items' codes, sign included (manifest `code`): 8 (default) to 12. */
  codeBits?: number;
  /** The starter file's manifest entry, when the caller writes one (format.ts `ArtifactStarter`). */
  starter?: ArtifactStarter;
  /**
   * False writes the layout of builds before the `high` section (magnitudes.ts): all magnitude
   * bits in `magnitudes`. For tests of readers of such binaries; default true.
   */
  highBits?: boolean;
  /** The catalog parts' manifest entry, when the caller writes them (format.ts `ArtifactCatalogParts`). */
  catalogParts?: ArtifactCatalogParts;
  /**
   * Optional named sections (not a required section's name, nor `codes`), stored after the
   * required ones in name order. Sections that refer to items use indices into `sortKeys(keys)` (keys.ts).
   */
  sections?: Readonly<Record<string, Uint8Array>>;
}

/** The written artifact: both files as bytes. */
export interface WrittenArtifact {
  manifest: ArtifactManifest;
  /** The text of `manifest.json`. */
  manifestText: string;
  /** The binary file's name (content-addressed: `vectors-<16 hex of its SHA-256>.bin`). */
  binaryName: string;
  binary: Uint8Array;
}

const utf8 = new TextEncoder();

/** Builds the artifact. Throws `INVALID_OPTION` on a malformed item or section, naming it. */
export async function writeArtifact(input: ArtifactInput): Promise<WrittenArtifact> {
  const { model } = input;
  const dims = model.dims;
  const invalid = (message: string): never => {
    throw createError(ErrorCodes.INVALID_OPTION, `writeArtifact: ${message}`);
  };
  if (model.key !== modelKey(projectedModel(model.id, model.projection?.file.sha256), dims, model.dtype))
    invalid(`model.key ${JSON.stringify(model.key)} does not match id, dims, dtype and projection`);
  const items = input.items.map((item) => ({ item, bytes: utf8.encode(item.key) })).sort((a, b) => compareBytes(a.bytes, b.bytes));
  const count = items.length;
  if (count > 0xffffffff) invalid(`${count} items are more than the format holds`);

  const keyEnds = new Uint8Array(4 * count);
  const keyEndView = new DataView(keyEnds.buffer);
  const hashes = new Uint8Array(HASH_BYTES * count);
  const scales = new Uint8Array(4 * count);
  const scaleView = new DataView(scales.buffer);
  const bits = checkedBits(input.codeBits, invalid);
  const codes = newCodeArray(dims * count, bits);
  let keyBytes = 0;
  items.forEach(({ item, bytes }, i) => {
    const twice = i > 0 && compareBytes(items[i - 1]!.bytes, bytes) === 0;
    const hash = checkedItem(item, twice, { dims, bits }, invalid);
    keyBytes += bytes.byteLength;
    keyEndView.setUint32(4 * i, keyBytes, true);
    hashes.set(hash, HASH_BYTES * i);
    scaleView.setFloat32(4 * i, item.scale, true);
    codes.set(item.code, dims * i);
  });
  const keys = keysSection(keyEnds, items, keyBytes);

  // The codes split into their signs and high bits (what a slow first visit ranks with first) and
  // the rest of their magnitudes.
  const high = input.highBits !== false;
  const sections: [string, Uint8Array][] = [
    ['keys', keys],
    ['hashes', hashes],
    ['scales', scales],
    [COARSE_SECTION, encodeCoarse(codes, count, dims)],
    ...(high ? [[HIGH_SECTION, encodeHigh(codes, count, dims, bits)] as [string, Uint8Array]] : []),
    [MAGNITUDES_SECTION, encodeMagnitudes(codes, count, dims, bits, high)],
    ...optionalSections(checkedSections(input.sections ?? {}, invalid)),
  ];
  const { bytes: binary, spans } = encodeContainer(ARTIFACT_VERSION, count, dims, sections);
  const fileHash = await sha256Hex(binary);
  const binaryName = `vectors-${fileHash.slice(0, 16)}.bin`;
  const sectionHashes = await Promise.all(spans.map((s) => sha256Hex(binary.subarray(s.offset, s.offset + s.bytes))));
  const manifest: ArtifactManifest = {
    format: ARTIFACT_FORMAT,
    version: ARTIFACT_VERSION,
    generator: input.generator,
    model: { ...model },
    textRule: input.textRule,
    ...(input.catalog ? { catalog: { ...input.catalog } } : {}),
    count,
    code: artifactCode(bits),
    files: [{ name: binaryName, bytes: binary.byteLength, sha256: fileHash }],
    sections: spans.map((s, i) => ({ name: s.name, file: binaryName, offset: s.offset, bytes: s.bytes, sha256: sectionHashes[i]! })),
    ...(input.starter ? { starter: input.starter } : {}),
    ...(input.catalogParts ? { catalogParts: input.catalogParts } : {}),
  };
  return { manifest, manifestText: serializeArtifactManifest(manifest), binaryName, binary };
}

/**
 * `item`'s content hash as bytes, once its key, hash, code (`dims` values within `bits`) and scale
 * are checked; `twice` when the item before it has the same key. `invalid` names the item.
 */
function checkedItem(
  item: ArtifactItem,
  twice: boolean,
  shape: { dims: number; bits: number },
  invalid: (message: string) => never,
): Uint8Array {
  const { dims, bits } = shape;
  const limit = codeLimit(bits);
  const name = `item ${JSON.stringify(item.key)}`;
  if (item.key === '') invalid('an item has an empty key');
  if (twice) invalid(`${name} appears twice`);
  const hash = item.hash.length === HASH_BYTES * 2 ? fromHex(item.hash) : undefined;
  if (!hash) invalid(`${name} has hash ${JSON.stringify(item.hash)}, expected ${HASH_BYTES * 2} lowercase hex characters`);
  if (item.code.length !== dims) invalid(`${name} has a code of ${item.code.length} values, expected ${dims}`);
  if (!(Number.isFinite(item.scale) && item.scale >= 0)) invalid(`${name} has scale ${item.scale}, expected a finite number >= 0`);
  if (item.code.some((c) => c < -limit || c > limit)) invalid(`${name} has a code value outside -${limit}..${limit} (${bits}-bit codes)`);
  return hash as Uint8Array;
}

/** The code width asked for (default int8), checked against what the format knows. */
function checkedBits(bits: number | undefined, invalid: (message: string) => never): number {
  if (bits === undefined) return MIN_CODE_BITS;
  if (!(Number.isInteger(bits) && bits >= MIN_CODE_BITS && bits <= MAX_CODE_BITS))
    invalid(`codeBits ${bits}: expected ${MIN_CODE_BITS} to ${MAX_CODE_BITS}`);
  return bits;
}

/** The caller's optional sections, checked: names of the format, none reserved, bytes. */
function checkedSections(sections: Readonly<Record<string, Uint8Array>>, invalid: (message: string) => never): Record<string, Uint8Array> {
  for (const [name, data] of Object.entries(sections)) {
    if (!SECTION_NAME.test(name)) invalid(`section name ${JSON.stringify(name)} must match ${SECTION_NAME}`);
    if (RESERVED_SECTIONS.includes(name)) invalid(`section name "${name}" is reserved`);
    if (!(data instanceof Uint8Array)) invalid(`section "${name}" must be a Uint8Array`);
  }
  return { ...sections };
}

/** Optional sections in name order, as the format stores them. */
function optionalSections(sections: Readonly<Record<string, Uint8Array>>): [string, Uint8Array][] {
  return Object.entries(sections).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The `keys` section: the end offsets, then the UTF-8 keys (`keyBytes` of them) in order. */
function keysSection(keyEnds: Uint8Array, keys: readonly { bytes: Uint8Array }[], keyBytes: number): Uint8Array {
  const out = new Uint8Array(keyEnds.byteLength + keyBytes);
  out.set(keyEnds);
  let at = keyEnds.byteLength;
  for (const { bytes } of keys) {
    out.set(bytes, at);
    at += bytes.byteLength;
  }
  return out;
}
