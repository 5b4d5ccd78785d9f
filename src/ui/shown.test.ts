import { describe, expect, it, vi } from 'vitest';
import { ShownBoard } from './shown.ts';

describe('shown-ids board', () => {
  it('unions what context lists show and tells listeners only when that set changes', () => {
    const board = new ShownBoard();
    const a = {};
    const b = {};
    const heard = vi.fn();
    board.subscribe(heard);
    board.publish(a, ['x', 2]);
    board.publish(b, ['2', 'y']);
    expect(board.ids()).toEqual(['2', 'x', 'y']);
    expect(heard).toHaveBeenCalledTimes(2);
    board.publish(b, ['y', '2']); // same set
    expect(heard).toHaveBeenCalledTimes(2);
    board.remove(a);
    expect(board.ids()).toEqual(['2', 'y']);
    expect(heard).toHaveBeenCalledTimes(3);
  });

  it('lets avoiding lists wait for a fetching context list, but never longer than the cap', async () => {
    vi.useFakeTimers();
    try {
      const board = new ShownBoard();
      const ctx = {};
      board.markPending(ctx);
      let settled = false;
      void board.settled(1000).then(() => (settled = true));
      await vi.advanceTimersByTimeAsync(10);
      expect(settled).toBe(false);
      board.publish(ctx, ['a']);
      await vi.advanceTimersByTimeAsync(0);
      expect(settled).toBe(true);
      board.markPending(ctx); // stuck from here on
      let capped = false;
      void board.settled(1000).then(() => (capped = true));
      await vi.advanceTimersByTimeAsync(999);
      expect(capped).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      expect(capped).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });
});
