import { describe, expect, it } from 'vitest';
import { propagate } from './propagate.ts';

const pairs = (list: [number, number][]) => ({ from: Int32Array.from(list, (p) => p[0]), to: Int32Array.from(list, (p) => p[1]) });
const row = (v: Float32Array, i: number, d: number) => [...v.subarray(i * d, (i + 1) * d)];
const norm = (x: number[]) => Math.hypot(...x);
const cos = (x: number[], y: number[]) => x.reduce((s, xi, i) => s + xi * y[i]!, 0) / (norm(x) * norm(y));

describe('propagate', () => {
  it('moves items toward the items the pairs put them with, keeping lengths; others stay', () => {
    // Items 0-2 are bought together, 3-4 together; 5 only with 0 in pairs, but it is not eligible.
    const d = 2;
    const v = Float32Array.from([1, 0, 0.8, 0.6, 0.9, -0.4, 0, 1, -0.3, 0.95, 0, 2]);
    const p = pairs([
      [0, 1],
      [1, 2],
      [0, 2],
      [3, 4],
      [0, 5],
    ]);
    const eligible = Uint8Array.from([1, 1, 1, 1, 1, 0]);
    const out = propagate(v, d, p, eligible, { layers: 2, alpha: 0.5 });
    for (let i = 0; i < 6; i++) expect(norm(row(out, i, d))).toBeCloseTo(norm(row(v, i, d)), 5);
    // Within a group, items end closer than they began.
    expect(cos(row(out, 1, d), row(out, 2, d))).toBeGreaterThan(cos(row(v, 1, d), row(v, 2, d)));
    expect(cos(row(out, 3, d), row(out, 4, d))).toBeGreaterThan(cos(row(v, 3, d), row(v, 4, d)));
    // Item 5 is not eligible: it does not move, and its pair does not move item 0 toward it.
    expect(row(out, 5, d)).toEqual(row(v, 5, d));
    const without = propagate(
      v,
      d,
      pairs([
        [0, 1],
        [1, 2],
        [0, 2],
        [3, 4],
      ]),
      eligible,
      { layers: 2, alpha: 0.5 },
    );
    expect(row(out, 0, d)).toEqual(row(without, 0, d));
  });

  it('is the identity with no pairs or alpha 0, and the same bytes every time', () => {
    const v = Float32Array.from({ length: 40 }, (_, i) => Math.sin(i));
    const p = pairs([
      [0, 1],
      [2, 3],
      [4, 5],
      [1, 6],
    ]);
    const all = new Uint8Array(10).fill(1);
    expect(propagate(v, 4, pairs([]), all, { layers: 2, alpha: 0.7 })).toEqual(v);
    expect(propagate(v, 4, p, all, { layers: 1, alpha: 0 })).toEqual(v);
    expect(propagate(v, 4, p, all, { layers: 2, alpha: 0.7 })).toEqual(propagate(v, 4, p, all, { layers: 2, alpha: 0.7 }));
  });
});
