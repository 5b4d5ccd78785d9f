/**
 * Every kernel against a scalar reference, on both paths (WASM SIMD and JavaScript), on random
 * and adversarial data: dims that are not a multiple of 8/16/128, zeros, extreme codes, row lists
 * in any order with repeats. The two paths must agree bit for bit (that is what makes rankings
 * identical); the reference pins down what they compute.
 */
import { describe, expect, it } from 'vitest';
import { both, referenceDot, rowLists as visits } from '../../../test/helpers/kernel-memories.ts';
import { Prng } from '../prng.ts';
import { KernelMemory } from './memory.ts';
import { wasmKernelsAvailable } from './wasm.ts';

const rng = new Prng(42);
const DIMS = [1, 7, 8, 9, 15, 16, 17, 100, 127, 128, 129, 384, 512, 513];
const ROWS = 37;
const roundUp = (n: number, m: number) => Math.ceil(n / m) * m;

const rowLists = () => visits(rng, ROWS);

describe('scoring kernels', () => {
  it('WASM SIMD is available in this Node (the tests below need both paths)', () => {
    expect(wasmKernelsAvailable()).toBe(true);
  });

  for (const dims of DIMS) {
    it(`dotF32 = exact f64 dot, both paths bit-identical (dims ${dims})`, () => {
      const pad = roundUp(dims, 8);
      const stride = pad * 4;
      const base = 64;
      const q = base + ROWS * stride;
      const list = q + pad * 8;
      const out = list + 64 * 4;
      const rows = new Float32Array(ROWS * pad);
      const query = new Float64Array(pad);
      for (let r = 0; r < ROWS; r++) {
        for (let d = 0; d < dims; d++) {
          // Row 0 all zeros; row 1 huge/tiny magnitudes; others gaussian.
          rows[r * pad + d] = r === 0 ? 0 : r === 1 ? (d % 2 ? 3e30 : -1e-30) : Math.fround(rng.gaussian());
        }
      }
      for (let d = 0; d < dims; d++) query[d] = Math.fround(rng.gaussian());
      for (const visit of rowLists()) {
        const count = visit ? visit.length : ROWS;
        const res = both(
          out + count * 8,
          (mem) => {
            mem.f32.set(rows, base >>> 2);
            mem.f64.set(query, q >>> 3);
            if (visit) mem.i32.set(visit, list >>> 2);
          },
          (mem) => {
            mem.kernels.dotF32(q, base, stride, pad, visit ? list : 0, 0, count, out);
            return Array.from(mem.f64.subarray(out >>> 3, (out >>> 3) + count));
          },
        );
        expect(res.wasm).toEqual(res.js);
        for (let i = 0; i < count; i++) {
          const { dot, magnitude } = referenceDot(rows, pad, visit ? visit[i]! : i, query, dims);
          expect(Math.abs(res.js[i]! - dot)).toBeLessThanOrEqual(magnitude * 1e-15 + 1e-300);
        }
      }
    });

    it(`dotI8 = exact integer dot, both paths equal (dims ${dims})`, () => {
      const stride = roundUp(dims, 16);
      const base = 64;
      const q = roundUp(base + ROWS * stride, 16);
      const list = q + stride * 2;
      const out = list + 64 * 4;
      const codes = new Int8Array(ROWS * stride);
      const query = new Int16Array(stride);
      // The query bound the index enforces: sum |w| * 128 < 2^31.
      const qmax = Math.min(32767, Math.floor((2 ** 31 - 1) / (128 * dims)));
      for (let r = 0; r < ROWS; r++) {
        for (let d = 0; d < dims; d++) codes[r * stride + d] = r === 0 ? 0 : r === 1 ? -128 : r === 2 ? 127 : rng.int(256) - 128;
      }
      for (let d = 0; d < dims; d++) query[d] = d % 3 === 0 ? qmax : d % 3 === 1 ? -qmax : rng.int(2 * qmax + 1) - qmax;
      for (const visit of rowLists()) {
        const count = visit ? visit.length : ROWS;
        const res = both(
          out + count * 4,
          (mem) => {
            mem.i8.set(codes, base);
            mem.i16.set(query, q >>> 1);
            if (visit) mem.i32.set(visit, list >>> 2);
          },
          (mem) => {
            mem.kernels.dotI8(q, base, stride, visit ? list : 0, 0, count, out);
            return Array.from(mem.i32.subarray(out >>> 2, (out >>> 2) + count));
          },
        );
        expect(res.wasm).toEqual(res.js);
        for (let i = 0; i < count; i++) {
          const r = visit ? visit[i]! : i;
          let ref = 0;
          for (let d = 0; d < dims; d++) ref += codes[r * stride + d]! * query[d]!;
          expect(res.js[i]).toBe(ref);
        }
      }
    });

    it(`hamming = popcount of XOR with a correct histogram, both paths equal (dims ${dims})`, () => {
      const stride = roundUp(Math.ceil(dims / 8), 16);
      const base = 64;
      const q = roundUp(base + ROWS * stride, 16);
      const hist = q + stride;
      const list = roundUp(hist + (dims + 1) * 4, 16);
      const out = list + 64 * 4;
      const bits = new Uint8Array(ROWS * stride);
      const query = new Uint8Array(stride);
      const mask = (d: number) => (d < dims ? 1 : 0);
      for (let r = 0; r < ROWS; r++) {
        for (let d = 0; d < dims; d++) {
          const bit = r === 0 ? 0 : r === 1 ? 1 : rng.int(2);
          bits[r * stride + (d >>> 3)]! |= (bit & mask(d)) << (d & 7);
        }
      }
      for (let d = 0; d < dims; d++) query[d >>> 3]! |= rng.int(2) << (d & 7);
      for (const visit of rowLists()) {
        const count = visit ? visit.length : ROWS;
        const res = both(
          out + count * 4,
          (mem) => {
            mem.u8.set(bits, base);
            mem.u8.set(query, q);
            if (visit) mem.i32.set(visit, list >>> 2);
          },
          (mem) => {
            mem.kernels.hamming(q, base, stride, visit ? list : 0, 0, count, out, hist);
            return {
              dist: Array.from(mem.i32.subarray(out >>> 2, (out >>> 2) + count)),
              hist: Array.from(mem.i32.subarray(hist >>> 2, (hist >>> 2) + dims + 1)),
            };
          },
        );
        expect(res.wasm).toEqual(res.js);
        const refHist = new Array(dims + 1).fill(0);
        for (let i = 0; i < count; i++) {
          const r = visit ? visit[i]! : i;
          let ref = 0;
          for (let d = 0; d < dims; d++) ref += ((bits[r * stride + (d >>> 3)]! ^ query[d >>> 3]!) >>> (d & 7)) & 1;
          expect(res.js.dist[i]).toBe(ref);
          refHist[ref]++;
        }
        expect(res.js.hist).toEqual(refHist);
      }
    });
  }

  for (const dims of [16, 32, 384, 512, 528]) {
    it(`encodeI8 and encodeBits match their scalar definitions, both paths equal (dims ${dims})`, () => {
      const src = 64;
      const lo = src + dims * 4;
      const inv = lo + dims * 4;
      const mean = inv + dims * 4;
      const codes = mean + dims * 4;
      const bits = codes + dims;
      const values = new Float32Array(dims);
      const los = new Float32Array(dims);
      const invs = new Float32Array(dims);
      const means = new Float32Array(dims);
      for (let d = 0; d < dims; d++) {
        los[d] = Math.fround(-0.2 + 0.01 * rng.gaussian());
        invs[d] = d % 17 === 0 ? 0 : Math.fround(255 / 0.4);
        means[d] = Math.fround(0.05 * rng.gaussian());
        // Exact ties (level x.5) to exercise round-half-even, out-of-range values, zeros, equal-to-mean.
        const kind = d % 5;
        values[d] =
          kind === 0 && invs[d]! > 0
            ? Math.fround(los[d]! + (rng.int(255) + 0.5) / invs[d]!)
            : kind === 1
              ? d % 2
                ? 5
                : -5
              : kind === 2
                ? means[d]!
                : Math.fround(0.1 * rng.gaussian());
      }
      const res = both(
        bits + dims,
        (mem) => {
          mem.f32.set(values, src >>> 2);
          mem.f32.set(los, lo >>> 2);
          mem.f32.set(invs, inv >>> 2);
          mem.f32.set(means, mean >>> 2);
        },
        (mem) => {
          const clamped = mem.kernels.encodeI8(src, lo, inv, dims, codes);
          mem.kernels.encodeBits(src, mean, dims, bits);
          return {
            clamped,
            codes: Array.from(mem.i8.subarray(codes, codes + dims)),
            bits: Array.from(mem.u8.subarray(bits, bits + dims / 8)),
          };
        },
      );
      expect(res.wasm).toEqual(res.js);
      let clamped = 0;
      for (let d = 0; d < dims; d++) {
        const v = Math.fround(Math.fround(values[d]! - los[d]!) * invs[d]!);
        const floor = Math.floor(v);
        let level = v - floor === 0.5 ? (floor % 2 === 0 ? floor : floor + 1) : Math.round(v);
        if (level < 0 || level > 255) clamped++;
        level = Math.min(255, Math.max(0, level));
        expect(res.js.codes[d]).toBe(level - 128);
        expect((res.js.bits[d >>> 3]! >>> (d & 7)) & 1).toBe(values[d]! > means[d]! ? 1 : 0);
      }
      expect(res.js.clamped).toBe(clamped);
      expect(clamped).toBeGreaterThan(0);
    });
  }

  it('selectRange keeps rows with lo < value <= hi in visiting order, both paths equal', () => {
    const count = 500;
    const vals = 64;
    const list = vals + count * 4;
    const out = list + count * 4;
    const values = Array.from({ length: count }, () => rng.int(40) - 5);
    const visit = Array.from({ length: count }, () => rng.int(10_000));
    for (const [lo, hi] of [
      [-1, 3],
      [-100, 100],
      [10, 10],
      [7, 12],
    ] as const) {
      for (const useList of [false, true]) {
        const res = both(
          out + count * 4,
          (mem) => {
            mem.i32.set(values, vals >>> 2);
            mem.i32.set(visit, list >>> 2);
          },
          (mem) => {
            const n = mem.kernels.selectRange(vals, lo, hi, useList ? list : 0, 1000, count, out);
            return Array.from(mem.i32.subarray(out >>> 2, (out >>> 2) + n));
          },
        );
        expect(res.wasm).toEqual(res.js);
        const ref: number[] = [];
        values.forEach((v, i) => {
          if (v > lo && v <= hi) ref.push(useList ? visit[i]! : 1000 + i);
        });
        expect(res.js).toEqual(ref);
      }
    }
  });

  it('memory grows keeping its contents, and refuses more than 4 GiB', () => {
    for (const choice of ['js', 'wasm'] as const) {
      const mem = new KernelMemory(choice);
      mem.i32[100] = 7;
      mem.ensure(3_000_000);
      expect(mem.byteLength).toBeGreaterThanOrEqual(3_000_000);
      expect(mem.i32[100]).toBe(7);
      expect(() => mem.ensure(2 ** 32 + 1)).toThrow(/4 GiB/);
    }
  });
});
