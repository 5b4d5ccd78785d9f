/**
 * The engine's life as the page sees it: its phase and when each began, the counts and timings
 * `status()` reports, the last catalog report and failure, and the events sent to the page. Every
 * part of the engine reports through this one object (the engine context's `life`).
 */
import { createError, ErrorCodes, InpageRecError } from '../errors.ts';
import type { CatalogReport, EngineStatus, Phase } from '../types/index.ts';
import { deferred } from './deferred.ts';
import { ModeCallsQuiet } from './mode-calls-quiet.ts';
import type { EngineEvent } from './protocol.ts';

/** What the engine counts as it works. */
export interface EngineStats {
  embedded: number;
  fromCache: number;
  firstResultsMs: number | undefined;
  readyMs: number | undefined;
}

/** `err` as the page hears it: an `InpageRecError` as is, anything else a storage failure. */
export function engineError(err: unknown): InpageRecError {
  return err instanceof InpageRecError ? err : createError(ErrorCodes.STORAGE_FAILED, String(err), err);
}

/** Phases, counters and events of one engine. */
export class Lifecycle {
  /** `performance.now()` when the worker started: every timing counts from it. */
  readonly started = performance.now();
  readonly stats: EngineStats = { embedded: 0, fromCache: 0, firstResultsMs: undefined, readyMs: undefined };
  /** When each phase was first entered, ms after the start. */
  readonly phaseTimes: Partial<Record<Phase, number>> = {};
  /** The catalog is known: queries may be answered (at least lexically). Mode calls wait for it. */
  readonly catalogKnown = deferred();
  /** The page's mode calls under way (the early snapshot waits for a quiet moment). */
  readonly calls = new ModeCallsQuiet();
  private current: Phase = 'starting';
  private lastReport: CatalogReport | undefined;
  private lastFailure: EngineStatus['error'];
  private listener: (event: EngineEvent) => void = () => {};

  /** Sends every event to `onEvent` from now on (the page's callback, given to `init`). */
  listen(onEvent: (event: EngineEvent) => void): void {
    this.listener = onEvent;
  }

  get phase(): Phase {
    return this.current;
  }

  /** The last catalog report. */
  get report(): CatalogReport | undefined {
    return this.lastReport;
  }

  /** Why the phase is `failed`. */
  get failure(): EngineStatus['error'] {
    return this.lastFailure;
  }

  /** Sends an event to the page. */
  emit(event: EngineEvent): void {
    this.listener(event);
  }

  setPhase(phase: Phase, message?: string): void {
    this.phaseTimes[phase] ??= Math.round(performance.now() - this.started);
    this.current = phase;
    this.emit({ type: 'phase', phase, message });
  }

  /** Shows `loading-model` while the encoder loads; the returned function goes back to the phase before. */
  loadingModel(): () => void {
    const previous = this.current;
    this.setPhase('loading-model');
    return () => {
      if (this.current === 'loading-model') this.setPhase(previous);
    };
  }

  /** Some ranking may use vectors now (the first time counts). */
  markFirstResults(): void {
    this.stats.firstResultsMs ??= performance.now() - this.started;
  }

  /** The catalog is applied: every item has its vector. */
  markReady(): void {
    this.stats.readyMs ??= performance.now() - this.started;
    this.setPhase('ready');
  }

  /** A catalog's validation report. */
  reported(report: CatalogReport): void {
    this.lastReport = report;
    this.emit({ type: 'report', report });
  }

  /** `count` vectors came from IndexedDB or were reused, not embedded; `indexed` items have one now. */
  reused(count: number, indexed: number): void {
    this.stats.fromCache += count;
    if (indexed > 0) this.markFirstResults();
  }

  /** The engine could not start: it answers with `e` from now on. Returns `e` as an `InpageRecError`. */
  failed(err: unknown): InpageRecError {
    const e = engineError(err);
    this.lastFailure = { code: e.code, message: e.message };
    this.catalogKnown.reject(e);
    this.setPhase('failed', e.message);
    this.emit({ type: 'error', code: e.code, message: e.message });
    return e;
  }
}
