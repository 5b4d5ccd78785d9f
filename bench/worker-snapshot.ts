/**
 * `npx tsx bench/worker-snapshot.ts [--dist dist] [--items 32135] [--condition phone|unthrottled] [--after-ms 0]`:
 * what the worker holds at a first visit's vector-ranked cards, by a heap snapshot of the worker
 * (bench/heap-snapshot.ts): its live objects grouped by kind, and each ArrayBuffer of 256 KB or
 * more with the fields holding it. After an uncounted visit (bench/diagnosis-session.ts), one
 * visit of the phone page (bench/phone-visit-run.ts); the snapshot is taken `--after-ms` after
 * its cards. Writes bench/results/worker-snapshot.json.
 *
 * A diagnosis, not a measure to compare builds by: the snapshot collects garbage first, so it shows
 * what is live, never what is allocated and not yet collected (bench/memory-timeline.ts shows the
 * allocators; bench/phone-ab.ts compares peaks).
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT } from '../test/paths.ts';
import { diagnosisSession } from './diagnosis-session.ts';
import { summarise } from './heap-snapshot.ts';
import { visit, visitConditions } from './phone-visit-run.ts';
import { writeResult } from './results.ts';
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
const { data, server, browser, close } = await diagnosisSession(values.dist, items, Number(values['real-texts']), phone, log);
try {
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
      ...visitConditions(browser, phone),
      items,
      dist: values.dist,
      afterCardsMs: Number(values['after-ms']),
      units: 'MB of V8 self sizes (the heap snapshot collects garbage first: live objects only)',
    },
    visit: { firstVectorCardsMs: row.firstVectorCardsMs, rendererPeakMB: row.rendererPeakMB },
    ...summary,
  });
} finally {
  await close();
}
