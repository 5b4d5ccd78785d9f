/**
 * The production path of the retrieval database, as it runs against a real Postgres: the bundled
 * CLI's `build --to postgres://...` and `serve --db postgres://...` talk to PGlite (with pgvector)
 * served over the Postgres wire protocol by `@electric-sql/pglite-socket` on a loopback port, through
 * `pg`, exactly as they would to a Postgres server. Started and stopped here. Then the package's
 * `inpage-rec/server` entry, bundled as `dist/server.js` is, serving the same database.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { dirname } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as ServerEntry from '../src/server/index.ts';
import { buildServer } from '../tools/build-cli.ts';
import { readArtifactDir, readSummary } from './cli-helpers.ts';
import { cliWorkspace, demoItems, type Item } from './cli-workspace.ts';
import { freePort } from './helpers/free-port.ts';

const ws = cliWorkspace('cli-server-wire');
let db: PGlite;
let socket: PGLiteSocketServer;
let url = '';

beforeAll(async () => {
  db = await PGlite.create({ extensions: { vector } });
  const port = await freePort();
  socket = new PGLiteSocketServer({ db, port, host: '127.0.0.1', maxConnections: 16 });
  await socket.start();
  url = `postgres://postgres:secret@127.0.0.1:${port}/postgres`;
}, 60_000);

afterAll(async () => {
  await socket?.stop();
  await db?.close();
});

/** Starts `inpage-rec serve` on a free port; resolves with its URL once it says it is serving. */
async function serve(): Promise<{ url: string; child: ChildProcess; exited: Promise<number | null> }> {
  const child = spawn(process.execPath, [ws.cli, 'serve', '--db', url, '--port', '0', '--path', '/rec', '--rate', '1000'], {
    stdio: 'pipe',
  });
  const exited = new Promise<number | null>((ok) => child.once('exit', ok));
  let out = '';
  const served = await new Promise<string>((ok, fail) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /serving (\S+) from (\S+)/.exec(out);
      if (m) ok(m[1]!);
    });
    child.stderr!.on('data', (d: Buffer) => {
      out += d.toString();
    });
    void exited.then(() => fail(new Error(`serve exited: ${out}`)));
  });
  // The password never appears in what it prints.
  expect(out).not.toContain('secret');
  return { url: served, child, exited };
}

describe('the retrieval database over the Postgres wire protocol', () => {
  it('build --to loads it through pg, incrementally; serve answers from it; SIGTERM stops it', async () => {
    const items = demoItems(40);
    const first = await ws.build(ws.writeCatalog('c1.json', items), ws.path('out'), '--no-progress', '--to', url);
    expect(first.code, first.stderr).toBe(0);
    expect(readSummary(`${ws.path('out')}.json`).database).toMatchObject({ inserted: 40, updated: 0, deleted: 0 });
    expect(readSummary(`${ws.path('out')}.json`).database?.target).not.toContain('secret');

    // One description edited and one item removed: one row rewritten, one deleted, nothing else.
    const edited: Item[] = items.slice(1).map((item, i) => (i === 4 ? { ...item, description: 'Now with a lifetime warranty.' } : item));
    const second = await ws.build(ws.writeCatalog('c2.json', edited), ws.path('out'), '--no-progress', '--to', url);
    expect(second.code, second.stderr).toBe(0);
    const loaded = readSummary(`${ws.path('out')}.json`).database!;
    expect([loaded.inserted, loaded.updated, loaded.deleted, loaded.moved + loaded.unchanged]).toEqual([0, 1, 1, 38]);
    expect(second.stdout).toMatch(/loaded into postgres:\/\/postgres:\*\*\*@127\.0\.0\.1/);

    const server = await serve();
    try {
      const ask = async (body: unknown) => {
        const r = await fetch(server.url, { method: 'POST', body: JSON.stringify(body) });
        return {
          status: r.status,
          body: (await r.json()) as { items: { id: string; item: Item }[]; anchor?: { id: string; vector: number[] } },
        };
      };
      const id = String(edited[0]!.id);
      const similar = await ask({ mode: 'similar', item: id, k: 5 });
      expect(similar.status).toBe(200);
      expect(similar.body.items).toHaveLength(5);
      expect(similar.body.items.map((r) => r.id)).not.toContain(id);
      // The same neighbours as an exact cosine scan of the artifact's vectors (halfvec rounding may swap a tie).
      const artifact = await readArtifactDir(ws.path('out'));
      const at = artifact.keys.indexOf(id);
      const cosine = (i: number) => artifact.vector(i).reduce((s, x, d) => s + x * artifact.vector(at)[d]!, 0);
      const exact = artifact.keys
        .map((key, i) => ({ key, score: cosine(i) }))
        .filter((r) => r.key !== id)
        .sort((a, b) => b.score - a.score)
        .slice(0, 5)
        .map((r) => r.key);
      expect(similar.body.items.filter((r) => exact.includes(r.id)).length).toBeGreaterThanOrEqual(4);
      expect(similar.body.items[0]!.id).toBe(exact[0]);
      // The item's own vector comes with the answer: the artifact's, at halfvec precision.
      expect(similar.body.anchor?.id).toBe(id);
      expect(similar.body.anchor!.vector).toHaveLength(artifact.vector(at).length);
      const drift = Math.max(...similar.body.anchor!.vector.map((x, d) => Math.abs(x - artifact.vector(at)[d]!)));
      expect(drift).toBeLessThan(1e-3);
      const search = await ask({ mode: 'search', query: String(edited[3]!.title), k: 3 });
      expect(search.body.items[0]?.id).toBe(String(edited[3]!.id));
      expect((await ask({ mode: 'similar', item: String(items[0]!.id) })).status).toBe(404);
    } finally {
      server.child.kill('SIGTERM');
    }
    expect(await server.exited).toBe(0);
  }, 180_000);

  it('the inpage-rec/server entry, bundled, exports the endpoint and serves the database through pg', async () => {
    const file = await buildServer(dirname(ws.cli));
    const entry = (await import(pathToFileURL(file).href)) as typeof ServerEntry;
    expect(Object.keys(entry).sort()).toEqual([
      'MAX_EXCLUDE',
      'MAX_ID_LENGTH',
      'MAX_QUERY_LENGTH',
      'MAX_REMOTE_K',
      'MAX_VECTOR_IDS',
      'SEARCH_SETTINGS',
      'createRequestHandler',
      'listen',
      'openDatabase',
    ]);
    // PGlite is one session behind its socket: clear what serve set, so the pool's own settings show.
    await db.query('RESET hnsw.iterative_scan');
    const pool = await entry.openDatabase(url, { pool: true });
    expect((await pool.sql.query("SELECT current_setting('hnsw.iterative_scan') AS s")).rows).toEqual([{ s: 'relaxed_order' }]);
    const server = await entry.listen(await entry.createRequestHandler(pool.sql), { path: '/rec' });
    try {
      const ask = async (body: unknown) => (await fetch(server.url, { method: 'POST', body: JSON.stringify(body) })).json();
      // The catalog the first test loaded.
      const id = String(demoItems(3)[2]!.id);
      const { items, anchor } = (await ask({ mode: 'complements', item: id, k: 2 })) as ServerEntry.RankAnswer;
      expect(items).toHaveLength(2);
      const { vectors } = (await ask({ mode: 'vectors', items: [id, 'nope'] })) as ServerEntry.VectorsAnswer;
      expect(Object.keys(vectors)).toEqual([id]);
      expect(vectors[id]).toEqual(anchor?.vector);
    } finally {
      await server.close();
      await pool.close();
    }
  }, 120_000);
});
