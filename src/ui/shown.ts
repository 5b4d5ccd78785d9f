/**
 * What the page's "context" lists (similar items) currently show, per recommender, so that lists
 * that avoid repeats ("for you") leave those ids out: on a product page, "recommended for you" does
 * not repeat the page's "similar items". Elements and React components share it through their
 * recommender object, so mixing the two works. Nothing leaves the page.
 */
import type { Recommender } from '../types/index.ts';

interface Entry {
  ids: readonly string[];
  /** A fetch is under way: its ids are about to change. */
  pending: boolean;
}

/** The shown-ids board of one recommender. */
export class ShownBoard {
  private readonly entries = new Map<object, Entry>();
  private readonly listeners = new Set<() => void>();
  private readonly waiters = new Set<() => void>();
  private union = '';

  /** `owner`'s list is fetching: lists that avoid repeats wait (briefly) for its ids. */
  markPending(owner: object): void {
    const e = this.entries.get(owner);
    this.entries.set(owner, { ids: e?.ids ?? [], pending: true });
  }

  /** `owner`'s list now shows `ids`. */
  publish(owner: object, ids: readonly (string | number)[]): void {
    this.entries.set(owner, { ids: ids.map(String), pending: false });
    this.changed();
  }

  /** `owner`'s list is gone from the page. */
  remove(owner: object): void {
    if (this.entries.delete(owner)) this.changed();
  }

  /** Every id that context lists show, in a stable order. */
  ids(): string[] {
    const all = new Set<string>();
    for (const e of this.entries.values()) for (const id of e.ids) all.add(id);
    return [...all].sort();
  }

  /** True while some context list is fetching. */
  pending(): boolean {
    for (const e of this.entries.values()) if (e.pending) return true;
    return false;
  }

  /** Resolves once no context list is fetching, or after `maxWaitMs` (a stuck list never blocks). */
  settled(maxWaitMs: number): Promise<void> {
    if (!this.pending()) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, maxWaitMs);
      this.waiters.add(done);
    });
  }

  /** Calls `listener` whenever the set of shown ids changes; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    if (!this.pending()) for (const w of [...this.waiters]) w();
    const union = this.ids().join('\u0000');
    if (union === this.union) return;
    this.union = union;
    for (const l of [...this.listeners]) l();
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
