/**
 * `npx tsx bench/memory-timeline.ts [--dist dist] [--items 32135] [--condition phone|unthrottled] [--every 250]`:
 * where a first visit's renderer memory is, allocator by allocator, over time. One visit of the
 * phone page (bench/phone-visit-run.ts) is made and not counted (a fresh browser's first visit runs
 * heavier), then one under Chromium's memory-infra tracing, which dumps every allocator of every
 * process at a fixed interval. Prints, for the page's renderer, the sizes that have mattered in
 * docs/notes/first-visit-memory.md (the worker's young and old generation, ArrayBuffers, Blink's
 * buffers, malloc, Oilpan) per dump, and writes bench/results/memory-timeline.json.
 *
 * A diagnosis, not a measure to compare builds by: one dump at a fixed time depends on when the
 * last major GC ran (bench/phone-ab.ts compares peaks). Dumps of the 96 MiB a GC request allocates
 * (memory/collect-garbage.ts) show in ArrayBuffers and are never resident. Seen on the phone at
 * 32k: from the cards on, while the trust check keeps the worker busy, every dump repeats the last
 * values; read the timeline up to the cards there (unthrottled visits dump throughout).
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT } from '../test/paths.ts';
import { diagnosisSession } from './diagnosis-session.ts';
import { visit, visitConditions } from './phone-visit-run.ts';
import { writeResult } from './results.ts';

const { values } = parseArgs({
  options: {
    dist: { type: 'string', default: join(ROOT, 'dist') },
    items: { type: 'string', default: '32135' },
    condition: { type: 'string', default: 'phone' },
    every: { type: 'string', default: '250' },
    'real-texts': { type: 'string', default: '3000' },
  },
});
if (values.condition !== 'phone' && values.condition !== 'unthrottled') throw new Error('--condition is phone or unthrottled');
const phone = values.condition === 'phone';
const log = (line: string) => console.log(`[memory-timeline] ${line}`);

/** The allocators shown, by the name memory-infra gives them; MB of each per dump. */
const ALLOCATORS = {
  workerYoung: 'v8/workers/heap/new_space',
  workerOld: 'v8/workers/heap/old_space',
  workerLarge: 'v8/workers/heap/large_object_space',
  mainV8: 'v8/main/heap',
  arrayBuffers: 'partition_alloc/partitions/array_buffer',
  blinkBuffers: 'partition_alloc/partitions/buffer',
  malloc: 'malloc',
  oilpan: 'blink_gc',
} as const;

type Allocators = Record<string, { attrs?: Record<string, { value: string }> }>;
interface TraceEvent {
  ph: string;
  pid: number;
  ts: number;
  args?: { dumps?: { allocators?: Allocators } };
}

const mb = (allocators: Allocators, name: string): number | null => {
  const value = allocators[name]?.attrs?.size?.value;
  return value === undefined ? null : Math.round((Number.parseInt(value, 16) / 1048576) * 10) / 10;
};

const items = Number(values.items);
const { data, server, browser, close } = await diagnosisSession(values.dist, items, Number(values['real-texts']), phone, log);
try {
  const cdp = await browser.newBrowserCDPSession();
  const events: TraceEvent[] = [];
  // The protocol types trace events and the dump config as string maps; they are JSON objects.
  cdp.on('Tracing.dataCollected', (e) => events.push(...(e.value as unknown as TraceEvent[])));
  const complete = new Promise((ok) => cdp.once('Tracing.tracingComplete', ok));
  await cdp.send('Tracing.start', {
    transferMode: 'ReportEvents',
    traceConfig: {
      includedCategories: ['disabled-by-default-memory-infra'],
      excludedCategories: ['*'],
      memoryDumpConfig: { triggers: [{ mode: 'detailed', periodicIntervalMs: Number(values.every) }] } as unknown as Record<string, string>,
    },
  });
  const row = await visit(browser, server, data, phone);
  await cdp.send('Tracing.end');
  await complete;
  // The page's renderer: of the processes that dumped a worker heap, the one with the largest.
  const dumps = events.filter((e) => e.ph === 'v' && e.args?.dumps?.allocators?.['v8/workers'] !== undefined);
  const largest = new Map<number, number>();
  for (const e of dumps) largest.set(e.pid, Math.max(largest.get(e.pid) ?? 0, mb(e.args!.dumps!.allocators!, 'v8/workers') ?? 0));
  const renderer = [...largest].sort((a, b) => b[1] - a[1])[0]?.[0];
  const own = dumps.filter((e) => e.pid === renderer).sort((a, b) => a.ts - b.ts);
  const start = own[0]?.ts ?? 0;
  const timeline = own.map((e) => ({
    ms: Math.round((e.ts - start) / 1000),
    ...Object.fromEntries(Object.entries(ALLOCATORS).map(([key, name]) => [key, mb(e.args!.dumps!.allocators!, name)])),
  }));
  log(
    `visit: first vector-ranked cards at ${row.firstVectorCardsMs} ms, renderer peak ${row.rendererPeakMB} MB at the cards, ${row.rendererPeakSettledMB} MB settled`,
  );
  log(['ms (from the first dump)', ...Object.keys(ALLOCATORS)].join('\t'));
  for (const t of timeline) log(Object.values(t).join('\t'));
  writeResult('memory-timeline', {
    benchmark: 'memory-timeline',
    conditions: {
      ...visitConditions(browser, phone),
      items,
      dist: values.dist,
      dumpEveryMs: Number(values.every),
      units: 'MB of each allocator (memory-infra "size"); ms from the renderer\'s first dump of the traced visit',
    },
    visit: {
      firstVectorCardsMs: row.firstVectorCardsMs,
      rendererPeakMB: row.rendererPeakMB,
      rendererPeakSettledMB: row.rendererPeakSettledMB,
    },
    allocators: ALLOCATORS,
    timeline,
  });
} finally {
  await close();
}
