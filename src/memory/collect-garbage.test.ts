import { constants, PerformanceObserver } from 'node:perf_hooks';
import { expect, test } from 'vitest';
import { COLLECTIONS_PER_PASS, collectGarbage, collectionStride } from './collect-garbage.ts';

/** The kinds of the GCs this thread's V8 runs while `during` and the next `ms` run. */
async function gcKinds(during: () => void, ms: number): Promise<number[]> {
  const kinds: number[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) kinds.push((entry as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind ?? -1);
  });
  observer.observe({ entryTypes: ['gc'] });
  during();
  await new Promise((ok) => setTimeout(ok, ms));
  observer.disconnect();
  return kinds;
}

test('a request runs a full (mark-compact) collection, which an idle thread would not', async () => {
  // V8 in Node is the browser's V8: the same external-memory accounting of ArrayBuffers.
  const idle = await gcKinds(() => {}, 300);
  expect(idle).not.toContain(constants.NODE_PERFORMANCE_GC_MAJOR);
  const asked = await gcKinds(() => expect(collectGarbage()).toBe(true), 300);
  expect(asked).toContain(constants.NODE_PERFORMANCE_GC_MAJOR);
});

test('the request costs no resident memory: its buffer is never written', () => {
  const before = process.memoryUsage().rss;
  for (let i = 0; i < 8; i++) collectGarbage();
  // 8 x 96 MiB asked; a written buffer would add that much before any collection returns it.
  expect(process.memoryUsage().rss - before).toBeLessThan(64 * 1024 * 1024);
});

test('a long pass asks at most COLLECTIONS_PER_PASS times; a short one keeps its own cadence', () => {
  // The phone's 32k visit keeps what it was measured with: the check's 17 slices every 2, 33 snapshot parts every 8.
  expect(collectionStride(17, 2)).toBe(2);
  expect(collectionStride(33, 8)).toBe(8);
  expect(collectionStride(8, 1)).toBe(1);
  // 100k items: 50 slices, 25 adoption steps, 100 parts.
  for (const [steps, atLeast] of [
    [50, 2],
    [25, 1],
    [100, 8],
    [1_000, 2],
  ] as const) {
    const stride = collectionStride(steps, atLeast);
    expect(stride).toBeGreaterThanOrEqual(atLeast);
    expect(Math.ceil(steps / stride)).toBeLessThanOrEqual(COLLECTIONS_PER_PASS);
  }
});
