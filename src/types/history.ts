/** The visitor's own history: the events `track()` records on the device. */

/** Every event type `track()` accepts, in one list (validation and docs read it). */
export const EVENT_TYPES = ['view', 'click', 'cart', 'purchase', 'dismiss'] as const;

/** What the visitor did with an item. */
export type EventType = (typeof EVENT_TYPES)[number];

/** One visitor event. It is stored on the device only. */
export interface HistoryEvent {
  type: EventType;
  itemId: string;
  /** Milliseconds since the epoch. */
  ts: number;
}

/** A visitor event as `track()` takes it. */
export interface TrackEvent {
  type: EventType;
  itemId: string | number;
}

/** How the visitor's history changed: an event was tracked, or (`forget`) it was erased. */
export interface HistoryChange {
  type: EventType | 'forget';
  itemId?: string | number;
}
