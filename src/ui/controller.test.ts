/** The list state machine against a scripted recommender (the browser behaviour is in e2e/widget-*.spec.ts). */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RankOptions, Recommendation, Recommender, RecommenderEvents } from '../types/index.ts';
import { ListController, STALL_MS } from './controller.ts';
import type { ListInput, WidgetError } from './list-types.ts';

type Listener = (e: never) => void;

/** A recommender whose answers and events the test scripts. */
function scripted(answer: (method: string, options: RankOptions) => Recommendation[] | Promise<Recommendation[]>) {
  const listeners = new Map<string, Set<Listener>>();
  const calls: { method: string; options: RankOptions; arg?: unknown }[] = [];
  const tracked: unknown[] = [];
  let settle!: { resolve: (v: never) => void; reject: (e: unknown) => void };
  const ready = new Promise<never>((resolve, reject) => (settle = { resolve, reject }));
  ready.catch(() => undefined);
  const call = (method: string, options: RankOptions = {}, arg?: unknown) => {
    calls.push({ method, options, arg });
    return Promise.resolve(answer(method, options));
  };
  const r = {
    ready,
    on(type: string, l: Listener) {
      if (!listeners.has(type)) listeners.set(type, new Set());
      listeners.get(type)!.add(l);
      return () => listeners.get(type)!.delete(l);
    },
    similar: (id: string | number, o?: RankOptions) => call('similar', o, id),
    forYou: (o?: RankOptions) => call('forYou', o),
    search: (q: string, o?: RankOptions) => call('search', o, q),
    track: async (e: unknown) => {
      tracked.push(e);
    },
  } as unknown as Recommender;
  const emit = <K extends keyof RecommenderEvents>(type: K, e: RecommenderEvents[K]) => {
    for (const l of listeners.get(type) ?? []) (l as (e: RecommenderEvents[K]) => void)(e);
  };
  return { r, calls, tracked, emit, settle };
}

const rec = (id: string, warming = false): Recommendation => ({ id, item: { id, title: `Item ${id}` }, score: 1, warming });
const flush = () => vi.advanceTimersByTimeAsync(0);

function list(input: Partial<ListInput> = {}) {
  const errors: WidgetError[] = [];
  const c = new ListController(
    () => undefined,
    (e) => errors.push(e),
  );
  c.setInput({ mode: 'similar', itemId: 'a', k: 4, ...input });
  return { c, errors };
}

afterEach(() => vi.useRealTimers());

