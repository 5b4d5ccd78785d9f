import { constants, PerformanceObserver } from 'node:perf_hooks';
import { expect, test } from 'vitest';
import { collectGarbage } from './collect-garbage.ts';

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
