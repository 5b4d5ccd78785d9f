/**
 * Embedding what no source could provide, one tab of a namespace at a time: waits for the
 * embedding lock (another tab may be embedding the same catalog), adopts what that tab stored
 * meanwhile, then runs the embed loop, indexing and persisting each batch and telling the page and
 * the other tabs how far it got.
 */
import type { CatalogEntry } from '../../catalog/index.ts';
import type { EngineContext } from '../context.ts';
import { runEmbedLoop } from './embed-loop.ts';
import { adoptStoredVectors } from './stored-vectors.ts';

/** Embeds catalogs' missing vectors; counts the time spent. */
export class Embedding {
  private waiting = false;
  private totalMs = 0;

  constructor(private readonly ctx: EngineContext) {}

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
    await this.ctx.tabs.withEmbedLock(async () => {
      this.waiting = false;
      const remaining = await adoptStoredVectors(this.ctx, todo);
      this.totalMs += await this.loop(remaining);
    });
  }

  private loop(todo: CatalogEntry[]): Promise<number> {
    const { state, store, life, ranking, tabs } = this.ctx;
    return runEmbedLoop(todo, {
      encoder: () => this.ctx.encoder.get(),
      batchSize: this.ctx.config.batchSize,
      onStart: () => life.setPhase('embedding'),
      onBatch: async (batch, vectors) => {
        const before = ranking.vectorsUsable();
        state.addVectors(batch, vectors);
        // Half the catalog has vectors now: every list would rank better, so tell the page.
        if (!before && ranking.vectorsUsable()) life.emit({ type: 'refresh', reason: 'vectors' });
        await store.putVectors(
          this.ctx.modelKey,
          state.dims,
          batch.map((e) => e.hash),
          vectors,
        );
        life.stats.embedded += batch.length;
        life.markFirstResults();
        // A big catalog outgrows the exact scan while it embeds: train as soon as the index asks.
        void this.ctx.training.schedule(state.index);
      },
      onProgress: (done, total) => {
        life.emit({ type: 'progress', done, total });
        tabs.post({ type: 'progress', done, total });
      },
    });
  }
}