describe('list state machine', () => {
  it('shows placeholders, then results; the progress bar runs only while embedding and ends at ready', async () => {
    vi.useFakeTimers();
    let warming = true;
    const s = scripted(() => [rec('1', warming), rec('2', warming)]);
    const { c } = list();
    expect(c.snapshot()).toMatchObject({ recs: undefined, status: { key: 'status.loading', busy: true } });
    c.attach(s.r);
    await flush();
    expect(c.snapshot().recs?.map((x) => x.id)).toEqual(['1', '2']);
    // Quick results while the model loads: the line says better ones are coming, never nothing.
    expect(c.snapshot().status).toMatchObject({ key: 'status.quick', busy: false });
    s.emit('progress', { done: 0, total: 659 });
    expect(c.snapshot().status).toMatchObject({ key: 'status.warming-start', progress: 0 });
    expect(c.snapshot().status.vars).toBeUndefined();
    // Still before the first announced step: no "(0 of 659)", but the bar moves.
    s.emit('progress', { done: 32, total: 659 });
    expect(c.snapshot().status).toMatchObject({ key: 'status.warming-start' });
    expect(c.snapshot().status.progress).toBeCloseTo(32 / 659);
    s.emit('progress', { done: 66, total: 659 });
    expect(c.snapshot().status).toMatchObject({ key: 'status.warming', vars: { done: 66, total: 659 } });
    s.emit('progress', { done: 96, total: 659 });
    expect(c.snapshot().status.vars).toMatchObject({ done: 66 });
    expect(c.snapshot().status.progress).toBeCloseTo(96 / 659);
    s.emit('progress', { done: 132, total: 659 });
    expect(c.snapshot().status.vars).toMatchObject({ done: 132 });
    warming = false;
    s.settle.resolve(undefined as never);
    s.emit('phase', { phase: 'ready' });
    await flush();
    expect(c.snapshot().status).toEqual({ busy: false, tone: 'info' });
  });

  it('a list attached while embedding runs shows the count it hears first', async () => {
    vi.useFakeTimers();
    const s = scripted(() => [rec('1', true), rec('2', true)]);
    const { c } = list();
    c.attach(s.r);
    await flush();
    s.emit('progress', { done: 32, total: 659 });
    expect(c.snapshot().status).toMatchObject({ key: 'status.warming', vars: { done: 32, total: 659 } });
    // Announced text moves in tenths, the bar with every batch.
    s.emit('progress', { done: 64, total: 659 });
    expect(c.snapshot().status.vars).toMatchObject({ done: 32 });
    expect(c.snapshot().status.progress).toBeCloseTo(64 / 659);
    s.emit('progress', { done: 96, total: 659 });
    expect(c.snapshot().status.vars).toMatchObject({ done: 96 });
    s.settle.resolve(undefined as never);
    await flush();
    // The embedding is over; the results on screen are still the quick ones until the list refetches.
    expect(c.snapshot().status).toEqual({ key: 'status.quick', busy: false, tone: 'info' });
  });

  it('refetches when vector ranking takes over, coalescing one moment into one fetch', async () => {
    vi.useFakeTimers();
    let warming = true;
    const s = scripted(() => [rec('1', warming)]);
    const { c } = list();
    c.attach(s.r);
    await flush();
    warming = false;
    s.emit('refresh', { reason: 'vectors' });
    s.emit('phase', { phase: 'ready' });
    await flush();
    expect(s.calls).toHaveLength(2);
    expect(c.snapshot().recs?.[0]?.warming).toBe(false);
  });

  it('after a failure shows the fallback results as "simpler", or "unavailable" when there are none', async () => {
    vi.useFakeTimers();
    const s = scripted(() => [rec('1', true)]);
    const { c, errors } = list();
    c.attach(s.r);
    await flush();
    s.emit('phase', { phase: 'failed', message: 'model' });
    s.emit('error', { code: 'MODEL_FAILED', message: 'model' });
    s.settle.reject(Object.assign(new Error('model'), { code: 'MODEL_FAILED' }));
    await flush();
    expect(c.snapshot().status).toMatchObject({ key: 'status.simpler' });
    expect(errors).toEqual([{ code: 'MODEL_FAILED', message: 'model' }]); // reported once

    const dead = scripted(() => []);
    const other = list();
    other.c.attach(dead.r);
    dead.emit('error', { code: 'CATALOG_UNREADABLE', message: '404 /catalog.json' });
    await flush();
    expect(other.c.snapshot()).toMatchObject({ recs: [], status: { key: 'status.unavailable', busy: false } });
  });

  it('says "unavailable" when the recommender never answers, and recovers if it does', async () => {
    vi.useFakeTimers();
    let answer!: (v: Recommendation[]) => void;
    const s = scripted(() => new Promise((ok) => (answer = ok)));
    const { c, errors } = list();
    c.attach(s.r);
    await vi.advanceTimersByTimeAsync(STALL_MS - 1);
    expect(c.snapshot().status).toMatchObject({ key: 'status.loading', busy: true });
    await vi.advanceTimersByTimeAsync(1);
    expect(c.snapshot()).toMatchObject({ recs: undefined, status: { key: 'status.unavailable', busy: false } });
    expect(errors.map((e) => e.code)).toEqual(['NO_RESPONSE']);
    answer([rec('1')]);
    await flush();
    expect(c.snapshot()).toMatchObject({ recs: [{ id: '1' }], status: { busy: false } });
    expect(c.snapshot().status.key).toBeUndefined();
  });

  it('"for you" leaves out what the similar list of the same recommender shows, after it settled', async () => {
    vi.useFakeTimers();
    const s = scripted((method, o) => {
      const all = method === 'similar' ? ['2', '3'] : ['1', '2', '3', '4', '5'];
      return all.filter((id) => !o.excludeIds?.includes(id)).map((id) => rec(id));
    });
    const forYou = list({ mode: 'for-you', excludeIds: ['5'] });
    const similar = list({ mode: 'similar', itemId: '1' });
    forYou.c.attach(s.r);
    similar.c.attach(s.r);
    await flush();
    expect(similar.c.snapshot().recs?.map((x) => x.id)).toEqual(['2', '3']);
    expect(forYou.c.snapshot().recs?.map((x) => x.id)).toEqual(['1', '4']);
    const allowed = list({ mode: 'for-you', allowRepeats: true });
    allowed.c.attach(s.r);
    await flush();
    expect(allowed.c.snapshot().recs?.map((x) => x.id)).toEqual(['1', '2', '3', '4', '5']);
    // The similar list leaves the page: its items may come back.
    similar.c.detach();
    await flush();
    expect(forYou.c.snapshot().recs?.map((x) => x.id)).toEqual(['1', '2', '3', '4']);
  });

  it('hides a dismissed card at once, records it, and records one view per item with trackView', async () => {
    vi.useFakeTimers();
    const s = scripted(() => [rec('1'), rec('2')]);
    const { c } = list({ trackView: true });
    c.attach(s.r);
    await flush();
    c.dismiss(rec('1'));
    expect(c.snapshot().recs?.map((x) => x.id)).toEqual(['2']);
    await c.refresh();
    expect(s.tracked).toEqual([
      { type: 'view', itemId: 'a' },
      { type: 'dismiss', itemId: '1' },
    ]);
    s.emit('history', { type: 'forget' });
    expect(c.snapshot().recs?.map((x) => x.id)).toEqual(['1', '2']);
  });

  it('passes diversity and minScore to the recommender; absent ones stay absent (the API defaults)', async () => {
    vi.useFakeTimers();
    const s = scripted(() => [rec('1')]);
    const { c } = list({ diversity: 0, minScore: 0.9 });
    c.attach(s.r);
    await flush();
    c.setInput({ mode: 'similar', itemId: 'a', k: 4 });
    await flush();
    expect(s.calls.map((x) => x.options)).toEqual([{ k: 4, diversity: 0, minScore: 0.9 }, { k: 4 }]);
  });

  it('a list that failed without a recommender (it could not be created) reports that alone, not NO_RESPONSE later', async () => {
    vi.useFakeTimers();
    const { c, errors } = list();
    c.attach(undefined);
    c.fail({ code: 'INVALID_OPTION', message: 'createRecommender: option "dtype" must be one of "fp32", "q8"' });
    await vi.advanceTimersByTimeAsync(STALL_MS + 1);
    expect(errors.map((e) => e.code)).toEqual(['INVALID_OPTION']);
    expect(c.snapshot().status).toMatchObject({ key: 'status.unavailable', busy: false });
  });

  it('fetches nothing with unusable options and says why', async () => {
    vi.useFakeTimers();
    const s = scripted(() => [rec('1')]);
    const { c, errors } = list({ invalid: 'the filter attribute must be a JSON object' });
    c.attach(s.r);
    await flush();
    expect(s.calls).toEqual([]);
    expect(c.snapshot()).toMatchObject({ recs: [], status: { key: 'status.unavailable' } });
    expect(errors).toEqual([{ code: 'INVALID_OPTION', message: 'the filter attribute must be a JSON object' }]);
  });
});
