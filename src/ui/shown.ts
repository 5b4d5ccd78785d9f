/**
 * Page-level de-duplication: what each recommendation list of one recommender shows, so a list
 * leaves out what the lists before it show and the page never shows an item twice. "Before" is the
 * mode's page order (src/modes: similar, then complements, then for-you), then the order the lists
 * joined the page (document order for elements connected in order). A list waits briefly for the
 * lists before it that are fetching, and fetches again when what they show changes. Search lists
 * take no part (a search answers its query whatever else the page shows); a list with
 * `allow-repeats` shows its own results and still tells later lists what it shows.
 * Elements and React components share the board through their recommender object, so mixing the
 * two works. Nothing leaves the page.
 */
import type { Recommender } from '../types/index.ts';

interface Entry {
  /** Where the list stands: lower first (its mode's page order, then when it joined). */
  order: readonly [number, number];
  ids: readonly string[];
  /** A fetch is under way: its ids are about to change. */
  pending: boolean;
}

const before = (a: Entry['order'], b: Entry['order']) => a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]);

/** The shown-ids board of one recommender. */
export class ShownBoard {
  private readonly entries = new Map<object, Entry>();
  private readonly joined = new Map<object, number>();
  private readonly listeners = new Map<object, () => void>();
  private readonly waiters = new Set<() => void>();
  private seq = 0;

  /** `owner`'s list (of a mode with page order `pageOrder`) is fetching: lists after it wait for its ids. */
  markPending(owner: object, pageOrder: number): void {
    const e = this.entries.get(owner);
    this.entries.set(owner, { order: this.orderOf(owner, pageOrder), ids: e?.ids ?? [], pending: true });
  }

  /** `owner`'s list now shows `ids`. */
  publish(owner: object, pageOrder: number, ids: readonly (string | number)[]): void {
    this.entries.set(owner, { order: this.orderOf(owner, pageOrder), ids: ids.map(String), pending: false });
    this.changed(owner);
  }

  /** `owner`'s list is gone from the page (or changed mode). */
  remove(owner: object): void {
    this.joined.delete(owner);
    if (this.entries.delete(owner)) this.changed(owner);
  }

  /** Every id shown by the lists before `owner`'s place (page order `pageOrder`), in a stable order. */
  idsBefore(owner: object, pageOrder: number): string[] {
    const mine = this.orderOf(owner, pageOrder);
    const all = new Set<string>();
    for (const e of this.entries.values()) if (before(e.order, mine)) for (const id of e.ids) all.add(id);
    return [...all].sort();
  }

  /** Resolves once no list before `owner` is fetching, or after `maxWaitMs` (a stuck list never blocks). */
  settledBefore(owner: object, pageOrder: number, maxWaitMs: number): Promise<void> {
    if (!this.pendingBefore(this.orderOf(owner, pageOrder))) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve();
      };
      const check = () => {
        if (!this.pendingBefore(this.orderOf(owner, pageOrder))) done();
      };
      const timer = setTimeout(done, maxWaitMs);
      this.waiters.add(check);
    });
  }

  /** Calls `listener` (for `owner`) whenever a list changes what it shows; returns the unsubscribe function. */
  subscribe(owner: object, listener: () => void): () => void {
    this.listeners.set(owner, listener);
    return () => this.listeners.delete(owner);
  }

  private orderOf(owner: object, pageOrder: number): Entry['order'] {
    let seq = this.joined.get(owner);
    if (seq === undefined) {
      seq = this.seq++;
      this.joined.set(owner, seq);
    }
    return [pageOrder, seq];
  }

  private pendingBefore(mine: Entry['order']): boolean {
    for (const e of this.entries.values()) if (e.pending && before(e.order, mine)) return true;
    return false;
  }

  private changed(source: object): void {
    for (const w of [...this.waiters]) w();
    // Every other list hears it; a list refetches only when what is before it changed (controller.ts).
    for (const [owner, l] of [...this.listeners]) if (owner !== source) l();
  }
}

const boards = new WeakMap<Recommender, ShownBoard>();

/** The board of `recommender` (created on first use, collected with it). */
export function shownBoard(recommender: Recommender): ShownBoard {
  let b = boards.get(recommender);
  if (!b) {
    b = new ShownBoard();
    boards.set(recommender, b);
  }
  return b;
}
