/**
 * The binary container of format.ts: header, section table, 8-byte-aligned section data. This file
 * knows nothing about what the sections hold; `write.ts` and `read.ts` do.
 */
import { HEADER_BYTES, MAGIC, SECTION_ALIGN, SECTION_ENTRY_BYTES, SECTION_NAME, SECTION_NAME_BYTES } from './format.ts';
import { artifactError } from './manifest.ts';

/** A section's place in its file. */
export interface SectionSpan {
  name: string;
  offset: number;
  bytes: number;
}

const ascii = new TextEncoder();

/** Lays out and writes a container holding `sections` in the given order. Deterministic. */
export function encodeContainer(
  version: number,
  count: number,
  dims: number,
  sections: readonly (readonly [string, Uint8Array])[],
): {
  bytes: Uint8Array;
  spans: SectionSpan[];
} {
  const spans: SectionSpan[] = [];
  let end = HEADER_BYTES + SECTION_ENTRY_BYTES * sections.length;
  for (const [name, data] of sections) {
    if (!SECTION_NAME.test(name)) throw new Error(`section name ${JSON.stringify(name)} is not valid`);
    const offset = align(end);
    spans.push({ name, offset, bytes: data.byteLength });
    end = offset + data.byteLength;
  }
  const out = new Uint8Array(end);
  const view = new DataView(out.buffer);
  out.set(ascii.encode(MAGIC), 0);
  view.setUint32(8, version, true);
  view.setUint32(12, count, true);
  view.setUint32(16, dims, true);
  view.setUint32(20, sections.length, true);
  spans.forEach((span, i) => {
    const entry = HEADER_BYTES + i * SECTION_ENTRY_BYTES;
    out.set(ascii.encode(span.name), entry);
    view.setBigUint64(entry + SECTION_NAME_BYTES, BigInt(span.offset), true);
    view.setBigUint64(entry + SECTION_NAME_BYTES + 8, BigInt(span.bytes), true);
    out.set(sections[i]![1], span.offset);
  });
  return { bytes: out, spans };
}

/**
 * Reads the header and section table of `bytes` (the file called `file`) and checks that they
 * describe a well-formed container of `count` items of `dims` for format `version`: magic,
 * version, sizes, names, alignment, sections in order without overlap, the file ending where the
 * last section ends, zero padding. Throws `ARTIFACT_INVALID` naming the file and the fault.
 */
export function decodeContainer(bytes: Uint8Array, file: string, version: number, count: number, dims: number): SectionSpan[] {
  const fail = (problem: string): never => {
    throw artifactError(file, problem);
  };
  if (bytes.byteLength < HEADER_BYTES) fail(`is truncated: ${bytes.byteLength} bytes, shorter than the ${HEADER_BYTES}-byte header`);
  if (new TextDecoder().decode(bytes.subarray(0, 8)) !== MAGIC) fail(`does not start with "${MAGIC}": not an inpage-rec vectors file`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const fileVersion = view.getUint32(8, true);
  if (fileVersion !== version) fail(`has format version ${fileVersion}, expected ${version}`);
  const fileCount = view.getUint32(12, true);
  const fileDims = view.getUint32(16, true);
  if (fileCount !== count || fileDims !== dims) fail(`holds ${fileCount} items of ${fileDims} dims, the manifest says ${count} of ${dims}`);
  const n = view.getUint32(20, true);
  if (view.getUint32(24, true) !== 0 || view.getUint32(28, true) !== 0) fail('has non-zero reserved header bytes');
  let end = HEADER_BYTES + n * SECTION_ENTRY_BYTES;
  if (end > bytes.byteLength) fail(`is truncated: its ${n}-entry section table runs past the end (${bytes.byteLength} bytes)`);
  const spans: SectionSpan[] = [];
  for (let i = 0; i < n; i++) {
    const entry = HEADER_BYTES + i * SECTION_ENTRY_BYTES;
    const raw = bytes.subarray(entry, entry + SECTION_NAME_BYTES);
    const len = raw.indexOf(0) === -1 ? SECTION_NAME_BYTES : raw.indexOf(0);
    const name = String.fromCharCode(...raw.subarray(0, len));
    if (!SECTION_NAME.test(name) || raw.subarray(len).some((b) => b !== 0)) fail(`section ${i} has an invalid name`);
    const offset = safe(view.getBigUint64(entry + SECTION_NAME_BYTES, true));
    const size = safe(view.getBigUint64(entry + SECTION_NAME_BYTES + 8, true));
    if (offset % SECTION_ALIGN !== 0 || offset < end || offset - end >= SECTION_ALIGN) {
      fail(`section "${name}" starts at byte ${offset}, expected ${align(end)}`);
    }
    if (offset + size > bytes.byteLength) {
      fail(`is truncated: section "${name}" needs bytes ${offset}-${offset + size}, the file has ${bytes.byteLength}`);
    }
    if (bytes.subarray(end, offset).some((b) => b !== 0)) fail(`has non-zero padding before section "${name}"`);
    if (spans.some((s) => s.name === name)) fail(`has two sections named "${name}"`);
    spans.push({ name, offset, bytes: size });
    end = offset + size;
  }
  if (end !== bytes.byteLength) fail(`has ${bytes.byteLength - end} unexpected bytes after its last section`);
  return spans;
}

function align(n: number): number {
  return Math.ceil(n / SECTION_ALIGN) * SECTION_ALIGN;
}

function safe(v: bigint): number {
  // Anything past 2^53 is corrupt (no file is that large); Infinity fails the bounds checks.
  return v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : Number.POSITIVE_INFINITY;
}
