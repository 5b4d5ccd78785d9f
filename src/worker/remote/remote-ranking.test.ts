/**
 * The engine with a retrieval endpoint (option `remote`), against a scripted endpoint: what each
 * request carries (never the history's events), how answers are read, and that a slow, dead or
 * refusing endpoint never holds a call. The real endpoint over PGlite is in e2e/remote.spec.ts.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { catalog, DIMS, visit } from '../../../test/helpers/engine-visit.ts';
import { ErrorCodes } from '../../errors.ts';
import type { EngineConfig } from '../protocol.ts';

const URL_ = 'https://shop.test/api/rec';

type Body = Record<string, unknown>;
type Reply = (body: Body) => Response | Promise<Response>;

const json = (value: unknown, status = 200) =>
  new Response(JSON.stringify(value), { status, headers: { 'content-type': 'application/json' } });
const unit = (axis: number) => Array.from({ length: DIMS }, (_, d) => (d === axis ? 1 : 0));

/** An endpoint that answers with `reply` and keeps every request body and init it got. */
function endpoint(reply: Reply) {
  const requests: { body: Body; init: RequestInit }[] = [];
  const fetch = (async (_url: string, init: RequestInit) => {
    const body = JSON.parse(String(init.body)) as Body;
    requests.push({ body, init });
    return reply(body);
  }) as unknown as typeof globalThis.fetch;
  return { requests, fetch };
}

/** A scripted endpoint's answers: items of the requested mode, the anchor's vector on an axis. */
const answers: Reply = (body) => {
  if (body.mode === 'vectors') return json({ vectors: Object.fromEntries((body.items as string[]).map((id) => [id, unit(3)])) });
  const items = ['r1', 'r2', 'r3', 'r4'].map((id, i) => ({ id, score: 0.9 - i / 10, item: { id, title: `remote ${id}` } }));
  const anchor = typeof body.item === 'string' ? { anchor: { id: body.item, vector: unit(1) } } : {};
  return json({ items, ...anchor });
};

function remoteVisit(reply: Reply, opts: { catalog?: boolean; timeoutMs?: number; factory?: IDBFactory } = {}) {
  const server = endpoint(reply);
  const overrides: Partial<EngineConfig> = {
    remote: { url: URL_, timeoutMs: opts.timeoutMs ?? 2000 },
    ...(opts.catalog ? {} : { catalog: undefined }),
  };
  const v = visit(opts.factory ?? new IDBFactory(), catalog(), overrides, { fetch: server.fetch });
  return { ...v, server };
}

