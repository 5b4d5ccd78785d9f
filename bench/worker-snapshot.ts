/**
 * `npx tsx bench/worker-snapshot.ts [--dist dist] [--items 32135] [--condition phone|unthrottled] [--after-ms 0]`:
 * what the worker holds at a first visit's vector-ranked cards, by a heap snapshot of the worker
 * (bench/heap-snapshot.ts): its live objects grouped by kind, and each ArrayBuffer of 256 KB or
 * more with the fields holding it. One visit of the phone page (bench/phone-visit-run.ts) is made
 * and not counted (a fresh browser's first visit runs heavier), then the measured one; the
 * snapshot is taken `--after-ms` after its cards. Writes bench/results/worker-snapshot.json.
 *
 * A diagnosis, not a measure to compare builds by: the snapshot collects garbage first, so it shows
 * what is live, never what is allocated and not yet collected (bench/memory-timeline.ts shows the
 * allocators; bench/phone-ab.ts compares peaks).
 */
import { cpus } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT } from '../test/paths.ts';
import { launchChromium } from '../tools/browser.ts';
import { serve } from '../tools/serve.ts';
import { summarise } from './heap-snapshot.ts';
import { PHONE, preparePhoneVisit, visit } from './phone-visit-run.ts';
import { writeResult } from './results.ts';
import { benchDims, WARM_START_WORK } from './warm-start-data.ts';
import { attachWorkerHeap } from './worker-heap.ts';

const { values } = parseArgs({
  options: {
    dist: { type: 'string', default: join(ROOT, 'dist') },
    items: { type: 'string', default: '32135' },
    condition: { type: 'string', default: 'phone' },
    'after-ms': { type: 'string', default: '0' },
    'real-texts': { type: 'string', default: '3000' },
  },
});
if (values.condition !== 'phone' && values.condition !== 'unthrottled') throw new Error('--condition is phone or unthrottled');
const phone = values.condition === 'phone';
const log = (line: string) => console.log(`[worker-snapshot] ${line}`);

const items = Number(values.items);
const data = await preparePhoneVisit(items, Number(values['real-texts']), benchDims(undefined, items), log);
const server = await serve({ root: values.dist, mounts: { '/ws/': WARM_START_WORK } });
const browser = await launchChromium();
try {
  await visit(browser, server, data, phone);
  let json = '';
  const row = await visit(browser, server, data, phone, async () => {
    await new Promise((ok) => setTimeout(ok, Number(values['after-ms'])));
    const heap = await attachWorkerHeap(browser, 'inpage-rec.worker');
    json = await heap.snapshot();
    await heap.detach();
  });
  const summary = summarise(json);
  log(`visit: first vector-ranked cards at ${row.firstVectorCardsMs} ms, renderer peak ${row.rendererPeakMB} MB at the cards`);
  log(`live in the worker: ${summary.totalMB} MB (self sizes, ArrayBuffer data included)`);
  for (const g of summary.groups) log(`${String(g.mb).padStart(8)} MB ${String(g.count).padStart(8)}  ${g.kind}`);
  log('ArrayBuffers of 256 KB or more, with what holds them:');
  for (const b of summary.buffers) log(`${String(b.mb).padStart(8)} MB  ${b.views.join(' ; ') || b.path.join(' ')}`);
  writeResult('worker-snapshot', {
    benchmark: 'worker-snapshot',
    conditions: {
      runtime: `Chromium ${browser.version()} headless, fresh context, not cross-origin isolated`,
      machine: `${cpus().length} cores (${cpus()[0]?.model ?? '?'})`,
      condition: phone
        ? `phone: ${PHONE.viewport.width} px viewport, CPU x${PHONE.cpuSlowdown}, ${PHONE.downMbit} Mbit/s down, ${PHONE.upMbit} up, ${PHONE.latencyMs} ms (CDP)`
        : 'unthrottled',
      items,
      dist: values.dist,
      afterCardsMs: Number(values['after-ms']),
      units: 'MB of V8 self sizes (the heap snapshot collects garbage first: live objects only)',
    },
    visit: { firstVectorCardsMs: row.firstVectorCardsMs, rendererPeakMB: row.rendererPeakMB },
    ...summary,
  });
} finally {
  await browser.close();
  await server.close();
}
