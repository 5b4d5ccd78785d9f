import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ModeCallsQuiet } from './mode-calls-quiet.ts';

describe('ModeCallsQuiet', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  /** Resolves `quiet(...)` under fake timers and says after how many ms it did. */
  async function quietAfter(calls: ModeCallsQuiet, quietMs: number, maxMs: number, meanwhile?: () => void): Promise<number> {
    const start = performance.now();
    let at: number | undefined;
    void calls.quiet(quietMs, maxMs).then(() => {
      at = performance.now() - start;
    });
    meanwhile?.();
    for (let i = 0; i < 200 && at === undefined; i++) await vi.advanceTimersByTimeAsync(5);
    return at ?? Number.POSITIVE_INFINITY;
  }

  it('waits the quiet time at least, even when no call came (one may be on its way)', async () => {
    expect(await quietAfter(new ModeCallsQuiet(), 50, 600)).toBe(50);
  });

  it('waits while a call is under way, then the quiet time after it ends', async () => {
    const calls = new ModeCallsQuiet();
    let finish = () => {};
    const done = quietAfter(calls, 50, 600, () => {
      void calls.track(() => new Promise<void>((ok) => setTimeout(() => (finish = ok), 0)));
      setTimeout(() => finish(), 200);
    });
    const at = await done;
    expect(at).toBeGreaterThanOrEqual(250);
    expect(at).toBeLessThanOrEqual(260);
  });

  it('gives up waiting after the longest wait, however busy the calls', async () => {
    const calls = new ModeCallsQuiet();
    const busy = setInterval(() => void calls.track(() => new Promise((ok) => setTimeout(ok, 30))), 20);
    const at = await quietAfter(calls, 50, 300);
    clearInterval(busy);
    expect(at).toBeGreaterThanOrEqual(300);
    expect(at).toBeLessThanOrEqual(305);
  });

  it('counts a call that fails like one that answers, and passes its outcome on', async () => {
    const calls = new ModeCallsQuiet();
    await expect(calls.track(async () => 7)).resolves.toBe(7);
    await expect(calls.track(() => Promise.reject(new Error('no such item')))).rejects.toThrow('no such item');
    expect(await quietAfter(calls, 50, 600)).toBe(50);
  });
});
