import { describe, expect, it } from 'vitest';
import type { HistoryEvent } from '../types/index.ts';
import { MAX_ANCHORS, profileFromHistory } from './history.ts';

const ev = (type: HistoryEvent['type'], itemId: string): HistoryEvent => ({ type, itemId, ts: 0 });

describe('profileFromHistory', () => {
  it('gives no anchor slot to a dismissed item', () => {
    // Newest first: three recent views later dismissed, then twelve older views.
    const events = [
      ev('dismiss', 'a'),
      ev('dismiss', 'b'),
      ev('dismiss', 'c'),
      ev('view', 'a'),
      ev('view', 'b'),
      ev('view', 'c'),
      ...Array.from({ length: 12 }, (_, i) => ev('view', `o${i}`)),
    ];
    const profile = profileFromHistory(events);
    expect(profile.anchors.map((a) => a.key)).toEqual(Array.from({ length: MAX_ANCHORS }, (_, i) => `o${i}`));
    expect(profile.anchors[0]!.weight).toBe(1); // the newest kept anchor has the full weight
    expect([...profile.dismissed].sort()).toEqual(['a', 'b', 'c']);
    expect(profile.seen.has('a')).toBe(true);
  });
});
