import { describe, expect, it } from 'vitest';
import { KeyedRows, type RowMirror } from './rows.ts';

/** Records mirror calls and keeps a per-row label array in sync, like a real mirror would. */
class Shadow implements RowMirror {
  readonly events: string[] = [];
  labels: number[] = [];
  constructor(store: KeyedRows) {
    store.attach(this);
  }
  reserve(capacity: number): void {
    this.events.push(`reserve ${capacity}`);
  }
  rowWritten(row: number, replaced: boolean, src: Float32Array, off: number): void {
    this.events.push(`write ${row} ${replaced}`);
    this.labels[row] = src[off]!;
  }
  rowDeleted(row: number): void {
    this.events.push(`delete ${row}`);
  }
  rowMoved(from: number, to: number): void {
    this.events.push(`move ${from} ${to}`);
    this.labels[to] = this.labels[from]!;
  }
}

describe('KeyedRows', () => {
  it('grows by at least 1/8 (16 rows at first), and a batch gets exactly what it needs', () => {
    const store = new KeyedRows(3);
    const shadow = new Shadow(store);
    for (let i = 0; i < 40; i++) store.add([`k${i}`], new Float32Array([i, i, i]));
    expect(store.size).toBe(40);
    expect(shadow.labels.slice(0, 40)).toEqual(Array.from({ length: 40 }, (_, i) => i));
    expect(shadow.events.filter((e) => e.startsWith('reserve'))).toEqual([
      'reserve 0',
      'reserve 16',
      'reserve 18',
      'reserve 21',
      'reserve 24',
      'reserve 27',
      'reserve 31',
      'reserve 35',
      'reserve 40',
    ]);
    store.add(
      Array.from({ length: 1000 }, (_, i) => `b${i}`),
      new Float32Array(3000),
    );
    expect(shadow.events.at(-1001)).toBe('reserve 1040');
  });

  it('swap-removes: the last row fills the hole and both maps follow', () => {
    const store = new KeyedRows(2);
    const shadow = new Shadow(store);
    store.add(['a', 'b', 'c', 'd'], new Float32Array([1, 1, 2, 2, 3, 3, 4, 4]));
    store.remove(['b', 'zzz', 'd']);
    // d first fills b's hole (row 1), so removing d then pulls c from row 2 into row 1.
    expect(shadow.events.slice(-4)).toEqual(['delete 1', 'move 3 1', 'delete 1', 'move 2 1']);
    expect(store.size).toBe(2);
    expect(store.rowOf('d')).toBeUndefined();
    expect(store.rowOf('c')).toBe(1);
    expect(store.keyAt(1)).toBe('c');
    expect(shadow.labels.slice(0, 2)).toEqual([1, 3]);
  });

  it('replaces an existing key in place, and the last duplicate in a batch wins', () => {
    const store = new KeyedRows(1);
    const shadow = new Shadow(store);
    store.add(['a', 'b'], new Float32Array([1, 2]));
    store.add(['a', 'a'], new Float32Array([5, 6]));
    expect(store.size).toBe(2);
    expect(shadow.labels[0]).toBe(6);
    expect(shadow.events.slice(-2)).toEqual(['write 0 true', 'write 0 true']);
  });

  it('stops telling a detached mirror', () => {
    const store = new KeyedRows(1);
    const shadow = new Shadow(store);
    store.detach(shadow);
    store.add(['a'], new Float32Array([1]));
    expect(shadow.events).toEqual(['reserve 0']);
  });
});
