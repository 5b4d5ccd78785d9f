/**
 * The visitor's history inside the worker: recent events from IndexedDB and the ranking profile
 * built from them. Events are written to this origin's IndexedDB only; nothing here sends anything.
 */
import { createError, ErrorCodes } from '../../errors.ts';
import { type HistoryProfile, profileFromHistory } from '../../recommend/index.ts';
import { MAX_EVENTS, type Store, trimEvents } from '../../storage/index.ts';
import { EVENT_TYPES, type HistoryEvent, type TrackEvent } from '../../types/index.ts';

/** The newest events ranking reads anchors and seen items from; the store keeps up to MAX_EVENTS. */
const RECENT_EVENTS = 200;

/** Recent events and the profile ranked from them. */
export class VisitorHistory {
  private events: HistoryEvent[] = [];
  private current: HistoryProfile = profileFromHistory([]);

  constructor(private readonly store: Store) {}

  /** Anchors, seen and dismissed items, as ranking uses them. */
  get profile(): HistoryProfile {
    return this.current;
  }

  /** Reads the stored events. */
  async load(): Promise<void> {
    this.set(await this.store.recentEvents(MAX_EVENTS));
  }

  /** Validates and records one event. */
  async track(event: TrackEvent): Promise<void> {
    if (!EVENT_TYPES.includes(event?.type)) {
      throw createError(
        ErrorCodes.INVALID_OPTION,
        `track: type must be one of ${EVENT_TYPES.join(', ')}, got ${JSON.stringify(event?.type)}`,
      );
    }
    if (typeof event.itemId !== 'string' && typeof event.itemId !== 'number') {
      throw createError(ErrorCodes.INVALID_OPTION, 'track: itemId must be a string or a number');
    }
    const e: HistoryEvent = { type: event.type, itemId: String(event.itemId), ts: Date.now() };
    await this.store.addEvent(e);
    this.set([e, ...this.events]);
  }

  /** Erases every event. */
  async forget(): Promise<void> {
    await this.store.clearHistory();
    this.set([]);
  }

  /**
   * Anchors and seen items come from the newest RECENT_EVENTS; dismissals from every stored event
   * (the store trims dismissals last), so a dismissed item stays hidden after many newer events.
   */
  private set(events: HistoryEvent[]): void {
    this.events = trimEvents(events); // as the store trims: dismissals last
    const recent = this.events.slice(0, RECENT_EVENTS);
    const older = this.events.slice(RECENT_EVENTS).filter((e) => e.type === 'dismiss');
    this.current = profileFromHistory([...recent, ...older]);
  }
}
