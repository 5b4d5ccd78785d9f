import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CatalogEntry } from '../../catalog/index.ts';
import type { EngineContext } from '../context.ts';
import { ModeCallsQuiet } from '../mode-calls-quiet.ts';
import { QUIET_MS, QUIET_WAIT_MAX_MS, startEarlySnapshot } from './early-snapshot.ts';

describe('startEarlySnapshot', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const entries = [{ key: 'a', hash: 'h', text: 'a', item: { id: 'a' } }] as CatalogEntry[];
  const fakeCtx = (calls: ModeCallsQuiet) => {
    const saveSnapshot = vi.fn(async () => undefined);
    const ctx = { life: { calls }, store: { saveSnapshot }, modelKey: 'm' } as unknown as EngineContext;
    return { ctx, saveSnapshot };
  };

  it('makes its parts only once the lists the page asks for meanwhile are answered', async () => {
    const calls = new ModeCallsQuiet();
    const { ctx, saveSnapshot } = fakeCtx(calls);
    let answer = () => {};
    const asked = calls.track(() => new Promise<void>((ok) => (answer = ok)));
    const early = startEarlySnapshot(ctx, entries);
    await vi.advanceTimersByTimeAsync(QUIET_MS * 3);
    expect(saveSnapshot).not.toHaveBeenCalled();
    answer();
    await asked;
    await vi.advanceTimersByTimeAsync(QUIET_MS - 1);
    expect(saveSnapshot).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(2);
    expect(saveSnapshot).toHaveBeenCalledWith('m', entries, { json: true, moveBodies: true, pending: early.token });
    await expect(early.written).resolves.toBeUndefined();
  });

  it(`starts after ${QUIET_WAIT_MAX_MS} ms whatever the calls, and a failed write is nothing`, async () => {
    const calls = new ModeCallsQuiet();
    const { ctx, saveSnapshot } = fakeCtx(calls);
    saveSnapshot.mockRejectedValueOnce(new Error('quota'));
    void calls.track(() => new Promise(() => undefined));
    const early = startEarlySnapshot(ctx, entries);
    await vi.advanceTimersByTimeAsync(QUIET_WAIT_MAX_MS - 10);
    expect(saveSnapshot).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(20);
    expect(saveSnapshot).toHaveBeenCalledTimes(1);
    await expect(early.written).resolves.toBeUndefined();
  });
});
