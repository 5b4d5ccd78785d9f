import { createError, ErrorCodes } from '../errors.ts';
import { EVENT_TYPES, type EventType, type HistoryEvent } from '../types.ts';
import type { StoreDb } from './schema.ts';
import { withStore } from './tx.ts';

/** Most events kept; older ones are trimmed so the history cannot grow without bound. */
export const MAX_EVENTS = 1000;

/**
 * Records a visitor event on the device (nothing here does network I/O) and trims the oldest
 * events beyond {@link MAX_EVENTS}, in the same transaction.
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
    const excess = (await store.count()) - MAX_EVENTS;
    if (excess <= 0) return;
    // Keys ascend with insertion, so the first `excess` keys are the oldest events.
    const oldest = await store.getAllKeys(null, excess);
    const last = oldest[oldest.length - 1];
    if (last !== undefined) await store.delete(IDBKeyRange.upperBound(last));
  });
}

/** Up to `limit` most recent events, newest first (by insertion order, not by `ts`). */
export async function recentEvents(db: StoreDb, limit = 200): Promise<HistoryEvent[]> {
  if (!Number.isInteger(limit) || limit < 0)
    throw createError(ErrorCodes.INVALID_OPTION, `recentEvents: limit must be a non-negative integer, got ${limit}`);
  if (limit === 0) return [];
  return withStore(db, 'history', 'readonly', async (store) => {
    const events: HistoryEvent[] = [];
    let cursor = await store.openCursor(null, 'prev');
    while (cursor && events.length < limit) {
      events.push(cursor.value);
      cursor = await cursor.continue();
    }
    return events;
  });
}

/** Deletes every stored event. */
export async function clearHistory(db: StoreDb): Promise<void> {
  await db.clear('history');
}
