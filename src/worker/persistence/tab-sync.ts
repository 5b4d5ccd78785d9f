/**
 * Many tabs of one site, one catalog: the embedding runs in one tab at a time (a Web Lock per
 * namespace; the others wait, then read what it stored), and history and catalog changes reach
 * every open tab (a BroadcastChannel per namespace), so `forget()` in one tab is honoured in all
 * of them at once. Where either API is missing, each tab works alone, as before.
 */

import type { RecommenderEvents } from '../../types/index.ts';

/** A change of the visitor's history, as the page's `history` event carries it. */
export type HistoryChange = RecommenderEvents['history'];

/** The slice of `navigator.locks` used here. */
export interface LockManagerLike {
  request<T>(name: string, callback: () => Promise<T>): Promise<T>;
}

/** The slice of `BroadcastChannel` used here. */
export interface ChannelLike {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  close(): void;
}

/** What one tab tells the others. */
export type TabMessage =
  | { type: 'history'; event: HistoryChange }
  | { type: 'catalog' }
  | { type: 'progress'; done: number; total: number };

/** Where the browser APIs come from; tests pass in-process stand-ins. */
export interface TabApis {
  locks?: LockManagerLike | undefined;
  channel?: ((name: string) => ChannelLike) | undefined;
}

/** The browser's own Web Locks and BroadcastChannel, where they exist. */
export function browserTabApis(): TabApis {
  const locks = (globalThis as { navigator?: { locks?: LockManagerLike } }).navigator?.locks;
  const Channel = (globalThis as { BroadcastChannel?: new (name: string) => ChannelLike }).BroadcastChannel;
  return { locks, channel: Channel ? (name) => new Channel(name) : undefined };
}

function isTabMessage(data: unknown): data is TabMessage {
  const type = (data as { type?: unknown } | null)?.type;
  return type === 'history' || type === 'catalog' || type === 'progress';
}

/** One tab's link to the other tabs of the same namespace. */
export class TabSync {
  private readonly channel: ChannelLike | undefined;

  constructor(
    private readonly namespace: string,
    private readonly apis: TabApis,
    onMessage: (message: TabMessage) => void,
  ) {
    this.channel = apis.channel?.(`inpage-rec:${namespace}`);
    this.channel?.addEventListener('message', (e) => {
      if (isTabMessage(e.data)) onMessage(e.data);
    });
  }

  /** Tells the other tabs (a tab never hears its own messages). */
  post(message: TabMessage): void {
    this.channel?.postMessage(message);
  }

  /** Runs `fn` while holding this namespace's embedding lock (at once where locks are missing). */
  withEmbedLock<T>(fn: () => Promise<T>): Promise<T> {
    const locks = this.apis.locks;
    return locks ? locks.request(`inpage-rec:embed:${this.namespace}`, fn) : fn();
  }

  /** Stops listening. */
  close(): void {
    this.channel?.close();
  }
}
