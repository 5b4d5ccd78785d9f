/** A promise with its resolve/reject exposed; rejections are also observed so none goes unhandled. */
export interface Deferred {
  promise: Promise<void>;
  resolve(): void;
  reject(e: unknown): void;
}

/** Creates a `Deferred`: calls that arrive before the engine got that far wait on its promise. */
export function deferred(): Deferred {
  let resolve!: () => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<void>((ok, fail) => {
    resolve = ok;
    reject = fail;
  });
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}
