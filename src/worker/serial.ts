/**
 * Work that must not overlap, run one at a time in arrival order: catalog updates, and adopting a
 * catalog another tab stored. A failed task fails its own caller only; the next one still runs.
 */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  /** Runs `task` after every task queued before it; resolves or rejects with its result. */
  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task);
    this.tail = result.catch(() => undefined);
    return result;
  }

  /** Starts the queue with a task already running (the first catalog sync). */
  adopt(running: Promise<unknown>): void {
    this.tail = running.catch(() => undefined);
  }
}
