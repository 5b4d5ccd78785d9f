import { describe, expect, it, vi } from 'vitest';
import { ShownBoard } from './shown.ts';

describe('shown-ids board (page-level de-duplication)', () => {
  it('gives each list what the lists before it show: lower page order first, then join order', () => {
    const board = new ShownBoard();
    const similar = {};
    const complements = {};
    const forYou = {};
    const laterSimilar = {};
    board.publish(forYou, 2, ['f']);
    board.publish(similar, 0, ['x', 2]);
    board.publish(complements, 1, ['2', 'y']);
    board.publish(laterSimilar, 0, ['z']);
    expect(board.idsBefore(similar, 0)).toEqual([]);
    expect(board.idsBefore(laterSimilar, 0)).toEqual(['2', 'x']);
    expect(board.idsBefore(complements, 1)).toEqual(['2', 'x', 'z']);
    expect(board.idsBefore(forYou, 2)).toEqual(['2', 'x', 'y', 'z']);
    board.remove(similar);
    expect(board.idsBefore(forYou, 2)).toEqual(['2', 'y', 'z']);
  });

  it('tells the other lists when one changes what it shows, never the list itself', () => {
    const board = new ShownBoard();
    const a = {};
    const b = {};
    const heardByA = vi.fn();
    const heardByB = vi.fn();
    board.subscribe(a, heardByA);
    board.subscribe(b, heardByB);
    board.publish(a, 0, ['x']);
    expect(heardByB).toHaveBeenCalledTimes(1);
    expect(heardByA).not.toHaveBeenCalled();
  });

  it('lets a list wait for the fetching lists before it, but never longer than the cap', async () => {
    vi.useFakeTimers();
    try {
      const board = new ShownBoard();
      const similar = {};
      const forYou = {};
      board.markPending(similar, 0);
      let settled = false;
      void board.settledBefore(forYou, 2, 1000).then(() => (settled = true));
      await vi.advanceTimersByTimeAsync(10);
      expect(settled).toBe(false);
      board.publish(similar, 0, ['a']);
      await vi.advanceTimersByTimeAsync(0);
      expect(settled).toBe(true);
      // A list after the fetching one never makes an earlier list wait.
      board.markPending(forYou, 2);
      await expect(board.settledBefore(similar, 0, 1000)).resolves.toBeUndefined();
      board.markPending(similar, 0); // stuck from here on
      let capped = false;
      void board.settledBefore(forYou, 2, 1000).then(() => (capped = true));
      await vi.advanceTimersByTimeAsync(999);
      expect(capped).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      expect(capped).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });
});
