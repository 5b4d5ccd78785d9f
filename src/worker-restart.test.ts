/** restartingConnection with fake connections: one restart, `initialized` follows it, a second death is final. */
import { describe, expect, it } from 'vitest';
import { createError, ErrorCodes, type InpageRecError } from './errors.ts';
import { type PageEvents, pageEvents } from './page-events.ts';
import type { WorkerConnection } from './worker-connection.ts';
import { restartingConnection } from './worker-restart.ts';

/** A fake worker: `die()` rejects its pending calls and tells the owner, as connectWorker does. */
function fakeWorker(id: number, onDeath: (e: InpageRecError) => void) {
  let fail!: (e: InpageRecError) => void;
  const dead = new Promise<never>((_, no) => {
    fail = no;
  });
  dead.catch(() => undefined);
  let failure: InpageRecError | undefined;
  const connection: WorkerConnection = {
    engine: { id } as never,
    call: (fn) => (failure ? Promise.reject(failure) : Promise.race([fn(connection.engine), dead])),
    terminate: () => undefined,
  };
  return {
    connection,
    die() {
      failure = createError(ErrorCodes.WORKER_FAILED, `worker ${id} stopped`);
      fail(failure);
      onDeath(failure);
    },
  };
}

function setup(initOf: (id: number) => Promise<string>) {
  const events: PageEvents = pageEvents();
  const errors: string[] = [];
  events.on('error', (e) => errors.push(e.message));
  const workers: ReturnType<typeof fakeWorker>[] = [];
  const conn = restartingConnection(
    (onDeath) => {
      const w = fakeWorker(workers.length, onDeath);
      workers.push(w);
      return w.connection;
    },
    (c) => c.call((engine) => initOf((engine as unknown as { id: number }).id)),
    events,
  );
  return { conn, events, errors, workers };
}

describe('restartingConnection', () => {
  it('starts one new worker when the first dies before its init answers, and follows its init', async () => {
    const { conn, errors, workers } = setup((id) => (id === 0 ? new Promise(() => undefined) : Promise.resolve(`ready ${id}`)));
    workers[0]!.die();
    await expect(conn.initialized).resolves.toBe('ready 1');
    expect(workers).toHaveLength(2);
    expect(errors).toEqual(["worker 0 stopped; a new worker is starting from this visit's stored vectors"]);
    // Calls go to the new worker.
    await expect(conn.call(async (e) => (e as unknown as { id: number }).id)).resolves.toBe(1);
  });

  it('rejects the calls waiting on the dead worker with its error', async () => {
    const { conn, workers } = setup(async (id) => `ready ${id}`);
    await conn.initialized;
    const waiting = conn.call(() => new Promise(() => undefined));
    workers[0]!.die();
    await expect(waiting).rejects.toMatchObject({ code: ErrorCodes.WORKER_FAILED, message: 'worker 0 stopped' });
  });

  it('a second death is final: failed, no third worker', async () => {
    const { conn, events, workers } = setup(async (id) => `ready ${id}`);
    await conn.initialized;
    workers[0]!.die();
    workers[1]!.die();
    expect(workers).toHaveLength(2);
    expect(events.failure?.message).toBe('worker 1 stopped; it was restarted once already, so the recommender stops');
    await expect(conn.call(async () => 'x')).rejects.toMatchObject({ code: ErrorCodes.WORKER_FAILED });
  });

  it('an init that fails on a live worker rejects `initialized` as it is', async () => {
    const { conn, workers } = setup(async () => {
      throw createError(ErrorCodes.CATALOG_UNREADABLE, 'no catalog');
    });
    await expect(conn.initialized).rejects.toMatchObject({ code: ErrorCodes.CATALOG_UNREADABLE });
    expect(workers).toHaveLength(1);
  });
});
