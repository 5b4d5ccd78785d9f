/**
 * What this engine does when another tab of the same site and namespace tells it something
 * (persistence/tab-sync.ts): shows that tab's embedding progress while waiting for it, re-reads
 * the history it changed, and adopts the catalog update it stored.
 */
import { loadFromStore } from './catalog/catalog-sync.ts';
import type { EngineContext } from './context.ts';
import type { TabMessage } from './persistence/tab-sync.ts';
import type { SerialQueue } from './serial.ts';

/** Answers `m` for the engine of `ctx`; catalog work runs on `queue`, after any update under way. */
export function answerTab(ctx: EngineContext, queue: SerialQueue, m: TabMessage): void {
  const { life } = ctx;
  if (m.type === 'progress') {
    // This tab waits for that one's embedding: show its progress here too.
    if (ctx.embedding.waitingForTab) life.emit({ type: 'progress', done: m.done, total: m.total });
  } else if (m.type === 'history') {
    // A view, dismissal or forget() in another tab: re-read the history so this tab honours it.
    if (m.event.type === 'forget') void ctx.remote?.forget(false);
    void ctx.history
      .load()
      .then(() => life.emit({ type: 'history', change: m.event }))
      .catch(() => undefined);
  } else {
    // Another tab applied a catalog update and stored it: adopt it without fetching again.
    void queue
      .run(async () => {
        await loadFromStore(ctx);
        life.emit({ type: 'refresh', reason: 'catalog' });
      })
      .catch(() => undefined);
  }
}
