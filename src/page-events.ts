/**
 * The page's side of a recommender's events: listeners by type, the worker's events re-emitted as
 * the page's, and failures reported once. The engine reports a failure as an event AND by
 * rejecting the call; the two travel on different message ports, so either may arrive first: the
 * page hears it once, as an event, before `ready` rejects (the same error twice in a row is one
 * report).
 */
import type { InpageRecError } from './errors.ts';
import type { RecommenderEvents } from './types/index.ts';
import type { EngineEvent } from './worker/protocol.ts';

/** A recommender's events on the page. */
export interface PageEvents {
  /** Subscribes to an event; returns the unsubscribe function. */
  on<K extends keyof RecommenderEvents>(type: K, listener: (event: RecommenderEvents[K]) => void): () => void;
  fire<K extends keyof RecommenderEvents>(type: K, payload: RecommenderEvents[K]): void;
  /** An error, reported once (and on the console when nobody listens). */
  error(e: { code: string; message: string }): void;
  /** The worker could not start: every later status names `e`. */
  workerFailed(e: InpageRecError): void;
  /** The worker's failure to start, if it had one. */
  readonly failure: InpageRecError | undefined;
  /** The worker's events, re-emitted as the page's. */
  fromEngine(e: EngineEvent): void;
}

/** Makes a recommender's event hub. */
export function pageEvents(): PageEvents {
  const listeners = new Map<string, Set<(e: never) => void>>();
  let failure: InpageRecError | undefined;
  let lastError = '';
  const events: PageEvents = {
    on(type, listener) {
      if (!listeners.has(type)) listeners.set(type, new Set());
      listeners.get(type)!.add(listener as (e: never) => void);
      return () => listeners.get(type)?.delete(listener as (e: never) => void);
    },
    fire(type, payload) {
      for (const l of listeners.get(type) ?? []) (l as (e: typeof payload) => void)(payload);
    },
    error(e) {
      const key = `${e.code}|${e.message}`;
      if (key === lastError) return;
      lastError = key;
      // A page that listens shows it; one that does not must still not look like it works.
      if (!listeners.get('error')?.size) console.error(`inpage-rec ${e.code}: ${e.message}`);
      events.fire('error', { code: e.code, message: e.message });
    },
    workerFailed(e) {
      failure = e;
      events.fire('phase', { phase: 'failed', message: e.message });
      events.error(e);
    },
    get failure() {
      return failure;
    },
    fromEngine(e) {
      if (e.type === 'phase') events.fire('phase', { phase: e.phase, message: e.message });
      else if (e.type === 'progress') events.fire('progress', { done: e.done, total: e.total, ...(e.unit ? { unit: e.unit } : {}) });
      else if (e.type === 'report') events.fire('report', e.report);
      else if (e.type === 'backend') events.fire('backend', e.backend);
      else if (e.type === 'refresh') events.fire('refresh', { reason: e.reason });
      else if (e.type === 'warning') events.fire('warning', { code: e.code, message: e.message });
      else if (e.type === 'history') events.fire('history', e.change);
      else events.error(e);
    },
  };
  return events;
}
