/**
 * `npx tsx bench/phone-visit.ts [--items 32135] [--runs 2] [--real-texts 3000] [--dims auto|none|n] [--dist dir]`: a
 * shopper's first visit as issue 30 sets it, seen through the script tag and one "similar" widget:
 * the Steam catalog with prebuilt vectors (bench/warm-start-data.ts), both served brotli-compressed
 * as a site should, on a phone (412 px viewport, CPU x4 and a 10 Mbit/s, 40 ms link, by CDP) and
 * without any limit. Per visit: navigation start -> the widget's first cards (any kind), its first
 * vector-ranked cards (a render not marked warming), the bytes the server sent and the renderer's
 * peak resident set. Writes bench/results/phone-visit.json.
 */
import { cpus } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT } from '../test/paths.ts';
import { launchChromium } from '../tools/browser.ts';
import { serve } from '../tools/serve.ts';
import { PHONE_CONDITION, type PhoneVisitRow, preparePhoneVisit, visit } from './phone-visit-run.ts';
import { writeResult } from './results.ts';
import { benchDims, WARM_START_WORK } from './warm-start-data.ts';

export type { PhoneVisitRow } from './phone-visit-run.ts';

const { values } = parseArgs({
  options: {
    items: { type: 'string', default: '32135' },
    runs: { type: 'string', default: '2' },
    'real-texts': { type: 'string', default: '3000' },
    dist: { type: 'string', default: join(ROOT, 'dist') },
    /** `inpage-rec build --dims`: auto (default: 128 from 5,000 items), none, or a count. */
    dims: { type: 'string' },
  },
});
const log = (line: string) => console.log(`[phone-visit] ${line}`);

const data = await preparePhoneVisit(Number(values.items), Number(values['real-texts']), benchDims(values.dims, Number(values.items)), log);
const server = await serve({ root: values.dist, mounts: { '/ws/': WARM_START_WORK } });
const browser = await launchChromium();
const rows: PhoneVisitRow[] = [];
try {
  for (let run = 0; run < Number(values.runs); run++)
    for (const phone of [true, false]) {
      const row = await visit(browser, server, data, phone);
      rows.push(row);
      log(JSON.stringify(row));
    }
} finally {
  await browser.close();
  await server.close();
}
writeResult('phone-visit', {
  benchmark: 'phone-visit',
  conditions: {
    runtime: `Chromium ${browser.version()} headless, fresh context per visit, not cross-origin isolated`,
    machine: `${cpus().length} cores (${cpus()[0]?.model ?? '?'})`,
    phone: PHONE_CONDITION,
    data: `Steam catalog with prebuilt vectors (bench/warm-start-data.ts: ${values['real-texts']} real vectors, the rest seeded copies), brotli siblings`,
    measured: "navigation start -> the similar widget's first render with cards, and its first render not marked warming",
  },
  rows,
});
log('wrote bench/results/phone-visit.json');
