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
  ARTIFACT_CODE,
  ARTIFACT_FORMAT,
  ARTIFACT_VERSION,
  type ArtifactCatalog,
  type ArtifactManifest,
  type ArtifactModel,
  type ArtifactTextRule,
  HASH_BYTES,
  RESERVED_SECTIONS,
  SECTION_NAME,
} from './format.ts';
import { compareBytes } from './keys.ts';
import { encodeMagnitudes, MAGNITUDES_SECTION } from './magnitudes.ts';
import { serializeArtifactManifest } from './manifest.ts';

/** One item as stored: its key, content hash (32 hex characters) and vector code. */
export interface ArtifactItem {
  key: string;
  hash: string;
  code: Int8Array;
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
  const codes = new Uint8Array(dims * count);
  let keyBytes = 0;
  items.forEach(({ item, bytes }, i) => {
    const name = `item ${JSON.stringify(item.key)}`;
    if (item.key === '') invalid('an item has an empty key');
    if (i > 0 && compareBytes(items[i - 1]!.bytes, bytes) === 0) invalid(`${name} appears twice`);
    const hash = item.hash.length === HASH_BYTES * 2 ? fromHex(item.hash) : undefined;
    if (!hash) invalid(`${name} has hash ${JSON.stringify(item.hash)}, expected ${HASH_BYTES * 2} lowercase hex characters`);
    if (item.code.length !== dims) invalid(`${name} has a code of ${item.code.length} values, expected ${dims}`);
    if (!(Number.isFinite(item.scale) && item.scale >= 0)) invalid(`${name} has scale ${item.scale}, expected a finite number >= 0`);
    if (item.code.some((c) => c < -127)) invalid(`${name} has a code value of -128 (codes are -127..127)`);
    keyBytes += bytes.byteLength;
    keyEndView.setUint32(4 * i, keyBytes, true);
    hashes.set(hash as Uint8Array, HASH_BYTES * i);
    scaleView.setFloat32(4 * i, item.scale, true);
    codes.set(new Uint8Array(item.code.buffer, item.code.byteOffset, dims), dims * i);
  });
  const keys = keysSection(keyEnds, items, keyBytes);

  // The codes split into their signs (what a slow first visit ranks with first) and magnitudes.
  const codeView = new Int8Array(codes.buffer, codes.byteOffset, codes.byteLength);
  const sections: [string, Uint8Array][] = [
    ['keys', keys],
    ['hashes', hashes],
    ['scales', scales],
    [COARSE_SECTION, encodeCoarse(codeView, count, dims)],
    [MAGNITUDES_SECTION, encodeMagnitudes(codeView, count, dims)],
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
    code: ARTIFACT_CODE,
    files: [{ name: binaryName, bytes: binary.byteLength, sha256: fileHash }],
    sections: spans.map((s, i) => ({ name: s.name, file: binaryName, offset: s.offset, bytes: s.bytes, sha256: sectionHashes[i]! })),
  };
  return { manifest, manifestText: serializeArtifactManifest(manifest), binaryName, binary };
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
