import { wrap } from 'idb';
import { createError, ErrorCodes, type InpageRecError } from '../errors.ts';
import { toStorageError } from './errors.ts';
import { DB_PREFIX, SCHEMA_VERSION, type StoreDb, type UpgradeTx, upgradeSchema } from './schema.ts';

/** Where to find IndexedDB. */
export interface FactoryOptions {
  /** Defaults to the global `indexedDB`; tests pass a fresh `IDBFactory` for isolation. */
  indexedDB?: IDBFactory;
}

/** Name of the database of one catalog namespace, so two catalogs on one site never share one. */
export function dbName(namespace: string, operation = 'openStore'): string {
  if (typeof namespace !== 'string' || namespace === '') {
    throw createError(ErrorCodes.INVALID_OPTION, `${operation}: namespace must be a non-empty string`);
  }
  return DB_PREFIX + namespace;
}

/** The factory to use, or `STORAGE_FAILED` when IndexedDB is missing (old browser, private mode). */
export function resolveFactory(operation: string, opts: FactoryOptions | undefined): IDBFactory {
  const factory = opts?.indexedDB ?? (typeof indexedDB === 'undefined' ? undefined : indexedDB);
  // `idb` recognises requests with `instanceof IDBRequest`, so the global classes are needed too.
  if (!factory || typeof IDBRequest === 'undefined' || typeof IDBKeyRange === 'undefined') {
    throw createError(ErrorCodes.STORAGE_FAILED, `IndexedDB ${operation} failed: IndexedDB is unavailable`);
  }
  return factory;
}

function blockedError(operation: string): InpageRecError {
  return createError(
    ErrorCodes.STORAGE_FAILED,
    `IndexedDB ${operation} failed: blocked by a connection in another tab or worker that does not close; ` +
      'close the other tabs of this site and retry',
  );
}

/**
 * Opens (creating or upgrading as needed) the database `name` through `factory`.
 *
 * Unlike `idb`'s `openDB`, this takes the factory as a parameter, so callers and tests can choose
 * one. `version` is a parameter only so tests can exercise blocked upgrades; real callers use the
 * default.
 */
export function openDatabase(name: string, factory: IDBFactory, version: number = SCHEMA_VERSION): Promise<StoreDb> {
  const operation = `open of "${name}"`;
  return new Promise<StoreDb>((resolve, reject) => {
    let request: IDBOpenDBRequest;
    try {
      request = factory.open(name, version);
    } catch (err) {
      reject(toStorageError(operation, err));
      return;
    }
    let settled = false;
    let upgradeFailure: unknown;
    const fail = (err: InpageRecError): void => {
      if (settled) return;
      settled = true;
      reject(err);
    };
    request.onupgradeneeded = (event) => {
      const rawTx = request.transaction;
      if (!rawTx) return;
      // `idb` types `wrap()` without a schema; the schema is ours to assert, the upgrade builds it.
      const db = wrap(request.result) as unknown as StoreDb;
      const tx = wrap(rawTx) as unknown as UpgradeTx;
      // An aborted upgrade rejects `done`; the failure is reported through the request instead.
      tx.done.catch(() => undefined);
      try {
        upgradeSchema(db, event.oldVersion, tx);
      } catch (err) {
        upgradeFailure = err;
        rawTx.abort();
      }
    };
    request.onblocked = () => fail(blockedError(operation));
    request.onerror = (event) => {
      // Handled here; without this a browser also reports the error on the global scope.
      event.preventDefault();
      fail(toStorageError(operation, upgradeFailure ?? request.error));
    };
    request.onsuccess = () => {
      const raw = request.result;
      // A blocked open that we already rejected may still succeed later; nobody holds it, so close it.
      if (settled) {
        raw.close();
        return;
      }
      settled = true;
      resolve(wrap(raw) as unknown as StoreDb);
    };
  });
}

/**
 * Erases the database of `namespace`: vectors, catalog snapshot, history and settings.
 *
 * Open inpage-rec stores close themselves when asked, so only a foreign connection that refuses
 * to close can block this; then it rejects with `STORAGE_FAILED` (the browser still deletes the
 * database once that connection closes).
 */
export async function deleteDatabase(namespace: string, opts?: FactoryOptions): Promise<void> {
  const name = dbName(namespace, 'deleteDatabase');
  const operation = `delete of "${name}"`;
  const factory = resolveFactory(operation, opts);
  await new Promise<void>((resolve, reject) => {
    let request: IDBOpenDBRequest;
    try {
      request = factory.deleteDatabase(name);
    } catch (err) {
      reject(toStorageError(operation, err));
      return;
    }
    request.onblocked = () => reject(blockedError(operation));
    request.onerror = (event) => {
      event.preventDefault();
      reject(toStorageError(operation, request.error));
    };
    request.onsuccess = () => resolve();
  });
}
