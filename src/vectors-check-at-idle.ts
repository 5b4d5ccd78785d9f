/**
 * Prebuilt vectors prove themselves once the page's own encoder embeds a sample of their items
 * (worker/prebuilt/sample-check.ts). A visit that never searches never loads the encoder, so a
 * forged artifact used to rank until some visit searched (issue 29). Instead, once the visit is
 * idle, the page asks the worker to load the encoder and finish a pending check.
 *
 * "Idle", as decided here: `ready` resolved; the page's `load` event fired (its own images and
 * scripts are in, so the model, ~6.5 MB brotli, does not compete with them); `IDLE_DELAY_MS`
 * passed; then the main thread's next idle period (`requestIdleCallback`, waited for at most
 * `IDLE_WAIT_MS`); and the page visible (a tab opened in the background waits to be looked at).
 * The check costs what a first search costs: ~9 MB of downloads (model and runtime, brotli) and
 * ~240 MB of renderer memory at its peak (the runtime's compiled WASM and heap;
 * bench/idle-check.ts). So a visit is spared it, and its check waits for a search as with
 * `checkVectorsAtIdle: false`, when the visitor asked to save data
 * (`navigator.connection.saveData`), the link is slow (`effectiveType` 3g or less) or the device
 * is small (`navigator.deviceMemory` under 4 GB); browsers without these APIs (Firefox, Safari)
 * check. The worker loads nothing when no check is pending (no prebuilt vectors, or a verdict
 * already stored), so most visits cost one message. The encoder stays loaded afterwards: the
 * visit's first search ranks by meaning at once.
 */

/** After the page's `load` event, how long before the check may start. */
export const IDLE_DELAY_MS = 3000;
/** The longest wait for an idle period of the main thread once the delay has passed. */
export const IDLE_WAIT_MS = 5000;

/** What the schedule reads of the page; the browser's own by default (a unit test passes a fake). */
export interface IdlePage {
  /** Resolves once the page's `load` event has fired. */
  loaded(): Promise<void>;
  /** Resolves after `ms`. */
  sleep(ms: number): Promise<void>;
  /** Resolves at the main thread's next idle period, or after `timeoutMs`. */
  idle(timeoutMs: number): Promise<void>;
  /** Resolves once the page is visible (at once when it is). */
  visible(): Promise<void>;
  /** The visitor asked to save data, the link is slow or the device small: the check waits (see above). */
  constrained(): boolean;
}

/**
 * Once `ready` resolves and the page is idle, calls `check` (the worker's `checkVectors`) unless
 * the visit is constrained (saves data, a slow link, a small device). Failures are the check's own
 * to report (a `warning`); nothing here throws.
 */
export async function checkVectorsAtIdle(
  ready: Promise<unknown>,
  check: () => Promise<unknown>,
  page: IdlePage = browserPage(),
): Promise<void> {
  try {
    await ready;
    await page.loaded();
    await page.sleep(IDLE_DELAY_MS);
    await page.idle(IDLE_WAIT_MS);
    // A tab opened in the background waits until the shopper looks at it: ten product pages opened
    // from a listing would otherwise load ten models at once.
    await page.visible();
    if (page.constrained()) return;
    await check();
  } catch {
    // `ready` failed (the page heard why), the recommender was destroyed, or its worker died.
  }
}

/** Network Information and Device Memory APIs, where the browser has them (Chromium; not Firefox or Safari). */
type Hints = { connection?: { saveData?: boolean; effectiveType?: string }; deviceMemory?: number };

/** Links too slow for the check's ~9 MB (`effectiveType`: from the measured round trip and throughput). */
const SLOW_LINKS = new Set(['slow-2g', '2g', '3g']);
/** Devices under this many GB (`deviceMemory` rounds down to a power of two) skip the check's ~240 MB. */
const MIN_DEVICE_GB = 4;

/** True when the browser's hints say the visit cannot afford the check (see the module comment). */
export function constrainedBy(hints: Hints | undefined): boolean {
  const link = hints?.connection;
  if (link?.saveData === true) return true;
  if (link?.effectiveType !== undefined && SLOW_LINKS.has(link.effectiveType)) return true;
  return hints?.deviceMemory !== undefined && hints.deviceMemory < MIN_DEVICE_GB;
}

/** The browser's page; in a page without a document (a worker), "loaded" at once. */
function browserPage(): IdlePage {
  return {
    loaded: () =>
      new Promise((ok) => {
        if (typeof document === 'undefined' || document.readyState === 'complete') ok();
        else globalThis.addEventListener('load', () => ok(), { once: true });
      }),
    sleep: (ms) => new Promise((ok) => setTimeout(ok, ms)),
    idle: (timeoutMs) =>
      new Promise((ok) => {
        if (typeof requestIdleCallback === 'function') requestIdleCallback(() => ok(), { timeout: timeoutMs });
        else setTimeout(ok, 0);
      }),
    visible: () =>
      new Promise((ok) => {
        if (typeof document === 'undefined' || document.visibilityState !== 'hidden') return ok();
        const seen = () => {
          if (document.visibilityState === 'hidden') return;
          document.removeEventListener('visibilitychange', seen);
          ok();
        };
        document.addEventListener('visibilitychange', seen);
      }),
    constrained: () => constrainedBy(globalThis.navigator as (Navigator & Hints) | undefined),
  };
}
