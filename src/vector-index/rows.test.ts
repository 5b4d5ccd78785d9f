import { describe, expect, it } from 'vitest';
import { type RowMirror, VectorRows } from './rows.ts';

/** Records mirror calls and keeps a per-row label array in sync, like a real mirror would. */
class Shadow implements RowMirror {
  readonly events: string[] = [];
  labels: number[] = [];
  constructor(private readonly store: VectorRows) {
    store.attach(this);
  }
  reserve(capacity: number): void {
    this.events.push(`reserve ${capacity}`);
  }
  rowWritten(row: number, replaced: boolean): void {
    this.events.push(`write ${row} ${replaced}`);
    this.labels[row] = this.store.data[row * this.store.dims]!;
  }
  rowDeleted(row: number): void {
    this.events.push(`delete ${row}`);
  }
  rowMoved(from: number, to: number): void {
    this.events.push(`move ${from} ${to}`);
    this.labels[to] = this.labels[from]!;
  }
}

describe('VectorRows', () => {
  it('grows by doubling and keeps rows contiguous', () => {
    const store = new VectorRows(3);
    const shadow = new Shadow(store);
    const keys = Array.from({ length: 40 }, (_, i) => `k${i}`);
    const data = Float32Array.from({ length: 120 }, (_, i) => i);
    for (let i = 0; i < 40; i++) store.add([keys[i]!], data.subarray(i * 3, i * 3 + 3));
    expect(store.size).toBe(40);
    expect(store.data.subarray(0, 120)).toEqual(data);
    expect(shadow.events.filter((e) => e.startsWith('reserve'))).toEqual(['reserve 16', 'reserve 32', 'reserve 64']);
  });

  it('swap-removes: the last row fills the hole and both maps follow', () => {
    const store = new VectorRows(2);
    const shadow = new Shadow(store);
    store.add(['a', 'b', 'c', 'd'], new Float32Array([1, 1, 2, 2, 3, 3, 4, 4]));
    store.remove(['b', 'zzz', 'd']);
    // d first fills b's hole (row 1), so removing d then pulls c from row 2 into row 1.
    expect(shadow.events.slice(-4)).toEqual(['delete 1', 'move 3 1', 'delete 1', 'move 2 1']);
    expect(store.size).toBe(2);
    expect(store.rowOf('d')).toBeUndefined();
    expect(store.rowOf('c')).toBe(1);
    expect(store.keyAt(1)).toBe('c');
    expect(store.vector('c')).toEqual(new Float32Array([3, 3]));
    expect(shadow.labels.slice(0, 2)).toEqual([1, 3]);
  });

  it('replaces an existing key in place, and the last duplicate in a batch wins', () => {
    const store = new VectorRows(1);
    const shadow = new Shadow(store);
    store.add(['a', 'b'], new Float32Array([1, 2]));
    store.add(['a', 'a'], new Float32Array([5, 6]));
    expect(store.size).toBe(2);
    expect(store.vector('a')).toEqual(new Float32Array([6]));
    expect(shadow.events.slice(-2)).toEqual(['write 0 true', 'write 0 true']);
  });

  it('returns copies from vector(), unaffected by later swaps', () => {
    const store = new VectorRows(1);
    store.add(['a', 'b'], new Float32Array([1, 2]));
    const b = store.vector('b')!;
    store.remove(['a']);
    b[0] = 99;
    expect(store.vector('b')).toEqual(new Float32Array([2]));
  });
});
