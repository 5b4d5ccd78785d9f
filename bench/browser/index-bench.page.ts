/**
 * Script of bench/index-bench.html: starts the index bench worker once for the whole run (it holds
 * the prepared vectors) and puts `window.benchCall(command, args)` on the page for the Node runner,
 * one comlink call per command.
 */
import { wrap } from 'comlink';
import type { BenchArgs, BenchCall, BenchCommand, BenchResult, IndexBenchApi } from './index-bench-protocol.ts';
import { workerFailure } from './worker-failure.ts';

// A variable, not a literal: Vite would otherwise try to bundle the worker into this script.
const WORKER = './index-bench.worker.js';
const worker = new Worker(new URL(WORKER, import.meta.url), { type: 'module' });
const remote = wrap<IndexBenchApi>(worker);
const failed = workerFailure(worker, 'index bench worker');

const benchCall: BenchCall = <C extends BenchCommand>(command: C, args: BenchArgs<C>) => {
  // comlink's Remote<IndexBenchApi>[C] is this function type; TypeScript cannot see it through C.
  const call = remote[command] as unknown as (a: BenchArgs<C>) => Promise<BenchResult<C>>;
  return Promise.race([call(args), failed]);
};
(window as unknown as { benchCall: BenchCall }).benchCall = benchCall;
