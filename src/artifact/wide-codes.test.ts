import { describe, expect, it } from 'vitest';
import { DIMS, MODEL, makeItems, unitVector } from '../../test/artifact-fixtures.ts';
import { encodeCoarse } from './coarse.ts';
import { codeBits } from './format.ts';
import { encodeHigh, encodeMagnitudes, joinCodes, magnitudeRowBytes } from './magnitudes.ts';
import { parseArtifactManifest } from './manifest.ts';
import { codeLimit, dequantizeInto, newCodeArray, quantize, quantizeWithLength } from './quantize.ts';
import { decodeArtifact } from './read.ts';
import { describeTextRule } from './text-rule.ts';
import { writeArtifact } from './write.ts';

/** Cosine between `v` and its code decoded. */
function fidelity(v: Float32Array, bits: number): number {
  const { code, scale } = quantize(v, bits);
  const out = new Float32Array(v.length);
  dequantizeInto(code, 0, v.length, scale, out);
  let dot = 0;
  for (let d = 0; d < v.length; d++) dot += v[d]! * out[d]!;
  return dot;
}

describe('codes wider than int8 (int<b>-item-scale, b = 9 to 12)', () => {
  it('quantizes into Int16Array within +-(2^(b-1) - 1), closer to the vector than int8', () => {
    const v = unitVector(3, 128);
    const q = quantize(v, 10);
    expect(q.code).toBeInstanceOf(Int16Array);
    expect(Math.max(...q.code.map(Math.abs))).toBe(codeLimit(10));
    expect(codeLimit(10)).toBe(511);
    // About a quarter of the angle error per 2 bits (error ~ step^2).
    expect(1 - fidelity(v, 10)).toBeLessThan((1 - fidelity(v, 8)) / 8);
    expect(() => quantize(v, 7)).toThrow(/7 bits per dimension/);
    expect(() => quantize(v, 13)).toThrow(/13 bits/);
    const withLength = quantizeWithLength(
      Float32Array.from(v, (x) => x * 0.6),
      10,
    );
    const out = new Float32Array(128);
    dequantizeInto(withLength.code, 0, 128, withLength.scale, out, 0, false);
    expect(Math.hypot(...out)).toBeCloseTo(0.6, 6);
  });

  it('splits into signs and (b-1)-bit magnitudes and joins back exactly, for any dims and every value', () => {
    for (const bits of [9, 10, 12]) {
      const limit = codeLimit(bits);
      for (const dims of [1, 7, 8, 9, 120, 128]) {
        const count = Math.ceil((2 * limit + 1) / dims);
        const codes = Int16Array.from({ length: count * dims }, (_, i) => ((i * 37 + dims) % (2 * limit + 1)) - limit);
        expect(codes.includes(-limit) && codes.includes(limit) && codes.includes(0)).toBe(true);
        const magnitudes = encodeMagnitudes(codes, count, dims, bits);
        expect(magnitudes.byteLength).toBe(magnitudeRowBytes(dims, bits) * count);
        expect(magnitudes.byteLength).toBe(Math.ceil((dims * (bits - 1)) / 8) * count);
        expect(joinCodes(encodeCoarse(codes, count, dims), magnitudes, count, dims, bits)).toEqual(codes);
      }
    }
  });

  it('joins byte-wide magnitudes (10-bit codes with the high bits, 9-bit without) exactly, for any dims and every value', () => {
    // Their own decoder (magnitudes.ts decodeByteRow): eight dimensions per sign byte, a tail when dims is not a multiple of 8.
    for (const [bits, withHigh] of [
      [10, true],
      [9, false],
    ] as const) {
      const limit = codeLimit(bits);
      for (const dims of [1, 7, 8, 9, 15, 128, 131]) {
        const count = Math.ceil((2 * limit + 1) / dims) + 1;
        const codes = Int16Array.from({ length: count * dims }, (_, i) => ((i * 37 + dims) % (2 * limit + 1)) - limit);
        expect(codes.includes(-limit) && codes.includes(limit) && codes.includes(0)).toBe(true);
        const high = withHigh ? encodeHigh(codes, count, dims, bits) : undefined;
        const magnitudes = encodeMagnitudes(codes, count, dims, bits, withHigh);
        expect(magnitudes.byteLength).toBe(dims * count);
        expect(joinCodes(encodeCoarse(codes, count, dims), magnitudes, count, dims, bits, high)).toEqual(codes);
      }
    }
  });

  it('names the width in the manifest and reads back the codes and vectors exactly', async () => {
    const items = (await makeItems(['a', 'b', 'c'])).map((item) => ({ ...item, ...quantize(item.vector, 10) }));
    const textRule = await describeTextRule();
    const written = await writeArtifact({ model: MODEL, textRule, generator: 'test', items, codeBits: 10 });
    expect(written.manifest.code).toBe('int10-item-scale');
    // 8 bits of each magnitude in `magnitudes`, the top one in `high`; the older layout kept all 9 there.
    const sizes = (w: typeof written) => Object.fromEntries(w.manifest.sections.map((s) => [s.name, s.bytes]));
    expect(sizes(written)).toMatchObject({ magnitudes: 3 * magnitudeRowBytes(DIMS, 10, true), high: 3 * Math.ceil(DIMS / 8) });
    expect(magnitudeRowBytes(DIMS, 10, true)).toBe(DIMS);
    const older = await writeArtifact({ model: MODEL, textRule, generator: 'test', items, codeBits: 10, highBits: false });
    expect(sizes(older).magnitudes).toBe(3 * magnitudeRowBytes(DIMS, 10));
    expect(sizes(older)).not.toHaveProperty('high');
    for (const w of [written, older]) {
      const manifest = parseArtifactManifest(JSON.parse(w.manifestText), 'manifest.json');
      const artifact = await decodeArtifact(manifest, new Map([[w.binaryName, w.binary]]));
      expect(artifact.codeBits).toBe(10);
      expect([...artifact.sections.keys()]).toEqual([]);
      for (const [i, key] of artifact.keys.entries()) {
        const item = items.find((it) => it.key === key)!;
        expect(Array.from(artifact.codes.subarray(i * DIMS, (i + 1) * DIMS))).toEqual(Array.from(item.code));
        // A row read alone from the sections, as a page adopts them, is the same code and vector.
        const row = new Int16Array(DIMS + 2);
        artifact.codeRow(i, row, 2);
        expect(Array.from(row.subarray(2))).toEqual(Array.from(item.code));
        const expected = new Float32Array(DIMS);
        dequantizeInto(artifact.codes, i, DIMS, artifact.scales[i]!, expected, 0, true);
        expect(artifact.vector(i)).toEqual(expected);
      }
      expect(() => artifact.codeRow(3, new Int16Array(DIMS), 0)).toThrow(RangeError);
    }
  });

  it('splits each magnitude into its top bit and the rest, and joins them back, at every width', () => {
    for (const bits of [8, 9, 10, 12]) {
      const limit = codeLimit(bits);
      // Every magnitude at both sides of the top bit, both signs.
      const code = newCodeArray(2 * DIMS, bits);
      for (let d = 0; d < 2 * DIMS; d++) code[d] = (d % 2 ? -1 : 1) * Math.round((limit * d) / (2 * DIMS - 1));
      const high = encodeHigh(code, 2, DIMS, bits);
      const joined = joinCodes(encodeCoarse(code, 2, DIMS), encodeMagnitudes(code, 2, DIMS, bits, true), 2, DIMS, bits, high);
      expect(Array.from(joined)).toEqual(Array.from(code));
      const top = 1 << (bits - 2);
      for (let d = 0; d < 2 * DIMS; d++) {
        const [row, dim] = [Math.floor(d / DIMS), d % DIMS];
        const bit = (high[row * Math.ceil(DIMS / 8) + (dim >> 3)]! >> (dim & 7)) & 1;
        expect(bit === 1).toBe(Math.abs(code[d]!) >= top);
      }
    }
  });

  it('refuses codes outside the width, and code names the format does not know', async () => {
    const [a] = await makeItems(['a']);
    const textRule = await describeTextRule();
    const wide = { ...a!, ...quantize(a!.vector, 10) };
    await expect(writeArtifact({ model: MODEL, textRule, generator: 't', items: [wide] })).rejects.toThrow(
      /item "a" has a code value outside -127..127 \(8-bit codes\)/,
    );
    await expect(writeArtifact({ model: MODEL, textRule, generator: 't', items: [wide], codeBits: 13 })).rejects.toThrow(/codeBits 13/);
    expect([8, 9, 10, 11, 12].map((b) => codeBits(`int${b}-item-scale`))).toEqual([8, 9, 10, 11, 12]);
    expect(['int7-item-scale', 'int16-item-scale', 'int10', 10].map(codeBits)).toEqual([undefined, undefined, undefined, undefined]);
    const written = await writeArtifact({ model: MODEL, textRule, generator: 't', items: [wide], codeBits: 10 });
    const bad = { ...JSON.parse(written.manifestText), code: 'int16-item-scale' };
    expect(() => parseArtifactManifest(bad, 'm.json')).toThrow(/"code" must be "int<8 to 12>-item-scale".*"int16-item-scale"/);
  });
});
