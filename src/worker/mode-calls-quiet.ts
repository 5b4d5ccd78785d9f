/**
 * The page's mode calls in flight, and a wait for a moment without any. A first visit's catalog
 * snapshot makes all its parts in one block (storage/catalog.ts: ~0.7 s at 100k Steam items, ~0.25
 * s on a faster machine) as soon as the catalog is known, and that is also when the page, told
 * `refresh`, asks again for the lists it showed stand-ins for: those calls waited for the block. A
 * 100k first visit's first vector-ranked answer came 1.1 s after its request, 0.7 s of it there.
 * The snapshot now starts at the first quiet moment (early-snapshot.ts).
 */

/** Mode calls under way, and how to wait until none has been for a while. */
export class ModeCallsQuiet {
  private inFlight = 0;
  private lastAt = Number.NEGATIVE_INFINITY;

  /** Runs `call`, counted as in flight until it settles. */
  async track<T>(call: () => Promise<T>): Promise<T> {
    this.inFlight++;
    this.lastAt = performance.now();
    try {
      return await call();
    } finally {
      this.inFlight--;
      this.lastAt = performance.now();
    }
  }

  /**
   * Resolves once no call has been under way for `quietMs` (waiting that long at least, for calls
   * still on their way), or after `maxMs` whatever the calls.
   */
  async quiet(quietMs: number, maxMs: number): Promise<void> {
    const until = performance.now() + maxMs;
    const sleep = (ms: number) => new Promise((ok) => setTimeout(ok, Math.max(1, ms)));
    await sleep(Math.min(quietMs, maxMs));
    for (;;) {
      const now = performance.now();
      if (now >= until || (this.inFlight === 0 && now - this.lastAt >= quietMs)) return;
      await sleep(Math.min(this.inFlight === 0 ? quietMs - (now - this.lastAt) : quietMs, until - now));
    }
  }
}
