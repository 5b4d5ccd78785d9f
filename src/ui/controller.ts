/**
 * The state of one recommendation list, without any DOM: which recommender it follows, what it
 * fetches, when it refetches, what its status line says. The custom element and the React
 * component each render a snapshot of it, so both behave the same.
 *
 * It refetches when vector ranking takes over (`refresh`), when the engine is ready, when history
 * that matters to its mode changes, and (lists that avoid repeats) when the page's context lists
 * change. It never waits forever: a failure (`error` event, `failed` phase, `ready` rejecting) or a
 * recommender that gives no sign of life for `STALL_MS` ends the loading state.
 */
import type { RankOptions, Recommendation, Recommender } from '../types/index.ts';
import { follow, toWidgetError } from './follow.ts';
import type { ListInput, ListSnapshot, WidgetError } from './list-types.ts';
import { WIDGET_MODES, type WidgetMode, widgetMode } from './modes.ts';
import { shownBoard } from './shown.ts';
import { statusLine } from './status.ts';

export type { ListInput, ListSnapshot, WidgetError };

/** How long a list waits for any sign of life before it says the recommender is unavailable. */
export const STALL_MS = 12_000;
/** How long a list waits for the lists before it on the page (similar items, first) to show their ids. */
const CONTEXT_WAIT_MS = 1_500;
/** Steps of the announced progress text: a screen reader hears ~10 updates, not one per batch. */
const PROGRESS_STEPS = 10;

/** One list's state machine. */
export class ListController {
  private r: Recommender | undefined;
  private input: ListInput = { mode: 'similar', k: 8 };
  private offs: (() => void)[] = [];
  private generation = 0;
  private recs: Recommendation[] | undefined;
  private progress: { done: number; total: number; unit?: 'items' | 'bytes' } | undefined;
  private announced: { done: number; total: number } | undefined;
  private failure: WidgetError | undefined;
  private fetchFailed = false;
  private stalled = false;
  private stallTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly dismissed = new Set<string>();
  private loadQueued = false;
  private attached = false;
  /** The item whose view this list recorded, and with which recommender (one view per item). */
  private viewed: { r: Recommender; id: string } | undefined;
  /** The last failure passed to `onError` (the `error` event and `ready` rejecting report one failure). */
  private reported = '';
  /** The ids of the lists before this one that the last fetch left out (joined), to refetch when they change. */
  private excludedBefore = '';

  /** `modes`: the widget's mode table (the built-in modes unless an element class carries others). */
  constructor(
    private readonly onChange: () => void,
    private readonly onError: (e: WidgetError) => void = () => {},
    private readonly modes: Readonly<Record<string, WidgetMode>> = WIDGET_MODES,
  ) {}

  /** What to render now. */
  snapshot(): ListSnapshot {
    const recs = this.recs?.filter((x) => !this.dismissed.has(String(x.id)));
    const status = statusLine({
      count: recs?.length,
      warming: recs?.some((x) => x.warming) ?? false,
      starter: recs?.some((x) => x.basis === 'popular') ? 'popular' : recs?.some((x) => x.basis === 'sample') ? 'sample' : undefined,
      progress: this.progress,
      failed: this.failure !== undefined || this.stalled,
      fetchFailed: this.fetchFailed,
    });
    // The text moves in announced steps (a screen reader hears ~10 updates), the bar every batch;
    // before the first step the text says that warming started rather than "(0 of N)".
    if (status.key === 'status.warming' && this.announced) {
      const { done, total } = this.announced;
      if (done === 0) {
        status.key = 'status.warming-start';
        delete status.vars;
      } else status.vars = { done, total, count: total };
    }
    return { recs, status };
  }

  /**
   * Follows `r`; resets the list when the recommender changes. Without one (none registered yet)
   * the list waits, and says it is unavailable if none comes within `STALL_MS`.
   */
  attach(r: Recommender | undefined): void {
    if (this.attached && r === this.r) return;
    this.detach();
    this.attached = true;
    this.r = r;
    this.stallTimer = setTimeout(() => {
      this.stalled = true;
      this.onError({
        code: 'NO_RESPONSE',
        message: r
          ? `the recommender gave no answer in ${STALL_MS / 1000} s (is inpage-rec.worker.js served next to the library?)`
          : 'no recommender: give the script tag a data-catalog, the widget a catalog, or call setDefaultRecommender()',
      });
      this.onChange();
    }, STALL_MS);
    if (!r) return;
    this.offs.push(
      follow(r, {
        alive: () => this.alive(),
        load: () => this.queueLoad(),
        progress: (p) => this.setProgress(p),
        recovered: () => {
          this.failure = undefined;
        },
        fail: (e, report) => this.fail(e, report),
        history: (e) => {
          if (e.type === 'forget') this.dismissed.clear();
          if (e.type === 'dismiss' && e.itemId !== undefined) this.dismissed.add(String(e.itemId));
          if (this.spec().refreshOn(e)) this.queueLoad();
        },
      }),
      shownBoard(r).subscribe(this, () => this.avoidsRepeats() && this.idsBefore(r) !== this.excludedBefore && this.queueLoad()),
    );
    void this.load();
  }

