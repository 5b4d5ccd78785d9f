/**
 * A comlink call to a worker that failed to load (or died) never settles: this promise rejects on
 * the worker's `error` event, so a page can race its calls against it and report the failure.
 */
export function workerFailure(worker: Worker, name: string): Promise<never> {
  const failed = new Promise<never>((_, reject) => {
    worker.addEventListener('error', (e) => reject(new Error(`${name}: ${e.message || 'failed to load'}`)));
  });
  failed.catch(() => undefined); // observed only when raced; not an unhandled rejection otherwise
  return failed;
}
