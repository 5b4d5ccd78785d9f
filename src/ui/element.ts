/**
 * `<inpage-rec mode="similar|for-you|search" item-id="..." k="8">`: the widget.
 *
 * Attributes: `mode`, `item-id` (similar), `k`, `catalog` (URL; else the page default),
 * `filter` (JSON, e.g. `{"category":"Tents"}`), `heading`, `query` (search), `track-view`
 * (similar: records a view of `item-id`), `currency`. Catalog data is rendered as text only;
 * links and images only for http(s) URLs. Clicks are tracked; "not interested" dismisses an item
 * for good. Theming: see styles.ts.
 */
import type { Recommendation, Recommender } from '../types.ts';
import { trackThenFollow } from './click.ts';
import { becauseOf, priceOf, titleOf } from './format.ts';
import { MODES, type Mode, type ModeParams, modeOf } from './modes.ts';
import { defaultRecommender, sharedRecommender, whenDefaultRecommender } from './registry.ts';
import { safeHttpUrl } from './safe-url.ts';
import { STYLES } from './styles.ts';

/** A custom card renderer: return the card's content (it is placed inside the list item). */
export type CardRenderer = (rec: Recommendation) => Node;

const el = <K extends keyof HTMLElementTagNameMap>(tag: K, part: string, attrs: Record<string, string> = {}): HTMLElementTagNameMap[K] => {
  const node = document.createElement(tag);
  node.setAttribute('part', part);
  node.className = part;
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  return node;
};

export class InpageRecElement extends HTMLElement {
  static observedAttributes = ['mode', 'item-id', 'k', 'catalog', 'filter', 'heading', 'query'];

  /** Set to use a specific recommender instead of the shared/default one. */
  recommender: Recommender | undefined;
  /** Set to render cards yourself. */
  renderItem: CardRenderer | undefined;
  /** The last rendered recommendations (for tests and integrations). */
  items: Recommendation[] = [];

  private readonly root = this.attachShadow({ mode: 'open' });
  private readonly section = el('section', 'container');
  private readonly heading = el('h2', 'heading');
  private readonly form = el('form', 'search', { role: 'search' });
  private readonly input = el('input', 'search-input', { type: 'search', 'aria-label': 'Search the catalog', placeholder: 'Search…' });
  private readonly status = el('div', 'status', { role: 'status', 'aria-live': 'polite' });
  private readonly statusText = document.createElement('span');
  private readonly progress = el('progress', 'progress', { max: '1' });
  private readonly list = el('ul', 'list', { role: 'list' });
  private readonly empty = el('p', 'empty');
  private unsubscribe: (() => void)[] = [];
  private generation = 0;
  private viewTracked = '';

  constructor() {
    super();
    const style = document.createElement('style');
    style.textContent = STYLES;
    const button = el('button', 'search-button', { type: 'submit' });
    button.textContent = 'Search';
    this.form.append(this.input, button);
    this.form.addEventListener('submit', (e) => {
      e.preventDefault();
      this.setAttribute('query', this.input.value);
    });
    this.status.append(this.statusText, this.progress);
    this.section.append(this.heading, this.form, this.status, this.list, this.empty);
    this.root.append(style, this.section);
  }

  get mode(): Mode {
    return modeOf(this.getAttribute('mode'));
  }

  private get params(): ModeParams {
    return { itemId: this.getAttribute('item-id'), query: this.getAttribute('query') };
  }

  connectedCallback(): void {
    this.connect();
  }

  disconnectedCallback(): void {
    for (const u of this.unsubscribe) u();
    this.unsubscribe = [];
  }

  attributeChangedCallback(name: string): void {
    if (!this.isConnected) return;
    if (name === 'catalog') {
      this.connect();
      return;
    }
    const r = this.resolve();
    if (name === 'item-id' && r) this.trackView(r);
    void this.refresh();
  }

  private resolve(): Recommender | undefined {
    if (this.recommender) return this.recommender;
    const catalog = this.getAttribute('catalog');
    return catalog ? sharedRecommender(catalog) : defaultRecommender();
  }

  private connect(): void {
    this.disconnectedCallback();
    const r = this.resolve();
    this.render();
    if (!r) {
      whenDefaultRecommender(() => this.isConnected && this.connect());
      return;
    }
    const refresh = () => void this.refresh();
    this.unsubscribe.push(
      r.on('phase', ({ phase }) => {
        if (phase === 'ready' || phase === 'cached') refresh();
        if (phase === 'failed') this.showStatus('Recommendations are unavailable.');
      }),
      r.on('progress', ({ done, total }) => this.showProgress(done, total)),
      r.on('history', (e) => MODES[this.mode].refreshOn(e) && refresh()),
      r.on('refresh', refresh),
    );
    this.trackView(r);
    refresh();
  }

