/**
 * The projection file, `projection-<16 hex of its SHA-256>.bin`: the map a build's vectors went
 * through (src/vector-index/projection.ts), which a page needs before it ranks anything, so that
 * what it embeds itself (an item added after the build, a search query) lands in the same space.
 * A file of its own, not a section of the binary: it is small (256 KB at 512 -> 128), fetched
 * first, and immutable across incremental builds (the next build reuses it; only `--full` fits a
 * new one).
 *
 * Little-endian: magic `IRP1`, u32 version (1), u32 inDims, u32 outDims, then outDims x inDims
 * f32 (row k gives output component k).
 */
import { sha256Hex } from '../digest/sha256.ts';
import type { Projection } from '../vector-index/projection.ts';
import type { ArtifactProjection } from './format.ts';

const MAGIC = 0x31505249; // "IRP1" read as a little-endian u32
const VERSION = 1;
const HEADER = 16;

/** The file's bytes for `p`. */
export function encodeProjection(p: Projection): Uint8Array {
  const out = new Uint8Array(HEADER + 4 * p.basis.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, MAGIC, true);
  view.setUint32(4, VERSION, true);
  view.setUint32(8, p.inDims, true);
  view.setUint32(12, p.outDims, true);
  for (let i = 0; i < p.basis.length; i++) view.setFloat32(HEADER + 4 * i, p.basis[i]!, true);
  return out;
}

/** The projection in `bytes`; throws naming `file` and what is wrong when they are not one. */
export function decodeProjection(bytes: Uint8Array, file: string): Projection {
  const fail = (problem: string): never => {
    throw new Error(`${file} is not a projection file: ${problem}`);
  };
  if (bytes.byteLength < HEADER) fail(`${bytes.byteLength} bytes`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0, true) !== MAGIC) fail('wrong magic');
  if (view.getUint32(4, true) !== VERSION) fail(`version ${view.getUint32(4, true)}, this reader knows ${VERSION}`);
  const inDims = view.getUint32(8, true);
  const outDims = view.getUint32(12, true);
  if (inDims < 1 || outDims < 1 || outDims > inDims) fail(`${inDims} -> ${outDims} dimensions`);
  if (bytes.byteLength !== HEADER + 4 * inDims * outDims) fail(`${bytes.byteLength} bytes for ${inDims} -> ${outDims} dimensions`);
  const basis = new Float32Array(inDims * outDims);
  for (let i = 0; i < basis.length; i++) {
    const v = view.getFloat32(HEADER + 4 * i, true);
    if (!Number.isFinite(v)) fail(`value ${i} is not finite`);
    basis[i] = v;
  }
  return { inDims, outDims, basis };
}

/** The manifest's entry for `bytes`, content-addressed like every file of a build. */
export async function projectionEntry(bytes: Uint8Array, inDims: number): Promise<ArtifactProjection> {
  const sha256 = await sha256Hex(bytes);
  return { inDims, file: { name: `projection-${sha256.slice(0, 16)}.bin`, bytes: bytes.byteLength, sha256 } };
}
