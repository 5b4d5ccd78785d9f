/**
 * `inpage-rec/server`: the retrieval endpoint for Node servers and edge runtimes (issue 31), over a
 * Postgres + pgvector database that `inpage-rec build --to` loaded. What `inpage-rec serve` runs,
 * for a site that mounts it in its own server:
 *
 *     import { createRequestHandler, listen, openDatabase } from 'inpage-rec/server';
 *     const db = await openDatabase('postgres://rec@db/shop', { pool: true });
 *     const handler = await createRequestHandler(db.sql);
 *     await listen(handler, { port: 8787, path: '/inpage-rec/remote' });
 *
 * or hand `handler` the `Request`s of any fetch-style server. The request and answer shapes, limits
 * and what the server learns: docs/guide/remote.md. `openDatabase` and `listen` need Node; the
 * handler needs only `Request`, `Response` and a `SqlClient` (any client with `query(sql, params)`
 * resolving to `{ rows }`). The database packages (`pg`, or `@electric-sql/pglite` with
 * `@electric-sql/pglite-pgvector`) are optional peer dependencies, loaded by `openDatabase` only
 * when it opens that kind of database. Types: the declarations import Node's (`@types/node`).
 */

/** The endpoint as a fetch-style handler (`Request` in, `Response` out), and its options. */
export { createRequestHandler, type HandlerOptions, type RequestHandler } from './handler.ts';
/** Serves a handler on Node's `http`, and the running server it returns. */
export { listen, type RunningServer } from './node-server.ts';
/** The answers: ranked items (with the item's vector for similar and complements), or stored vectors. */
export type { Anchor, RankAnswer, RankedRow, VectorsAnswer } from './queries.ts';
/** The requests as `createRequestHandler` checks them, and their limits. */
export {
  MAX_EXCLUDE,
  MAX_ID_LENGTH,
  MAX_QUERY_LENGTH,
  MAX_REMOTE_K,
  MAX_VECTOR_IDS,
  type RankRequest,
  type RemoteRequest,
  type VectorsRequest,
} from './requests.ts';
/**
 * Opens a `postgres://` URL (through `pg`) or a PGlite data folder; the one method the endpoint needs
 * of a database; the settings each connection that answers requests needs (for a client of one's own).
 */
export { type Database, openDatabase, SEARCH_SETTINGS, type SqlClient } from './sql-client.ts';
