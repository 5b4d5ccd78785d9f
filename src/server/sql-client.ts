/**
 * The one thing the server needs of Postgres: run a parameterised statement and read its rows. Both
 * clients it runs on fit it as they are: PGlite (`@electric-sql/pglite`, Postgres in WASM,
 * in-process: the default target and the tests') and `pg` (node-postgres, over the wire protocol:
 * production). Statements are always sent with their values as parameters, never spliced in.
 */

/** A Postgres connection: PGlite's `PGlite` and a `pg` `Client` both fit. */
export interface SqlClient {
  query<Row = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<{ rows: Row[] }>;
}

/** An open database and how to close it. */
export interface Database {
  sql: SqlClient;
  /** What it is, for messages: the data folder or the URL without its password. */
  name: string;
  close(): Promise<void>;
}

import { createError, ErrorCodes, errorMessage } from '../errors.ts';

const POSTGRES_URL = /^postgres(ql)?:\/\//i;

/**
 * The search settings of every connection that answers requests: HNSW candidates per search (at
 * least the largest `k`, 100), and pgvector's iterative scan, so a filtered search still finds `k`
 * rows (the rows may come slightly out of order: queries.ts sorts them).
 */
export const SEARCH_SETTINGS =
  "SELECT set_config('hnsw.ef_search', '100', false), set_config('hnsw.iterative_scan', 'relaxed_order', false)";

/**
 * Opens `target`: a `postgres://` URL through `pg`, anything else as a PGlite data folder (created
 * if needed) with the `vector` extension. Both packages are optional peer dependencies, loaded only
 * here; a missing one fails naming the package to install. With `pool` (answering requests), a
 * `postgres://` database is a pool of up to 8 connections with `SEARCH_SETTINGS` applied to each;
 * otherwise one connection, on which transactions work (loading).
 */
export async function openDatabase(target: string, { pool = false } = {}): Promise<Database> {
  if (POSTGRES_URL.test(target)) {
    const pg = await optional(() => import('pg'), 'pg');
    if (pool) {
      // onConnect is awaited before the connection's first query (a 'connect' listener's query would
      // run beside it, which pg deprecates); a connection that cannot take the settings is not used.
      const connections = new pg.default.Pool({
        connectionString: target,
        max: 8,
        onConnect: async (client) => {
          await client.query(SEARCH_SETTINGS);
        },
      });
      await connections.query('SELECT 1').catch((err: unknown) => {
        throw createError(ErrorCodes.DATABASE_FAILED, `could not connect to ${redacted(target)} (${errorMessage(err)})`, err);
      });
      return { sql: connections, name: redacted(target), close: () => connections.end() };
    }
    const client = new pg.default.Client({ connectionString: target });
    try {
      await client.connect();
    } catch (err) {
      throw createError(ErrorCodes.DATABASE_FAILED, `could not connect to ${redacted(target)} (${errorMessage(err)})`, err);
    }
    return { sql: client, name: redacted(target), close: () => client.end() };
  }
  const { PGlite } = await optional(() => import('@electric-sql/pglite'), '@electric-sql/pglite');
  const { vector } = await optional(() => import('@electric-sql/pglite-pgvector'), '@electric-sql/pglite-pgvector');
  const db = await PGlite.create(target, { extensions: { vector } });
  // One connection, shared by every request.
  if (pool) await db.query(SEARCH_SETTINGS);
  return { sql: db, name: target, close: () => db.close() };
}

/** `url` with its password replaced, for messages and logs. */
export function redacted(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://(unparsable URL)';
  }
}

async function optional<T>(load: () => Promise<T>, name: string): Promise<T> {
  try {
    return await load();
  } catch (err) {
    throw createError(
      ErrorCodes.DATABASE_FAILED,
      `the database needs the package ${name}: npm install --save-dev ${name} (${errorMessage(err)})`,
      err,
    );
  }
}
