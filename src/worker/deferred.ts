/**
 * A promise with its resolve/reject exposed, and its value once resolved: calls that arrive
 * before the engine got that far wait on it (comlink delivers them at once), and `status()`,
 * which never waits, reads what is there. Rejections are observed so none goes unhandled.
 */
export interface Deferred<T = void> {
  readonly promise: Promise<T>;
  /** The resolved value; undefined until then (and after a rejection). */
  readonly value: T | undefined;
  resolve(value: T): void;
  reject(e: unknown): void;
}

/** Creates a `Deferred`. */
export function deferred<T = void>(): Deferred<T> {
  let settle!: (value: T) => void;
  let fail!: (e: unknown) => void;
  let value: T | undefined;
  const promise = new Promise<T>((ok, reject) => {
    settle = ok;
    fail = reject;
  });
  promise.catch(() => undefined);
  return {
    promise,
    get value() {
      return value;
    },
    resolve: (v) => {
      value ??= v;
      settle(v);
    },
    reject: (e) => fail(e),
  };
}

/** True when `promise` settles (either way) within `ms`; the timer is cleared either way. */
export async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<false>((ok) => {
    timer = setTimeout(() => ok(false), ms);
  });
  try {
    return await Promise.race([
      promise.then(
        () => true,
        () => true,
      ),
      late,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
