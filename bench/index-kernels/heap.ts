/**
 * Heaps of the bench's workers over the Chrome DevTools Protocol (Playwright opens CDP sessions
 * on pages only, so this attaches from a browser session to each worker target, found by the
 * `?system=` in its URL). A reading is V8's JS heap plus ArrayBuffer backing stores (WASM
 * memories included) after a forced GC.
 */
import type { Browser, CDPSession } from '@playwright/test';
import type { System } from './protocol.ts';

/** Heap readings per system. */
export interface Heaps {
  /** Bytes in use in `system`'s worker after a GC. */
  measure(system: System): Promise<number>;
  detach(): Promise<void>;
}

/** Attaches to the worker of each system. */
export async function attachHeaps(browser: Browser, systems: System[]): Promise<Heaps> {
  const cdp: CDPSession = await browser.newBrowserCDPSession();
  const { targetInfos } = (await cdp.send('Target.getTargets')) as { targetInfos: { targetId: string; type: string; url: string }[] };
  const sessions = new Map<System, string>();
  for (const system of systems) {
    const target = targetInfos.find((t) => t.type === 'worker' && t.url.includes(`system=${system}`));
    if (!target) throw new Error(`no worker for ${system}`);
    const { sessionId } = (await cdp.send('Target.attachToTarget', { targetId: target.targetId, flatten: false })) as { sessionId: string };
    sessions.set(system, sessionId);
  }
  let nextId = 0;
  const pending = new Map<number, (msg: { result?: unknown; error?: { message: string } }) => void>();
  cdp.on('Target.receivedMessageFromTarget', (event: { message: string }) => {
    const msg = JSON.parse(event.message) as { id?: number; result?: unknown; error?: { message: string } };
    if (msg.id !== undefined) {
      pending.get(msg.id)?.(msg);
      pending.delete(msg.id);
    }
  });
  const send = <T>(sessionId: string, method: string): Promise<T> =>
    new Promise((resolve, reject) => {
      const id = ++nextId;
      pending.set(id, (msg) => (msg.error ? reject(new Error(`${method}: ${msg.error.message}`)) : resolve(msg.result as T)));
      cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params: {} }) }).catch(reject);
    });
  return {
    async measure(system) {
      const session = sessions.get(system)!;
      await send(session, 'HeapProfiler.collectGarbage');
      const usage = await send<{ usedSize: number; backingStorageSize?: number }>(session, 'Runtime.getHeapUsage');
      return usage.usedSize + (usage.backingStorageSize ?? 0);
    },
    async detach() {
      await cdp.detach().catch(() => undefined);
    },
  };
}
