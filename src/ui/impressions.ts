/**
 * Impressions: a card counts as seen once at least half of it has been inside the viewport (and
 * inside any scrolling carousel), reported once per item per list context (a new item, query or
 * mode starts a new context). IntersectionObserver does the watching off the main thread's hot
 * path; where it does not exist (a server, very old browsers) no impression is reported.
 */

/** Share of a card that must be visible for an impression (the IAB display standard's 50%). */
const VISIBLE_SHARE = 0.5;

/** Watches cards and reports each item's first impression. */
export class ImpressionTracker {
  private readonly seen = new Set<string>();
  private readonly ids = new WeakMap<Element, string>();
  private observer: IntersectionObserver | undefined;

  constructor(private readonly onImpression: (id: string, card: Element) => void) {}

  /** Watches `card`, which shows item `id`. */
  observe(card: Element, id: string): void {
    if (this.seen.has(id)) return;
    if (!this.observer) {
      if (typeof IntersectionObserver === 'undefined') return;
      this.observer = new IntersectionObserver((entries) => this.visible(entries), { threshold: VISIBLE_SHARE });
    }
    this.ids.set(card, id);
    this.observer.observe(card);
  }

  /** Stops watching `card` (it left the list). */
  unobserve(card: Element): void {
    this.observer?.unobserve(card);
  }

  /** Starts a new context: items already seen count again. */
  reset(): void {
    this.seen.clear();
  }

  /** Stops watching everything. */
  disconnect(): void {
    this.observer?.disconnect();
    this.observer = undefined;
  }

  private visible(entries: IntersectionObserverEntry[]): void {
    for (const e of entries) {
      if (!e.isIntersecting || e.intersectionRatio < VISIBLE_SHARE) continue;
      const id = this.ids.get(e.target);
      this.observer?.unobserve(e.target);
      if (id === undefined || this.seen.has(id) || !e.target.isConnected) continue;
      this.seen.add(id);
      this.onImpression(id, e.target);
    }
  }
}
