/**
 * A first visit's answers before its catalog is in: from the artifact's head where the mode ranks
 * nearest neighbours (head-answers.ts), else from the build's starter records (starter-answers.ts),
 * each marked warming; a call neither can answer waits for the catalog as usual. The page hears
 * `refresh` when something better can answer what it was shown: the head (`vectors`), then the
 * catalog (`catalog`). Search always waits for the catalog: a query needs its words.
 *
 * It also orders a phone's link: on a first visit whose head will answer, the catalog's and the
 * artifact rest's downloads wait (`gate`) until the head is in and the first head answer has its
 * records (at most `FIRST_ANSWER_WAIT_MS`), so the ~1.5 MB a first ranked answer needs at 32k items
 * is not sharing the link with the ~6.5 MB that come after it.
 */
import type { Starter } from '../../artifact/starter-file.ts';
import type { AnyMode } from '../../modes/index.ts';
import type { Recommendation } from '../../types/index.ts';
import { deferred, settlesWithin } from '../deferred.ts';
import type { Lifecycle } from '../lifecycle.ts';
import { type EarlyHead, headRecommendations } from './head-answers.ts';
import { starterRecommendations } from './starter-answers.ts';

/**
 * How long the downloads wait, once the head is in, for a head answer to a list the page showed
 * stand-ins for (the page hears `refresh` and asks again: a round trip to the main thread, then
 * a few catalog parts).
 */
export const FIRST_ANSWER_WAIT_MS = 600;

/**
 * The longest the downloads are held for the head at all: a stalled or very slow head (the stall
 * watchdog aborts only after 15 s) must not hold the catalog back, whose keyword answers and own
 * embedding are the fallback. At 10 Mbit/s the head's ranking part of 32k items takes ~1.2 s.
 */
export const HEAD_HOLD_MAX_MS = 4_000;

/** Decides, per call, what answers it before the catalog is known; orders the first visit's downloads. */
export class EarlyAnswers {
  private known = false;
  /** An early answer was shown: the catalog's arrival refreshes it. */
  private shown = false;
  /** A call the head could have answered got the starter's (or waited): the head's arrival refreshes it. */
  private headWanted = false;
  private head: EarlyHead | undefined;
  private readonly headAnswered = deferred();
  private opened: Promise<void> = Promise.resolve();

  constructor(
    private readonly life: Lifecycle,
    private readonly starter: Promise<Starter | undefined> | undefined,
    /** `HEAD_HOLD_MAX_MS` (tests shorten it). */
    private readonly holdMaxMs = HEAD_HOLD_MAX_MS,
  ) {
    life.catalogKnown.promise.then(
      () => {
        this.known = true;
        if (this.shown) life.emit({ type: 'refresh', reason: 'catalog' });
      },
      () => undefined,
    );
  }

  /**
   * Lets the head answer once `head` resolves (a first visit that fetches the artifact's head:
   * head-answers.ts `earlyHead`); the `gate` then holds the other downloads as the file comment says.
   */
  startHead(head: Promise<EarlyHead | undefined>): void {
    const used = (async () => {
      const early = await head.catch(() => undefined);
      if (!early || this.known) return;
      this.head = early;
      // No list waits for it: the downloads go on at once, and later calls get the head's answers.
      if (!this.headWanted) return;
      this.life.emit({ type: 'refresh', reason: 'vectors' });
      await settlesWithin(this.headAnswered.promise, FIRST_ANSWER_WAIT_MS);
    })();
    // A head that comes after this still answers; the downloads just stop waiting for it.
    this.opened = settlesWithin(used, this.holdMaxMs).then(() => undefined);
  }

  /** Resolves when the catalog's and the artifact rest's downloads may start (at once unless `startHead` holds them). */
  get gate(): Promise<void> {
    return this.opened;
  }

  /**
   * An early answer to a call of `mode`, or undefined when the call should wait for the catalog:
   * the catalog known already (or before anything early came), a search, or nothing early to
   * answer with (not a first visit, no head or starter built, or they failed).
   */
  async answer(mode: AnyMode, args: readonly unknown[]): Promise<Recommendation[] | undefined> {
    if (this.known || mode.input === 'query') return undefined;
    if (mode.nearestFirst && this.head) {
      const recs = await headRecommendations(this.head, mode, args).catch(() => undefined);
      if (recs && !this.known) {
        this.shown = true;
        this.headAnswered.resolve();
        return recs;
      }
    } else if (mode.nearestFirst) this.headWanted = true;
    return this.fromStarter(mode, args);
  }

  private async fromStarter(mode: AnyMode, args: readonly unknown[]): Promise<Recommendation[] | undefined> {
    if (!this.starter) return undefined;
    const got = await Promise.race([
      this.starter,
      this.life.catalogKnown.promise.then(
        () => undefined,
        () => undefined,
      ),
    ]);
    if (!got || this.known) return undefined;
    const recs = starterRecommendations(got, mode, args);
    this.shown = true;
    return recs;
  }
}
