/**
 * A value read from the database, kept per client for a while: the rows it comes from change only
 * with a load, so a request reads them at most once per `ttlMs`. A load run by another process
 * (`inpage-rec build --to` while `serve` answers) shows within it, one in this process at once
 * (`forget`). A failed read is not kept: the next request tries again.
 */
import type { SqlClient } from './sql-client.ts';

/** `read` cached per client for `ttlMs`; `forget(sql)` drops the client's value. */
export function clientCache<T>(
  ttlMs: number,
  read: (sql: SqlClient) => Promise<T>,
): { get(sql: SqlClient): Promise<T>; forget(sql: SqlClient): void } {
  const held = new WeakMap<SqlClient, { at: number; value: Promise<T> }>();
  return {
    get(sql) {
      const cached = held.get(sql);
      if (cached && performance.now() - cached.at < ttlMs) return cached.value;
      const value = read(sql);
      held.set(sql, { at: performance.now(), value });
      value.catch(() => held.delete(sql));
      return value;
    },
    forget(sql) {
      held.delete(sql);
    },
  };
}
