/** The page's watch on the worker's heartbeat, on a hand-driven clock: silence, beats, the page's own pauses. */
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_WORKER_TIMEOUT_MS,
  defaultWorkerTimeoutMs,
  HEARTBEAT_KEY,
  type HeartbeatClock,
  watchHeartbeat,
} from './worker-heartbeat.ts';

/** A worker's message side and a clock whose ticks the test runs by hand. */
function world() {
  let now = 0;
  let hidden = false;
  let tick: (() => void) | undefined;
  const listeners = new Set<(e: Event) => void>();
  const worker = {
    addEventListener: (_: string, l: (e: Event) => void) => listeners.add(l),
    removeEventListener: (_: string, l: (e: Event) => void) => listeners.delete(l),
  } as unknown as Pick<Worker, 'addEventListener' | 'removeEventListener'>;
  const clock: HeartbeatClock = {
    now: () => now,
    hidden: () => hidden,
    every: (_, t) => {
      tick = t;
      return () => {
        tick = undefined;
      };
    },
  };
  const silences: number[] = [];
  return {
    worker,
    clock,
    silences,
    listeners,
    /** Runs the page's ticks one second apart for `seconds`; a beat after each when `beating`. */
    run(seconds: number, beating = false) {
      for (let i = 0; i < seconds; i++) {
        now += 1000;
        tick?.();
        if (beating) for (const l of listeners) l({ data: { [HEARTBEAT_KEY]: true } } as unknown as Event);
      }
    },
    /** The page itself paused for `ms` (a frozen tab), then ticks once. */
    pause(ms: number) {
      now += ms;
      tick?.();
    },
    hide(h: boolean) {
      hidden = h;
    },
    message(data: unknown) {
      for (const l of listeners) l({ data } as unknown as Event);
    },
  };
}

describe('watchHeartbeat', () => {
  it('calls onSilent once after the limit without a beat, then stops watching', () => {
    const w = world();
    watchHeartbeat(w.worker, 5000, (ms) => w.silences.push(ms), w.clock);
    w.run(4);
    expect(w.silences).toEqual([]);
    w.run(1);
    expect(w.silences).toEqual([5000]);
    w.run(20);
    expect(w.silences).toEqual([5000]);
    expect(w.listeners.size).toBe(0);
  });

  it('a beating worker is never taken for stuck; other messages are not beats', () => {
    const w = world();
    watchHeartbeat(w.worker, 5000, (ms) => w.silences.push(ms), w.clock);
    w.run(60, true);
    expect(w.silences).toEqual([]);
    for (let i = 0; i < 6; i++) {
      w.message({ id: 'comlink-answer', value: 1 });
      w.run(1);
    }
    expect(w.silences).toHaveLength(1);
  });

  it("the page's own pauses and hidden time count as beats", () => {
    const w = world();
    watchHeartbeat(w.worker, 5000, (ms) => w.silences.push(ms), w.clock);
    w.run(3);
    w.pause(60_000); // a frozen tab: the worker was frozen too
    w.run(4);
    expect(w.silences).toEqual([]);
    w.hide(true);
    w.run(30);
    expect(w.silences).toEqual([]);
    w.hide(false);
    w.run(4);
    expect(w.silences).toEqual([]);
    w.run(1);
    expect(w.silences).toEqual([5000]);
  });

  it('limit 0 watches nothing', () => {
    const w = world();
    watchHeartbeat(w.worker, 0, (ms) => w.silences.push(ms), w.clock);
    w.run(100);
    expect(w.silences).toEqual([]);
    expect(w.listeners.size).toBe(0);
  });

  it('the stop function ends the watch', () => {
    const w = world();
    const stop = watchHeartbeat(w.worker, 5000, (ms) => w.silences.push(ms), w.clock);
    stop();
    w.run(10);
    expect(w.silences).toEqual([]);
  });

  it('the default limit grows with the batch a model run embeds', () => {
    expect(defaultWorkerTimeoutMs(32)).toBe(DEFAULT_WORKER_TIMEOUT_MS);
    expect(defaultWorkerTimeoutMs(512)).toBe(128_000);
  });
});
