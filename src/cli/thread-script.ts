/**
 * Starts one of the build's thread scripts (embed-worker.ts, train-thread.ts). In the package they
 * are bundled beside `dist/cli.js`; from source (tests, tools under tsx) they are TypeScript, and
 * tsx loads them. Every caller lives in src/cli, as this file does, so one base URL serves both.
 */
import { Worker } from 'node:worker_threads';

/**
 * A new thread running `bundled` (e.g. `./cli-train-thread.js`, beside the bundled CLI) or, from
 * source, `source` (e.g. `./train-thread.ts`, in src/cli), with `workerData`. The names are
 * variables, so the bundler leaves the URLs alone.
 */
export function startThreadScript(bundled: string, source: string, workerData: unknown): Worker {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return new Worker(new URL(bundled, here), { workerData });
  const script = `import('tsx/esm/api').then((api) => api.tsImport(${JSON.stringify(new URL(source, here).href)}, ${JSON.stringify(here)}))`;
  return new Worker(script, { eval: true, workerData });
}
