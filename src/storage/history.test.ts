import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import type { HistoryEvent } from '../types/index.ts';
import { MAX_EVENTS, trimEvents } from './history.ts';
import { openStore } from './store.ts';

const view = (n: number): HistoryEvent => ({ type: 'view', itemId: `item-${n}`, ts: 1_700_000_000_000 + n });

describe('history', () => {
  it('returns events newest first, 200 by default, fewer on request', async () => {
    const store = await openStore('shop', { indexedDB: new IDBFactory() });
    for (let n = 0; n < 250; n++) await store.addEvent(view(n));
    const recent = await store.recentEvents();
    expect(recent.length).toBe(200);
    expect(recent[0]).toEqual(view(249));
    expect(recent[199]).toEqual(view(50));
    expect(await store.recentEvents(3)).toEqual([view(249), view(248), view(247)]);
    expect(await store.recentEvents(0)).toEqual([]);
    expect((await store.recentEvents(1000)).length).toBe(250);
    store.close();
  });

  it('orders by insertion, not by ts', async () => {
    const store = await openStore('shop', { indexedDB: new IDBFactory() });
    await store.addEvent({ type: 'click', itemId: 'a', ts: 20 });
    await store.addEvent({ type: 'cart', itemId: 'b', ts: 10 });
    expect((await store.recentEvents()).map((e) => e.itemId)).toEqual(['b', 'a']);
    store.close();
  });

  it(`keeps at most MAX_EVENTS, trimming the oldest`, async () => {
    const store = await openStore('shop', { indexedDB: new IDBFactory() });
    const total = MAX_EVENTS + 50;
    for (let n = 0; n < total; n++) await store.addEvent(view(n));
    const all = await store.recentEvents(total);
    expect(all.length).toBe(MAX_EVENTS);
    expect(all[0]).toEqual(view(total - 1));
    expect(all[MAX_EVENTS - 1]).toEqual(view(total - MAX_EVENTS));
    store.close();
  });

  it('clears, survives a reopen, and stores only type, itemId and ts', async () => {
    const factory = new IDBFactory();
    const store = await openStore('shop', { indexedDB: factory });
    await store.addEvent({ ...view(1), extra: 'dropped' } as HistoryEvent);
    store.close();
    const again = await openStore('shop', { indexedDB: factory });
    expect(await again.recentEvents()).toEqual([view(1)]);
    await again.clearHistory();
    expect(await again.recentEvents()).toEqual([]);
    again.close();
  });

  it('rejects malformed events and limits with INVALID_OPTION', async () => {
    const store = await openStore('shop', { indexedDB: new IDBFactory() });
    const invalid = { code: 'INVALID_OPTION' };
    await expect(store.addEvent({ type: 'like', itemId: 'a', ts: 1 } as unknown as HistoryEvent)).rejects.toMatchObject(invalid);
    await expect(store.addEvent({ type: 'view', itemId: '', ts: 1 })).rejects.toMatchObject(invalid);
    await expect(store.addEvent({ type: 'view', itemId: 'a', ts: Number.NaN })).rejects.toMatchObject(invalid);
    await expect(store.recentEvents(-1)).rejects.toMatchObject(invalid);
    expect(await store.recentEvents()).toEqual([]);
    store.close();
  });
});

describe('history trimming keeps dismissals', () => {
  const dismiss = (n: number): HistoryEvent => ({ type: 'dismiss', itemId: `gone-${n}`, ts: n });

  it('trims older views before older dismissals, in IndexedDB and in memory', async () => {
    const store = await openStore('shop', { indexedDB: new IDBFactory() });
    const events: HistoryEvent[] = [dismiss(1), dismiss(2), ...Array.from({ length: MAX_EVENTS + 50 }, (_, n) => view(n))];
    let memory: HistoryEvent[] = [];
    for (const e of events) {
      await store.addEvent(e);
      memory = trimEvents([e, ...memory]);
    }
    const kept = await store.recentEvents(MAX_EVENTS);
    expect(kept).toHaveLength(MAX_EVENTS);
    expect(kept.slice(-2)).toEqual([dismiss(2), dismiss(1)]);
    expect(kept[0]).toEqual(view(MAX_EVENTS + 49));
    expect(kept[MAX_EVENTS - 3]).toEqual(view(52)); // views 0-51 trimmed, the dismissals kept
    expect(memory).toEqual(kept);
    store.close();
  });

  it('trims the oldest dismissals once only dismissals are left', () => {
    let memory: HistoryEvent[] = [];
    for (let n = 0; n < MAX_EVENTS + 5; n++) memory = trimEvents([dismiss(n), ...memory]);
    expect(memory).toHaveLength(MAX_EVENTS);
    expect(memory[MAX_EVENTS - 1]).toEqual(dismiss(5));
  });
});
