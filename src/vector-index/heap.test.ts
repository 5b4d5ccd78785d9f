import { describe, expect, it } from 'vitest';
import { TopK } from './heap.ts';
import { Prng } from './prng.ts';

describe('TopK', () => {
  it('keeps exactly the k best of random pushes, best first', () => {
    const rng = new Prng(7);
    for (const k of [1, 2, 5, 10, 64]) {
      const heap = new TopK(k);
      const scores: number[] = [];
      for (let row = 0; row < 1000; row++) {
        const s = rng.next();
        scores.push(s);
        heap.push(s, row);
      }
      const { scores: got, rows } = heap.drain();
      const want = [...scores.keys()].sort((a, b) => scores[b]! - scores[a]!).slice(0, k);
      expect([...rows]).toEqual(want);
      expect([...got]).toEqual(want.map((r) => scores[r]!));
    }
  });

  it('tracks the admission threshold', () => {
    const heap = new TopK(3);
    heap.push(5, 0);
    heap.push(1, 1);
    expect(heap.threshold).toBe(-Infinity);
    heap.push(3, 2);
    expect(heap.threshold).toBe(1);
    expect(heap.push(0.5, 3)).toBe(false);
    expect(heap.push(4, 4)).toBe(true);
    expect(heap.threshold).toBe(3);
  });

  it('breaks ties with the tie-break, keeping the preferred rows', () => {
    // Prefer higher row numbers on ties, to show the callback (not insertion order) decides.
    const heap = new TopK(3, (a, b) => b - a);
    for (const row of [4, 1, 9, 7, 3]) heap.push(1, row);
    expect([...heap.drain().rows]).toEqual([9, 7, 4]);
  });

  it('defaults to row order on ties and handles capacity 0 and draining twice', () => {
    const heap = new TopK(2);
    for (const row of [5, 2, 8]) heap.push(0, row);
    expect([...heap.drain().rows]).toEqual([2, 5]);
    expect(heap.drain().rows.length).toBe(0);
    const none = new TopK(0);
    expect(none.push(1, 0)).toBe(false);
    expect(none.drain().rows.length).toBe(0);
  });
});