  /** Stops following the recommender (the element left the page, the component unmounted). */
  detach(): void {
    for (const off of this.offs) off();
    this.offs = [];
    clearTimeout(this.stallTimer);
    if (this.r) shownBoard(this.r).remove(this);
    this.r = undefined;
    this.attached = false;
    this.generation++;
    this.recs = undefined;
    this.progress = this.announced = this.failure = undefined;
    this.fetchFailed = this.stalled = false;
    this.reported = '';
  }

  /** Sets what the list shows; refetches when that changed. */
  setInput(input: ListInput): void {
    const before = JSON.stringify(this.input);
    if (this.r && input.mode !== this.input.mode) shownBoard(this.r).remove(this);
    this.input = input;
    if (JSON.stringify(input) !== before) void this.load();
  }

  /** Refetches now. */
  refresh(): Promise<void> {
    return this.load();
  }

  /** Hides `rec` at once and records the dismissal (the recommender never shows it again). */
  dismiss(rec: Recommendation): void {
    const id = String(rec.id);
    this.dismissed.add(id);
    this.onChange();
    this.r?.track({ type: 'dismiss', itemId: rec.id }).catch(() => {
      this.dismissed.delete(id);
      void this.load();
    });
  }

  /** The list's mode. */
  private spec(): WidgetMode {
    return widgetMode(this.input.mode, this.modes);
  }

  /** `trackView` on a similar list: the page shows this item, so record one view of it. */
  private recordView(r: Recommender): void {
    const { itemId, trackView } = this.input;
    if (!this.spec().tracksView || !trackView || itemId === undefined || itemId === null || itemId === '') return;
    if (this.viewed?.r === r && this.viewed.id === String(itemId)) return;
    this.viewed = { r, id: String(itemId) };
    r.track({ type: 'view', itemId }).catch(() => undefined);
  }

  /** The list leaves out what the lists before it on the page show (not search, not `allow-repeats`). */
  private avoidsRepeats(): boolean {
    return this.spec().pageOrder !== undefined && !this.input.allowRepeats;
  }

  /** What the lists before this one show now, as one string (to tell whether it changed). */
  private idsBefore(r: Recommender): string {
    const order = this.spec().pageOrder;
    return order === undefined ? '' : shownBoard(r).idsBefore(this, order).join('\u0000');
  }

  private alive(): void {
    clearTimeout(this.stallTimer);
    if (this.stalled) {
      this.stalled = false;
      this.onChange();
    }
  }

  /** Marks the list failed with `e` (reported once) and tries the fallback results. */
  fail(e: WidgetError, report = true): void {
    // Without a recommender (it could not be created) nothing is coming: the stall timer would
    // add a misleading NO_RESPONSE to the real error 12 s later.
    if (!this.r) clearTimeout(this.stallTimer);
    const again = this.reported === `${e.code}|${e.message}`;
    this.failure = e;
    this.progress = this.announced = undefined;
    if (report && !again) {
      this.reported = `${e.code}|${e.message}`;
      this.onError(e);
    }
    this.onChange();
    this.queueLoad(); // the fallback may still answer: then "showing simpler results"
  }

  private setProgress(p: { done: number; total: number; unit?: 'items' | 'bytes' } | undefined): void {
    const step = (x: { done: number; total: number } | undefined) => (x ? Math.floor((x.done * PROGRESS_STEPS) / x.total) : -1);
    if (!p || !this.announced || step(p) !== step(this.announced) || p.total !== this.announced.total) this.announced = p;
    this.progress = p;
    this.onChange();
  }

  /** Coalesces the refetches that one moment triggers (a phase change and a refresh) into one. */
  private queueLoad(): void {
    if (this.loadQueued) return;
    this.loadQueued = true;
    queueMicrotask(() => {
      this.loadQueued = false;
      void this.load();
    });
  }

  private async load(): Promise<void> {
    const r = this.r;
    if (!r) return;
    const generation = ++this.generation;
    const { itemId, query, k, filter, excludeIds = [], diversity, minScore, invalid } = this.input;
    const spec = this.spec();
    const board = shownBoard(r);
    const order = spec.pageOrder;
    if (order !== undefined) board.markPending(this, order);
    let error: WidgetError | undefined;
    let recs: Recommendation[] = [];
    this.recordView(r);
    if (invalid) error = { code: 'INVALID_OPTION', message: invalid };
    else {
      try {
        if (order !== undefined && this.avoidsRepeats()) await board.settledBefore(this, order, CONTEXT_WAIT_MS);
        if (generation !== this.generation) return;
        const before = order !== undefined && this.avoidsRepeats() ? board.idsBefore(this, order) : [];
        this.excludedBefore = before.join('\u0000');
        const exclude = [...new Set([...excludeIds.map(String), ...before])];
        // Absent options stay absent: the API then applies its own defaults (diversity is per mode).
        const options: RankOptions = {
          k,
          ...(filter ? { filter } : {}),
          ...(exclude.length ? { excludeIds: exclude } : {}),
          ...(diversity === undefined ? {} : { diversity }),
          ...(minScore === undefined ? {} : { minScore }),
        };
        recs = await spec.fetch(r, { itemId, query }, options);
      } catch (err) {
        error = toWidgetError(err);
      }
      if (generation !== this.generation) return;
      this.alive();
    }
    this.recs = recs;
    this.fetchFailed = error !== undefined;
    if (error) this.onError(error);
    if (order !== undefined)
      board.publish(
        this,
        order,
        recs.map((x) => x.id),
      );
    this.onChange();
  }
}
