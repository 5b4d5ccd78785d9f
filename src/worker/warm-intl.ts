/**
 * Loads ICU's number and plural data in the worker, so the page never pays for it.
 *
 * A page's first `new Intl.NumberFormat(...)` loads ICU's data: 18-54 ms on this 2-core machine on
 * a blank page, and the 173 ms of one long task when 20 widgets formatted their first prices at once
 * (docs/reliability.md). That data is loaded once per renderer process, and a dedicated worker runs
 * in its page's process: once the worker has made one formatter, the page's first one takes
 * 0.1-4.5 ms, for any locale and currency (measured: main thread after a worker warmed en-US, then
 * de-DE/EUR and ja-JP/JPY 0.1-0.2 ms more). Widgets format prices only for answers that came from
 * this worker, so the warm-up runs first in practice; a timer, not inline, so the first requests
 * the page sends are not held up by it.
 */
export function warmIntl(): void {
  setTimeout(() => {
    try {
      new Intl.NumberFormat(undefined, { style: 'currency', currency: 'USD' }).format(1);
      new Intl.PluralRules(undefined).select(1);
    } catch {
      // a runtime without Intl: the page's formatters fall back the same way (ui/format.ts)
    }
  }, 0);
}
