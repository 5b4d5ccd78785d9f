/**
 * `npx tsx bench/cli-build.ts [--items 32135] [--runs 1]`
 *
 * Issue 30 point 4: how long `inpage-rec build` takes for a Steam catalog, cold (a fresh output
 * folder, every item embedded, the default `--dims auto`), with the build's int8 activations (the
 * default) and with `--float-activations` (the page's graph), alternating, in this process's
 * machine state; `dist/cli.js` as a site runs it. Per row: wall seconds, the encoder's items per
 * second (the CLI's report), and the process's peak resident set (GNU time's %M, when
 * /usr/bin/time exists). The catalog is the Steam dataset's first `--items` records (research data
 * read at run time from ../shared, written to .cache/, never shipped).
 * Prints JSON with the conditions; writes bench/results/cli-build.json.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT } from '../test/paths.ts';
import { conditions } from './conditions.ts';
import { writeResult } from './results.ts';
import { steamItems } from './steam.ts';

/** One cold build. */
export interface CliBuildRow {
  activations: 'int8' | 'float';
  items: number;
  embedded: number;
  seconds: number;
  /** Embedded items per second of the encoder step (the CLI's own timing). */
  itemsPerSecond: number;
  peakMB: number | null;
  /** What ran the model, as the CLI reports it (e.g. `Node: onnxruntime-node 1.30.0, 2 threads of one session each`). */
  runtime: string | null;
}

const { values: args } = parseArgs({ options: { items: { type: 'string', default: '32135' }, runs: { type: 'string', default: '1' } } });
const log = (line: string) => process.stderr.write(`[cli-build] ${line}\n`);
const WORK = join(ROOT, '.cache', 'bench-cli-build');
const TIME = '/usr/bin/time';

const count = Number(args.items);
mkdirSync(WORK, { recursive: true });
const catalog = join(WORK, `steam-${count}.json`);
writeFileSync(catalog, JSON.stringify(steamItems(count)));

function build(activations: CliBuildRow['activations']): CliBuildRow {
  const out = join(WORK, `out-${activations}`);
  const report = `${out}.json`;
  rmSync(out, { recursive: true, force: true });
  const cli = [join(ROOT, 'dist', 'cli.js'), 'build', catalog, '--out', out, '--no-progress', '--report-file', report];
  if (activations === 'float') cli.push('--float-activations');
  const timed = existsSync(TIME);
  const t0 = performance.now();
  const run = spawnSync(timed ? TIME : process.execPath, timed ? ['-f', 'peak-kb %M', process.execPath, ...cli] : cli, {
    stdio: ['ignore', 'ignore', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
  });
  const stderr = run.stderr.toString();
  if (run.status !== 0) throw new Error(`inpage-rec build exited with ${run.status}: ${stderr.slice(-2000)}`);
  const seconds = (performance.now() - t0) / 1000;
  const summary = JSON.parse(readFileSync(report, 'utf8')) as {
    count: number;
    embedded: number;
    runtime?: string;
    timings: { embed: number };
  };
  const peak = /peak-kb (\d+)/.exec(stderr);
  return {
    activations,
    items: summary.count,
    embedded: summary.embedded,
    seconds: Math.round(seconds * 10) / 10,
    itemsPerSecond: Math.round((summary.embedded / summary.timings.embed) * 1000),
    peakMB: peak ? Math.round(Number(peak[1]) / 1024) : null,
    runtime: summary.runtime ?? null,
  };
}

const rows: CliBuildRow[] = [];
for (let run = 0; run < Number(args.runs); run++) {
  // Alternating which goes first, so neither always meets a warmer or busier machine.
  for (const activations of run % 2 === 0 ? (['int8', 'float'] as const) : (['float', 'int8'] as const)) {
    const row = build(activations);
    log(
      `${activations} activations: ${row.embedded} embedded in ${row.seconds} s (${row.itemsPerSecond} items/s), peak ${row.peakMB ?? '?'} MB; ${row.runtime ?? 'runtime not reported'}`,
    );
    rows.push(row);
  }
}
const result = {
  bench: 'cli-build',
  conditions: conditions({
    items: count,
    catalog: `steam-games-catalog derived/items.jsonl, first ${count} records`,
    command: 'node dist/cli.js build',
  }),
  rows,
};
writeResult('cli-build', result);
console.log(JSON.stringify(result, null, 2));
