/**
 * Embedding what no source could provide, one tab of a namespace at a time: waits for the
 * embedding lock (another tab may be embedding the same catalog), adopts what that tab stored
 * meanwhile, then runs the embed loop, indexing and persisting each batch and telling the page and
 * the other tabs how far it got.
 */
import type { CatalogEntry } from '../catalog/index.ts';
import type { Encoder } from '../encoder/index.ts';
import type { Store } from '../storage/index.ts';
import type { CatalogState } from './catalog-state.ts';
import { adoptStoredVectors, type CatalogSyncHooks } from './catalog-sync.ts';
import { runEmbedLoop } from './embed-loop.ts';
import type { EngineEvent } from './protocol.ts';
import type { TabSync } from './tab-sync.ts';

/** What the embedding needs from the engine. */
export interface EmbeddingHooks {
  state: CatalogState;
  store: Store;
  modelKey: string;
  batchSize: number;
  tabs: TabSync;
  encoder(): Promise<Encoder>;
  syncHooks(): CatalogSyncHooks;
  emit(e: EngineEvent): void;
  /** The encoder is loaded and the first batch starts. */
  onStart(): void;
  /** True when queries rank by vectors (to tell the page when that starts). */
  vectorsUsable(): boolean;
  /** A batch was embedded, indexed and stored. */
  onBatch(count: number): void;
}

/** Embeds catalogs' missing vectors; counts the time spent. */
export class Embedding {
  private waiting = false;
  private totalMs = 0;

  constructor(private readonly h: EmbeddingHooks) {}

  /** True while another tab holds the embedding lock and this one waits for it. */
  get waitingForTab(): boolean {
    return this.waiting;
  }

  /** Milliseconds spent in the embed loop so far. */
  get ms(): number {
    return this.totalMs;
  }

  /** Embeds `todo` (what another tab stored while this one waited is reused instead). */
  async run(todo: CatalogEntry[]): Promise<void> {
    if (todo.length === 0) return;
    this.waiting = true;
    await this.h.tabs.withEmbedLock(async () => {
      this.waiting = false;
      const remaining = await adoptStoredVectors(this.h.syncHooks(), todo);
      this.totalMs += await this.loop(remaining);
    });
  }

  private loop(todo: CatalogEntry[]): Promise<number> {
    const { state, store } = this.h;
    return runEmbedLoop(todo, {
      encoder: () => this.h.encoder(),
      batchSize: this.h.batchSize,
      onStart: () => this.h.onStart(),
      onBatch: async (batch, vectors) => {
        const before = this.h.vectorsUsable();
        state.addVectors(batch, vectors);
        // Half the catalog has vectors now: every list would rank better, so tell the page.
        if (!before && this.h.vectorsUsable()) this.h.emit({ type: 'refresh', reason: 'vectors' });
        await store.putVectors(
          this.h.modelKey,
          state.dims,
          batch.map((e) => e.hash),
          vectors,
        );
        this.h.onBatch(batch.length);
      },
      onProgress: (done, total) => {
        this.h.emit({ type: 'progress', done, total });
        this.h.tabs.post({ type: 'progress', done, total });
      },
    });
  }
}