describe('remote ranking', () => {
  it('sends each mode its request, reads the answer and screens its items', async () => {
    const v = remoteVisit((body) =>
      body.mode === 'similar'
        ? json({
            items: [
              { id: 'a', score: 0.8, item: { id: 'a', title: 'a tent', price: 'free' } },
              { id: 'b', score: 0.7, item: { title: 'no id' } },
              { id: 'c', score: 0.6, item: { id: 'c', title: '<img src=x onerror=alert(1)>' }, basis: 'content' },
            ],
            anchor: { id: 'x', vector: unit(1) },
          })
        : answers(body),
    );
    const status = await v.ready;
    expect(status.phase).toBe('ready');
    expect(status.items).toBe(0);
    const recs = await v.engine.similar('x', { k: 3, filter: { category: 'tent' }, excludeIds: [7] });
    expect(v.server.requests[0]!.body).toEqual({ mode: 'similar', item: 'x', k: 3, filter: { category: 'tent' }, exclude: ['7'] });
    // The item without an id is left out; the price that is not a number is dropped, the item kept.
    expect(recs.map((r) => r.id)).toEqual(['a', 'c']);
    expect(recs[0]!.item).toEqual({ id: 'a', title: 'a tent' });
    expect(recs[1]).toMatchObject({ basis: 'content', warming: false, score: 0.6 });
    const init = v.server.requests[0]!.init;
    expect(init).toMatchObject({ method: 'POST', credentials: 'omit', referrerPolicy: 'no-referrer' });
    expect((await v.engine.status()).remote).toMatchObject({ url: URL_, available: true, answered: 1, failed: 0 });
  });

  it('"for you" sends one profile vector and sorted ids, never the events; dismissed items stay out', async () => {
    const factory = new IDBFactory();
    const v = remoteVisit(answers, { factory });
    await v.ready;
    expect((await v.engine.forYou({ k: 2 })).map((r) => r.id)).toEqual(['r1', 'r2']);
    expect(v.server.requests[0]!.body).toEqual({ mode: 'forYou', profile: null, exclude: [], k: 2 });
    await v.engine.similar('x'); // its answer carries x's vector (axis 1)
    await v.engine.track({ type: 'view', itemId: 'x' });
    await v.engine.track({ type: 'cart', itemId: 'y' }); // no vector kept: asked for once (axis 3)
    await v.engine.track({ type: 'dismiss', itemId: 'r2' });
    const recs = await v.engine.forYou({ k: 2 });
    const sent = v.server.requests.slice(2).map((r) => r.body);
    expect(sent[0]).toEqual({ mode: 'vectors', items: ['y'] });
    const profile = sent[1]!.profile as number[];
    expect(sent[1]).toEqual({ mode: 'forYou', profile, exclude: ['r2', 'x', 'y'], k: 3 });
    // y is newer (weight 1.3) than x (1 * .85): the mean leans to axis 3, unit length.
    expect(profile[3]).toBeGreaterThan(profile[1]!);
    expect(Math.hypot(...profile)).toBeCloseTo(1, 5);
    expect(recs.map((r) => r.id)).toEqual(['r1', 'r3']);
    const wire = JSON.stringify(v.server.requests.map((r) => r.body));
    for (const secret of ['view', 'cart', 'dismiss', 'ts']) expect(wire).not.toContain(`"${secret}"`);
    // The next visit keeps both vectors: its "for you" asks for none.
    const next = remoteVisit(answers, { factory });
    await next.ready;
    await next.engine.forYou();
    expect(next.server.requests.map((r) => r.body.mode)).toEqual(['forYou']);
    expect(next.server.requests[0]!.body.profile).toEqual(profile);
  });

  it('forget() erases the kept item vectors with the history, in storage too', async () => {
    const factory = new IDBFactory();
    const v = remoteVisit(answers, { factory });
    await v.ready;
    await v.engine.similar('x'); // keeps x's vector
    await v.engine.forget();
    await v.engine.track({ type: 'view', itemId: 'x' });
    await v.engine.forYou();
    expect(v.server.requests.map((r) => r.body.mode)).toEqual(['similar', 'vectors', 'forYou']);
    await v.engine.forget();
    const next = remoteVisit(answers, { factory });
    await next.ready;
    await next.engine.track({ type: 'view', itemId: 'x' });
    await next.engine.forYou();
    expect(next.server.requests.map((r) => r.body.mode)).toEqual(['vectors', 'forYou']);
  });

  it('search sends the query alone (warming) until the model is loaded, then its vector', async () => {
    // The test model is not built in: the first visit loads it to learn its dims; the second reads them.
    const factory = new IDBFactory();
    await remoteVisit(answers, { factory }).ready;
    const v = remoteVisit(answers, { factory });
    await v.ready;
    const early = await v.engine.search('red tent');
    expect(v.server.requests[0]!.body).toEqual({ mode: 'search', query: 'red tent', k: 8, exclude: [] });
    expect(early.every((r) => r.warming)).toBe(true);
    await v.engine.prepareSearch();
    const late = await v.engine.search('red tent');
    const vector = v.server.requests[1]!.body.vector as number[];
    expect(vector).toHaveLength(DIMS);
    expect(late.every((r) => !r.warming)).toBe(true);
  });

  it('a dead endpoint fails the call at once with REMOTE_FAILED and is left alone for a while', async () => {
    const v = remoteVisit(() => json({ error: { code: 'DATABASE_FAILED', message: 'x' } }, 503));
    await v.ready;
    await expect(v.engine.similar('x')).rejects.toMatchObject({ code: ErrorCodes.REMOTE_FAILED });
    await expect(v.engine.forYou()).rejects.toMatchObject({ code: ErrorCodes.REMOTE_FAILED });
    expect(v.server.requests).toHaveLength(1);
    expect(v.events.filter((e) => e.type === 'warning' && e.code === ErrorCodes.REMOTE_FAILED)).toHaveLength(1);
    expect((await v.engine.status()).remote).toMatchObject({ available: false, failed: 1 });
  });

  it('with a catalog, a silent endpoint gives way to the page ranking within the time limit', async () => {
    const silent = endpoint(() => new Promise<Response>(() => undefined));
    const hang: Reply = (body) => silent.fetch(URL_, { body: JSON.stringify(body) });
    const v = remoteVisit(hang, { catalog: true, timeoutMs: 200 });
    await v.ready;
    const started = Date.now();
    const recs = await v.engine.similar('p0', { k: 3 });
    expect(Date.now() - started).toBeLessThan(1500);
    expect(recs).toHaveLength(3);
    expect(recs.every((r) => r.item.category === 'tent')).toBe(true);
    const warning = v.events.find((e) => e.type === 'warning');
    expect(warning).toMatchObject({ code: ErrorCodes.REMOTE_FAILED, message: expect.stringMatching(/within 200 ms/) });
  });

  it('a refusal is the page error without a catalog, the page ranking with one; a non-answer counts as down', async () => {
    const unknown = () => json({ error: { code: 'UNKNOWN_ITEM', message: 'item "zz" is not in the catalog' } }, 404);
    const alone = remoteVisit(unknown);
    await alone.ready;
    await expect(alone.engine.similar('zz')).rejects.toMatchObject({ code: ErrorCodes.UNKNOWN_ITEM });
    expect((await alone.engine.status()).remote?.available).toBe(true); // a refusal is not an outage
    const refused = remoteVisit(() => json({ error: { code: 'INVALID_OPTION', message: 'request: "vector" must be 512 numbers' } }, 400), {
      catalog: true,
    });
    await refused.ready;
    expect((await refused.engine.similar('p1', { k: 2 })).map((r) => r.item.category)).toEqual(['stove', 'stove']);
    expect(refused.events.some((e) => e.type === 'warning' && /must be 512 numbers/.test(e.message))).toBe(true);
    const garbage = remoteVisit(() => json({ rows: 'nope' }));
    await garbage.ready;
    await expect(garbage.engine.search('tent')).rejects.toMatchObject({ code: ErrorCodes.REMOTE_FAILED });
    await expect(garbage.engine.similar('x', { k: 0 })).rejects.toMatchObject({ code: ErrorCodes.INVALID_OPTION });
  });
});
