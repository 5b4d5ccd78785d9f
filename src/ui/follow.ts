/**
 * How a list hears its recommender: every event and the `ready` promise, turned into the few
 * things a list does (refetch, show progress, fail, note a sign of life). Kept apart from the
 * list's state machine so that the mapping reads in one place.
 */
import type { Recommender, RecommenderEvents } from '../types/index.ts';
import type { WidgetError } from './list-types.ts';

/** What a list does when its recommender speaks. */
export interface FollowHandlers {
  /** Any sign of life: the recommender is there. */
  alive(): void;
  /** Results would differ now: refetch. */
  load(): void;
  /** Embedding progress (undefined: it ended). */
  progress(p: { done: number; total: number } | undefined): void;
  /** The engine is ready again (a failure is over). */
  recovered(): void;
  /** A failure; `report` false when another event reports the same failure with its code. */
  fail(e: WidgetError, report: boolean): void;
  history(e: RecommenderEvents['history']): void;
}

/** Subscribes `h` to `r`; returns the function that stops it (including a late `ready`). */
export function follow(r: Recommender, h: FollowHandlers): () => void {
  let on = true;
  const offs = [
    r.on('phase', ({ phase, message }) => {
      h.alive();
      if (phase === 'ready') h.recovered();
      if (phase === 'ready' || phase === 'cached') h.load();
      // The engine follows a `failed` phase with an `error` event, which reports the code.
      if (phase === 'failed') h.fail({ code: 'FAILED', message: message ?? 'the recommender failed' }, false);
    }),
    r.on('progress', (p) => {
      h.alive();
      h.progress(p.done < p.total ? p : undefined);
    }),
    r.on('error', (e) => {
      h.alive();
      h.fail({ code: e.code, message: e.message }, true);
    }),
    r.on('refresh', () => {
      h.alive();
      h.load();
    }),
    r.on('history', (e) => h.history(e)),
  ];
  r.ready.then(
    () => {
      if (!on) return;
      h.alive();
      h.progress(undefined);
    },
    (err: unknown) => on && h.fail(toWidgetError(err), true),
  );
  return () => {
    on = false;
    for (const off of offs) off();
  };
}

/** A thrown value as a widget error (code and message). */
export function toWidgetError(err: unknown): WidgetError {
  const e = err as { code?: unknown; message?: unknown } | undefined;
  return { code: typeof e?.code === 'string' ? e.code : 'FAILED', message: typeof e?.message === 'string' ? e.message : String(err) };
}
