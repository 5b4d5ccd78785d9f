/**
 * The 16-bit rows' kernels (int16-store.ts) against a scalar reference on both paths: `dotI16` on
 * rows of int16 codes with an f32 scale (extreme codes and scales, dims that are not a multiple of
 * 8, row lists with repeats), and `maxAbsF32` / `encodeI16`, which write them. The paths must agree
 * bit for bit, as kernels.test.ts asks of every kernel.
 */
import { describe, expect, it } from 'vitest';
import { both, referenceDot, rowLists } from '../../../test/helpers/kernel-memories.ts';
import { Prng } from '../prng.ts';

const rng = new Prng(7);
const ROWS = 37;
const roundUp = (n: number, m: number) => Math.ceil(n / m) * m;

describe('dotI16', () => {
  for (const dims of [1, 7, 8, 9, 100, 128, 129, 512]) {
    it(`= scale x exact dot, both paths bit-identical (dims ${dims})`, () => {
      const pad = roundUp(dims, 8);
      const stride = 16 + pad * 2;
      const base = 64;
      const q = roundUp(base + ROWS * stride, 8);
      const list = q + pad * 8;
      const out = list + 64 * 4;
      const codes = new Int16Array(ROWS * pad);
      const scales = new Float32Array(ROWS);
      for (let r = 0; r < ROWS; r++) {
        scales[r] = r === 3 ? 0 : r === 4 ? 3e30 : Math.fround(rng.next() / 32767);
        for (let d = 0; d < dims; d++) codes[r * pad + d] = r === 0 ? 0 : r === 1 ? -32768 : r === 2 ? 32767 : rng.int(65536) - 32768;
      }
      const query = new Float64Array(pad);
      for (let d = 0; d < dims; d++) query[d] = Math.fround(rng.gaussian());
      for (const visit of rowLists(rng, ROWS)) {
        const count = visit ? visit.length : ROWS;
        const res = both(
          out + count * 8,
          (mem) => {
            for (let r = 0; r < ROWS; r++) {
              mem.f32[(base + r * stride) >>> 2] = scales[r]!;
              mem.i16.set(codes.subarray(r * pad, (r + 1) * pad), (base + r * stride + 16) >>> 1);
            }
            mem.f64.set(query, q >>> 3);
            if (visit) mem.i32.set(visit, list >>> 2);
          },
          (mem) => {
            mem.kernels.dotI16(q, base, stride, pad, visit ? list : 0, 0, count, out);
            return Array.from(mem.f64.subarray(out >>> 3, (out >>> 3) + count));
          },
        );
        expect(res.wasm).toEqual(res.js);
        for (let i = 0; i < count; i++) {
          const r = visit ? visit[i]! : i;
          const { dot, magnitude } = referenceDot(codes, pad, r, query, dims);
          expect(Math.abs(res.js[i]! - dot * scales[r]!)).toBeLessThanOrEqual(magnitude * scales[r]! * 1e-15 + 1e-300);
        }
      }
    });
  }

  it('maxAbsF32 and encodeI16: the largest magnitude, and round-half-even codes saturated to int16, bit-identical', () => {
    const dims = 24;
    const src = 64;
    const dst = 256;
    const values = Float32Array.from({ length: dims }, (_, d) =>
      d === 0 ? -3.5 : d === 1 ? 2.5 : d === 2 ? -0.5 : d === 3 ? 1e9 : d === 4 ? -1e9 : d === 5 ? 0 : Math.fround(rng.gaussian() * 100),
    );
    const res = both(
      dst + dims * 2,
      (mem) => mem.f32.set(values, src >>> 2),
      (mem) => {
        const max = mem.kernels.maxAbsF32(src, dims);
        mem.kernels.encodeI16(src, 1, dims, dst);
        return { max, codes: Array.from(mem.i16.subarray(dst >>> 1, (dst >>> 1) + dims)) };
      },
    );
    expect(res.wasm).toEqual(res.js);
    expect(res.js.max).toBe(1e9);
    // Halves to even (-3.5 -> -4, 2.5 -> 2, -0.5 -> 0), beyond int16 saturated.
    expect(res.js.codes.slice(0, 6)).toEqual([-4, 2, 0, 32767, -32768, 0]);
    for (let d = 6; d < dims; d++) expect(Math.abs(res.js.codes[d]! - values[d]!)).toBeLessThanOrEqual(0.5);
  });
});
