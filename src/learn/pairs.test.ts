import { describe, expect, it } from 'vitest';
import { flattenSessions } from '../signals/build.ts';
import { sessionPairs, supportedItems } from './pairs.ts';

describe('sessionPairs', () => {
  it('pairs items within the window, nearest steps first, never an item with itself', () => {
    const pairs = sessionPairs([[0, 1, 1, 2]], { window: 2, directions: 'forward', maxPerSession: 3 });
    expect([...pairs.from]).toEqual([0, 1, 0]);
    expect([...pairs.to]).toEqual([1, 2, 1]);
  });
});

describe('supportedItems', () => {
  it('counts distinct sessions, not occurrences: one shopper repeating an item gives it no offset', () => {
    const sessions = [[0, 0, 0, 1], [1, 2], [3]];
    expect([...supportedItems(sessions, 5, 2)]).toEqual([0, 1, 0, 0, 0]);
    // The flat form (the build's collector) reads the same.
    expect([...supportedItems(flattenSessions(sessions), 5, 2)]).toEqual([0, 1, 0, 0, 0]);
    expect([...supportedItems(sessions, 5, 1)]).toEqual([1, 1, 1, 1, 0]);
  });
});
