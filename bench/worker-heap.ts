/**
 * Heap of a dedicated worker, read over the Chrome DevTools Protocol. Playwright opens CDP sessions
 * on pages only, so this attaches from a browser-level session to the worker target (non-flattened
 * mode: commands travel wrapped in Target.sendMessageToTarget).
 *
 * Runtime.getHeapUsage gives the V8 JS heap (`usedSize`) and, separately, the bytes of ArrayBuffer
 * backing stores (`backingStorageSize`), which is where vectors live. HeapProfiler.collectGarbage
 * runs first, so garbage from the previous step is not counted.
 */
import type { Browser, CDPSession } from '@playwright/test';

/** One heap reading of the worker after a full GC. */
export interface HeapReading {
  jsHeapBytes: number;
  arrayBufferBytes: number;
}

/** A CDP handle on one worker. */
export interface WorkerHeap {
  /** Collects garbage in the worker, then reads its heap. */
  measure(): Promise<HeapReading>;
  /** A heap snapshot of the worker (V8's JSON; the snapshot collects garbage first). */
  snapshot(): Promise<string>;
  detach(): Promise<void>;
}

/** How the numbers are measured, for the report. */
export const HEAP_METHOD =
  'CDP Runtime.getHeapUsage on the worker target after HeapProfiler.collectGarbage (usedSize = V8 JS heap, backingStorageSize = ArrayBuffer bytes)';

/** Attaches to the first worker whose URL contains `urlPart` (waits up to 10 s for it to start). */
export async function attachWorkerHeap(browser: Browser, urlPart: string): Promise<WorkerHeap> {
  const cdp: CDPSession = await browser.newBrowserCDPSession();
  let targetId: string | undefined;
  for (let tries = 0; tries < 100 && !targetId; tries++) {
    const { targetInfos } = (await cdp.send('Target.getTargets')) as { targetInfos: { targetId: string; type: string; url: string }[] };
    targetId = targetInfos.find((t) => t.type === 'worker' && t.url.includes(urlPart))?.targetId;
    if (!targetId) await new Promise((r) => setTimeout(r, 100));
  }
  if (!targetId) throw new Error(`no worker target matching ${urlPart}`);
  const { sessionId } = (await cdp.send('Target.attachToTarget', { targetId, flatten: false })) as { sessionId: string };
  let nextId = 0;
  const pending = new Map<number, (msg: { result?: unknown; error?: { message: string } }) => void>();
  let chunks: string[] = [];
  cdp.on('Target.receivedMessageFromTarget', (event: { sessionId: string; message: string }) => {
    if (event.sessionId !== sessionId) return;
    const msg = JSON.parse(event.message) as {
      id?: number;
      method?: string;
      params?: { chunk?: string };
      result?: unknown;
      error?: { message: string };
    };
    if (msg.method === 'HeapProfiler.addHeapSnapshotChunk') chunks.push(msg.params?.chunk ?? '');
    if (msg.id !== undefined) pending.get(msg.id)?.(msg);
    if (msg.id !== undefined) pending.delete(msg.id);
  });
  const call = <T>(method: string, params: Record<string, unknown> = {}): Promise<T> =>
    new Promise((resolve, reject) => {
      const id = ++nextId;
      pending.set(id, (msg) => (msg.error ? reject(new Error(`${method}: ${msg.error.message}`)) : resolve(msg.result as T)));
      cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params }) }).catch(reject);
    });
  return {
    async measure() {
      await call('HeapProfiler.collectGarbage');
      const usage = await call<{ usedSize: number; backingStorageSize?: number }>('Runtime.getHeapUsage');
      return { jsHeapBytes: usage.usedSize, arrayBufferBytes: usage.backingStorageSize ?? 0 };
    },
    async snapshot() {
      chunks = [];
      await call('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
      return chunks.join('');
    },
    async detach() {
      await cdp.detach().catch(() => undefined);
    },
  };
}
