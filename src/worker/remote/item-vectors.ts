/**
 * The vectors of items the visitor met, as a retrieval endpoint sent them (with a similar or
 * complements answer, or a `vectors` answer): what a page without the catalog's vectors builds the
 * "for you" profile from. Kept in this origin's IndexedDB beside the history, the newest
 * `MAX_KEPT` only (one settings record), so a later visit's "for you" needs no request for them.
 */
import type { Store } from '../../storage/index.ts';

/** Vectors kept at most: more than the history's anchors (recommend/history.ts), a few KB each. */
export const MAX_KEPT = 64;

/** The stored record. */
interface Saved {
  dims: number;
  /** Newest first. */
  entries: [string, Float32Array][];
}

/** Item vectors by key, newest first. */
export class ItemVectors {
  private readonly vectors = new Map<string, Float32Array>();
  private loading: Promise<void> | undefined;

  /** `key` names the settings record (one per endpoint URL). */
  constructor(
    private readonly store: Pick<Store, 'getSetting' | 'setSetting'>,
    private readonly key: string,
    private readonly dims: number,
  ) {}

  /** The kept vectors of `keys` (loading the record on first use); missing keys are left out. */
  async get(keys: readonly string[]): Promise<Map<string, Float32Array>> {
    await this.load();
    const found = new Map<string, Float32Array>();
    for (const key of keys) {
      const v = this.vectors.get(key);
      if (v) found.set(key, v);
    }
    return found;
  }

  /** Keeps `vectors` as the newest, drops the oldest past `MAX_KEPT`, and stores the record. */
  async add(vectors: ReadonlyMap<string, Float32Array>): Promise<void> {
    if (vectors.size === 0) return;
    await this.load();
    const unchanged = [...vectors].every(([key, v]) => this.vectors.get(key)?.every((x, i) => x === v[i]));
    if (unchanged) return;
    const rest = [...this.vectors].filter(([key]) => !vectors.has(key));
    this.vectors.clear();
    for (const [key, v] of [...vectors, ...rest].slice(0, MAX_KEPT)) this.vectors.set(key, v);
    const saved: Saved = { dims: this.dims, entries: [...this.vectors] };
    await this.store.setSetting(this.key, saved);
  }

  /**
   * Forgets every kept vector, here and in storage: they are the items the visitor met, so
   * `forget()` erases them with the history. `storage: false` for another tab's forget (that tab
   * erased the record; this one drops what it holds in memory).
   */
  async clear(storage = true): Promise<void> {
    this.vectors.clear();
    this.loading = Promise.resolve();
    if (storage) await this.store.setSetting(this.key, undefined);
  }

  private load(): Promise<void> {
    this.loading ??= this.store.getSetting<Saved>(this.key).then(
      (saved) => {
        // A record of another model's length (the page changed model) is dropped.
        if (saved?.dims !== this.dims || !Array.isArray(saved.entries)) return;
        for (const [key, v] of saved.entries) if (!this.vectors.has(key)) this.vectors.set(key, v);
      },
      () => undefined,
    );
    return this.loading;
  }
}
