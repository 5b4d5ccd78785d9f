import { createError, ErrorCodes } from '../errors.ts';
import { EVENT_TYPES, type EventType, type HistoryEvent } from '../types/index.ts';
import type { StoreDb } from './schema.ts';
import { withStore } from './tx.ts';

/** Most events kept; older ones are trimmed so the history cannot grow without bound. */
export const MAX_EVENTS = 1000;

/**
 * Records a visitor event on the device (nothing here does network I/O) and trims the oldest
 * events beyond {@link MAX_EVENTS}, in the same transaction: other events before dismissals.
 *
 * Only `type`, `itemId` and `ts` are stored, whatever else the object carries.
 */
export async function addEvent(db: StoreDb, event: HistoryEvent): Promise<void> {
  const { type, itemId, ts } = event ?? ({} as Partial<HistoryEvent>);
  if (typeof type !== 'string' || !EVENT_TYPES.includes(type as EventType)) {
    throw createError(ErrorCodes.INVALID_OPTION, `addEvent: type must be one of ${EVENT_TYPES.join(', ')}, got ${String(type)}`);
  }
  if (typeof itemId !== 'string' || itemId === '')
    throw createError(ErrorCodes.INVALID_OPTION, `addEvent: itemId must be a non-empty string`);
  if (typeof ts !== 'number' || !Number.isFinite(ts)) throw createError(ErrorCodes.INVALID_OPTION, `addEvent: ts must be a finite number`);
  await withStore(db, 'history', 'readwrite', async (store) => {
    await store.add({ type, itemId, ts });
    let excess = (await store.count()) - MAX_EVENTS;
    if (excess <= 0) return;
    // Keys ascend with insertion, so the cursor walks from the oldest event. Dismissals are trimmed
    // last ("never shown again" must outlive many newer views), oldest first among them.
    const dismissals: number[] = [];
    let cursor = await store.openCursor();
    while (cursor && excess > 0) {
      if (cursor.value.type === 'dismiss') dismissals.push(cursor.primaryKey);
      else {
        await cursor.delete();
        excess--;
      }
      cursor = await cursor.continue();
    }
    for (const key of dismissals.slice(0, excess)) await store.delete(key);
  });
}

/** Up to `limit` most recent events, newest first (by insertion order, not by `ts`). */
export async function recentEvents(db: StoreDb, limit = 200): Promise<HistoryEvent[]> {
  if (!Number.isInteger(limit) || limit < 0)
    throw createError(ErrorCodes.INVALID_OPTION, `recentEvents: limit must be a non-negative integer, got ${limit}`);
  if (limit === 0) return [];
  // One getAll() of the whole history (at most MAX_EVENTS, and the worker reads all of it at start
  // for dismissals) instead of a cursor step per event.
  const all = await db.getAll('history');
  return all.reverse().slice(0, limit);
}

/** Deletes every stored event. */
export async function clearHistory(db: StoreDb): Promise<void> {
  await db.clear('history');
}

/** `events` (newest first) cut to MAX_EVENTS as `addEvent` trims them: the oldest non-dismissals go first. */
export function trimEvents(events: readonly HistoryEvent[]): HistoryEvent[] {
  let excess = events.length - MAX_EVENTS;
  if (excess <= 0) return [...events];
  const drop = new Set<number>();
  for (let i = events.length - 1; i >= 0 && excess > 0; i--)
    if (events[i]!.type !== 'dismiss') {
      drop.add(i);
      excess--;
    }
  for (let i = events.length - 1; i >= 0 && excess > 0; i--)
    if (!drop.has(i)) {
      drop.add(i);
      excess--;
    }
  return events.filter((_, i) => !drop.has(i));
}