  /** `track-view` on a similar list: the page shows this item, so record one view of it. */
  private trackView(r: Recommender): void {
    const id = this.getAttribute('item-id');
    if (this.mode !== 'similar' || !this.hasAttribute('track-view') || !id || this.viewTracked === id) return;
    this.viewTracked = id;
    void r.track({ type: 'view', itemId: id }).catch(() => undefined);
  }

  private showStatus(text: string, progress?: number): void {
    this.status.hidden = !text;
    this.statusText.textContent = text;
    this.progress.hidden = progress === undefined;
    if (progress !== undefined) this.progress.value = progress;
    this.section.setAttribute('aria-busy', String(progress !== undefined));
  }

  private showProgress(done: number, total: number): void {
    if (done >= total) this.showStatus('');
    else this.showStatus(`Warming up: learning the catalog (${done} of ${total})…`, total ? done / total : 0);
  }

  private render(): void {
    const mode = this.mode;
    this.heading.textContent = this.getAttribute('heading') ?? MODES[mode].heading;
    this.section.setAttribute('aria-label', this.heading.textContent);
    this.form.hidden = mode !== 'search';
    if (mode === 'search' && this.input.value !== (this.getAttribute('query') ?? '')) this.input.value = this.getAttribute('query') ?? '';
  }

  /** Fetches and renders recommendations for the current attributes. */
  async refresh(): Promise<void> {
    this.render();
    const r = this.resolve();
    if (!r) return;
    const generation = ++this.generation;
    const k = Math.max(1, Math.min(100, Number(this.getAttribute('k')) || 8));
    let filter: Record<string, never> | undefined;
    try {
      filter = this.getAttribute('filter') ? JSON.parse(this.getAttribute('filter')!) : undefined;
    } catch {
      this.showStatus('The filter attribute is not valid JSON.');
      return;
    }
    try {
      const recs = await MODES[this.mode].fetch(r, this.params, { k, filter });
      if (generation !== this.generation) return;
      this.items = recs;
      this.renderList(recs);
      this.dispatchEvent(new CustomEvent('inpage-rec:render', { detail: { count: recs.length, warming: recs.some((x) => x.warming) } }));
    } catch (err) {
      if (generation !== this.generation) return;
      this.items = [];
      this.renderList([]);
      this.showStatus((err as Error).message);
    }
  }

  private renderList(recs: Recommendation[]): void {
    this.list.replaceChildren(...recs.map((rec) => this.card(rec)));
    this.empty.hidden = recs.length > 0;
    this.empty.textContent = MODES[this.mode].emptyText(this.params);
    this.list.hidden = recs.length === 0;
    const warming = recs.some((x) => x.warming);
    this.list.toggleAttribute('data-warming', warming);
  }

  private card(rec: Recommendation): HTMLLIElement {
    const li = el('li', 'item');
    li.dataset.id = String(rec.id);
    const title = titleOf(rec.item);
    const href = safeHttpUrl(rec.item.url);
    const link = href ? el('a', 'link', { href }) : el('div', 'link');
    link.classList.add('card');
    if (this.renderItem) link.append(this.renderItem(rec));
    else {
      const src = safeHttpUrl(rec.item.image);
      if (src) link.append(el('img', 'image', { src, alt: '', loading: 'lazy' }));
      const t = el('span', 'title');
      t.textContent = title;
      link.append(t);
      const price = priceOf(rec.item, this.getAttribute('currency') ?? 'USD');
      if (price) link.append(Object.assign(el('span', 'price'), { textContent: price }));
      const because = becauseOf(rec);
      if (because) link.append(Object.assign(el('span', 'because'), { textContent: because }));
    }
    if (href) {
      link.addEventListener('click', (e) => {
        const r = this.resolve();
        if (r) void trackThenFollow(e as MouseEvent, r, rec, href);
      });
    }
    const dismiss = el('button', 'dismiss', { type: 'button', 'aria-label': `Not interested in ${title}`, title: 'Not interested' });
    dismiss.textContent = '×';
    dismiss.addEventListener('click', () => void this.dismiss(rec, li));
    li.append(link, dismiss);
    return li;
  }

  private async dismiss(rec: Recommendation, li: HTMLLIElement): Promise<void> {
    const r = this.resolve();
    if (!r) return;
    const next = (li.nextElementSibling ?? li.previousElementSibling)?.querySelector<HTMLElement>('a, .dismiss');
    // The `history` event of this dismissal refreshes the list (see MODES[mode].refreshOn).
    await r.track({ type: 'dismiss', itemId: rec.id });
    li.remove();
    next?.focus();
  }
}

/** Defines `<inpage-rec>` once (safe to call repeatedly). */
export function defineElement(name = 'inpage-rec'): void {
  if (!customElements.get(name)) customElements.define(name, InpageRecElement);
}
