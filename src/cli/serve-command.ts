/**
 * The `serve` command of the `inpage-rec` program: the retrieval endpoint (src/server) over a
 * database that `inpage-rec build --to` loaded.
 *
 *   inpage-rec serve --db <postgres://...|pglite-folder> [--port 8787] [--host 127.0.0.1] [--path /]
 *                    [--allow-origin <origin>] [--rate <requests per second per client>]
 *
 * It runs until SIGINT or SIGTERM. Exit codes: 0 stopped, 1 failed to start.
 */
import { Command } from 'commander';
import { createRequestHandler } from '../server/handler.ts';
import { listen } from '../server/node-server.ts';
import { openDatabase } from '../server/sql-client.ts';
import { failureMessage } from './failure.ts';
import { positiveInt } from './options.ts';

const EXAMPLES = `
Examples:
  inpage-rec build public/catalog.json -o public/inpage-rec/vectors --to .inpage-rec-db
  inpage-rec serve --db .inpage-rec-db --port 8787 --path /inpage-rec/remote
  inpage-rec serve --db postgres://rec:secret@db.internal/shop --host 0.0.0.0

Put it behind the site's own origin (a reverse proxy path), so the page's requests stay on it.
`;

interface ServeFlags {
  db: string;
  port: string;
  host: string;
  path: string;
  allowOrigin?: string;
  rate: string;
}

/** The `serve` command. */
export function serveCommand(): Command {
  return new Command('serve')
    .summary('answer ranking requests from Postgres + pgvector (the catalog `build --to` loaded)')
    .description(
      'Serve the retrieval endpoint: POST JSON ranking requests (similar, complements, forYou, search) and stored-vector lookups (vectors), answered with SQL on pgvector over the database `inpage-rec build --to` loaded. Pages reach it with the `remote` option. Request shapes, limits and what the server learns: docs/guide/remote.md.',
    )
    .requiredOption('--db <database>', 'a postgres:// URL, or a PGlite data folder')
    .option('--port <n>', 'port to listen on', '8787')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--path <path>', 'the URL path it answers', '/')
    .option('--allow-origin <origin>', 'let a page on this other origin call it (CORS); default: same origin only')
    .option('--rate <n>', 'requests per second per client address (burst: twice that)', '20')
    .addHelpText('after', EXAMPLES)
    .action(async (flags: ServeFlags) => {
      process.exitCode = await run(flags);
    });
}

async function run(flags: ServeFlags): Promise<number> {
  try {
    const rate = positiveInt(flags.rate, '--rate', 1);
    const db = await openDatabase(flags.db, { pool: true });
    const handler = await createRequestHandler(db.sql, {
      rate: { perSecond: rate, burst: 2 * rate },
      ...(flags.allowOrigin ? { allowOrigin: flags.allowOrigin } : {}),
      onError: (err) => process.stderr.write(`inpage-rec serve: ${failureMessage(err)}\n`),
    });
    const server = await listen(handler, { host: flags.host, port: positiveInt(flags.port, '--port', 0), path: flags.path });
    process.stdout.write(`serving ${server.url} from ${db.name}\n`);
    await new Promise<void>((stop) => {
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    await server.close();
    await db.close();
    return 0;
  } catch (err) {
    process.stderr.write(`inpage-rec serve failed: ${failureMessage(err)}\n`);
    return 1;
  }
}
