/**
 * Test-only: a recommender whose answers and events a test scripts, recording every call with its
 * options and every tracked event, for the element's tests on happy-dom (src/ui, src/embed).
 */
import type { RankOptions, Recommendation, Recommender, RecommenderEvents } from '../../src/types/index.ts';

/** One ranking call: the method, its item id or query, and the options the widget passed. */
export interface Call {
  method: string;
  arg: unknown;
  options: RankOptions;
}

/** A scripted recommender `r`, what it was asked (`calls`, `tracked`) and `emit` to fire its events. */
export function scriptedRecommender(answer: (method: string, arg: unknown) => Recommendation[]) {
  const listeners = new Map<string, Set<(e: unknown) => void>>();
  const calls: Call[] = [];
  const tracked: unknown[] = [];
  const rank = (method: string) => async (arg: unknown, options: RankOptions) => {
    calls.push({ method, arg, options });
    return answer(method, arg);
  };
  const r = {
    ready: new Promise<never>(() => {}),
    on(type: string, listener: (e: unknown) => void) {
      if (!listeners.has(type)) listeners.set(type, new Set());
      listeners.get(type)!.add(listener);
      return () => listeners.get(type)!.delete(listener);
    },
    similar: rank('similar'),
    complements: rank('complements'),
    forYou: (options: RankOptions) => rank('forYou')(undefined, options),
    search: rank('search'),
    prepareSearch: async () => {},
    track: async (e: unknown) => {
      tracked.push(e);
    },
  } as unknown as Recommender;
  const emit = <K extends keyof RecommenderEvents>(type: K, e: RecommenderEvents[K]) => {
    for (const l of listeners.get(type) ?? []) l(e);
  };
  return { r, calls, tracked, emit };
}
