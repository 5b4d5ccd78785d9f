/**
 * Turns the visitor's event history into ranking anchors. Measured on real data with this model,
 * a profile that AVERAGES history vectors ranks the next item 1.5-3x worse than the neighbours of
 * the last item or the max similarity over the last ~10 items, so anchors stay separate and their
 * neighbour lists are merged by max (see `forYou`).
 */
import type { EventType, HistoryEvent } from '../types/index.ts';

/** How strongly each event type says "more like this". A dismissal is handled separately. */
export const EVENT_WEIGHT: Record<Exclude<EventType, 'dismiss'>, number> = { view: 1, click: 1.1, cart: 1.3, purchase: 1.2 };

/** Each older anchor counts this much less than the one after it. */
export const RECENCY_DECAY = 0.85;

/** How many distinct recent items act as anchors. */
export const MAX_ANCHORS = 10;

/** One history item used as a query, with its weight. */
export interface Anchor {
  key: string;
  type: Exclude<EventType, 'dismiss'>;
  weight: number;
}

/** What the history says: anchors (newest first), items to leave out, and dismissed items. */
export interface HistoryProfile {
  anchors: Anchor[];
  /** Items seen, carted or bought: not recommended again in "for you". */
  seen: Set<string>;
  /** Items the visitor dismissed: never shown again in any mode. */
  dismissed: Set<string>;
}

/** Builds the profile from events given newest first. */
export function profileFromHistory(events: readonly HistoryEvent[]): HistoryProfile {
  const seen = new Set<string>();
  // Dismissals first, so a dismissed item never takes one of the MAX_ANCHORS slots.
  const dismissed = new Set(events.filter((e) => e.type === 'dismiss').map((e) => e.itemId));
  const anchors: Anchor[] = [];
  const strongest = new Map<string, Anchor>();
  for (const e of events) {
    if (e.type === 'dismiss') continue;
    seen.add(e.itemId);
    if (dismissed.has(e.itemId)) continue;
    const existing = strongest.get(e.itemId);
    if (existing) {
      // Several events on one item: keep its most recent position, its strongest type.
      if (EVENT_WEIGHT[e.type] > EVENT_WEIGHT[existing.type]) existing.type = e.type;
      continue;
    }
    if (anchors.length >= MAX_ANCHORS) continue;
    const anchor: Anchor = { key: e.itemId, type: e.type, weight: 0 };
    strongest.set(e.itemId, anchor);
    anchors.push(anchor);
  }
  anchors.forEach((a, rank) => {
    a.weight = EVENT_WEIGHT[a.type] * RECENCY_DECAY ** rank;
  });
  return { anchors, seen, dismissed };
}
