/**
 * `<inpage-rec mode="similar|complements|for-you|search" item-id="..." k="8">`: the widget.
 *
 * Attributes: `mode`, `item-id` (similar, complements), `k`, `catalog` (URL; else the page default), `filter`
 * (JSON, e.g. `{"category":"Tents"}`), `exclude-ids`, `diversity`, `min-score`, `heading`, `query` (search), `track-view`
 * (similar: records a view of `item-id`), `currency`, `locale`, `layout` (`grid` | `carousel`),
 * `translations` (JSON, see strings.ts), `allow-repeats` (may repeat what other lists on the page
 * show: by default the page shows an item once, ui/shown.ts). Properties: `recommender`, `renderItem`, `translations`, `excludeIds`, `items`.
 * Events: see events.ts. Catalog data is rendered as text only; links and images only for
 * http(s) URLs. Styles: styles.css, adopted without inline `<style>` (strict CSP).
 */
import type { Recommendation, Recommender } from '../types/index.ts';
import { type Layout, OBSERVED_ATTRIBUTES, readLayout, readListInput, upgradeProperties } from './attributes.ts';
import { buildCard, type CardContext, type CardRenderer, cardSignature } from './card.ts';
import { trackThenFollow } from './click.ts';
import { ListController, type WidgetError } from './controller.ts';
import { type CardEventDetail, cardDetail, type InpageRecEventMap } from './events.ts';
import { keepFocus, neighbourMark, restoreFocus } from './focus.ts';
import { ImpressionTracker } from './impressions.ts';
import { reconcile } from './keyed-list.ts';
import { defaultStrings, type Mode, modeOf, WIDGET_MODES, type WidgetMode } from './modes.ts';
import { resolveRecommender, whenDefaultRecommender } from './registry.ts';
import { safeHttpUrl } from './safe-url.ts';
import { frameOptions, ShadowView } from './shadow-view.ts';
import { parseTranslations, type StringKey, type Translations, translate } from './strings.ts';
import { adoptStyles } from './stylesheet.ts';
import { variantsOf } from './title-variants.ts';

// On a server (SSR, tests in Node) there is no HTMLElement: the module still imports, and the
// class is only ever defined where `customElements` exists.
/** `HTMLElement` where it exists; a plain class on a server, so the module imports anywhere. */
export const ElementBase = (globalThis.HTMLElement ?? class {}) as typeof HTMLElement;

/** Properties a page may set before the element is defined (then they shadow the accessors). */
const PROPERTIES = ['recommender', 'renderItem', 'translations', 'excludeIds'] as const;

export class InpageRecElement extends ElementBase {
  static observedAttributes = OBSERVED_ATTRIBUTES;
  /** The modes this element class shows, by name: the built-in ones (a subclass may carry others). */
  static modes: Readonly<Record<string, WidgetMode>> = WIDGET_MODES;

  /** The last rendered recommendations (for tests and integrations). */
  items: Recommendation[] = [];

  private readonly root = this.attachShadow({ mode: 'open' });
  private readonly view = new ShadowView(
    this.root,
    (query) => this.setAttribute('query', query),
    () => this.prepareSearch(),
  );
  private readonly modes = (this.constructor as typeof InpageRecElement).modes;
  private readonly controller = new ListController(
    () => this.scheduleRender(),
    (e) => this.emit('inpage-rec:error', e),
    this.modes,
  );
  private readonly impressions = new ImpressionTracker((id, card) => this.impression(id, card));
  private ownRecommender: Recommender | undefined;
  /** The recommender this element is attached to, and the last one it asked to prepare search. */
  private attached: Recommender | undefined;
  private prepared: Recommender | undefined;
  private ownRenderItem: CardRenderer | undefined;
  private ownTranslations: Translations | undefined;
  /** As the page set it: checked when read, so a string or an object is reported, not spread. */
  private ownExcludeIds: unknown;
  private strings: Translations = {};
  private look = 0;
  private context = '';
  private renderQueued = false;
  private rendered = '';

  constructor() {
    super();
    adoptStyles(this.root);
  }

  /** A recommender for this element alone, instead of the one for its `catalog` or the page default. */
  get recommender(): Recommender | undefined {
    return this.ownRecommender;
  }
  set recommender(r: Recommender | undefined) {
    this.ownRecommender = r;
    if (this.isConnected) this.connect();
  }

  /** Custom card content (placed inside the card's link); set to undefined for the default card. */
  get renderItem(): CardRenderer | undefined {
    return this.ownRenderItem;
  }
  set renderItem(fn: CardRenderer | undefined) {
    this.ownRenderItem = fn;
    this.restyle();
  }

  /** String overrides (merged over the `translations` attribute); see strings.ts for the keys. */
  get translations(): Translations {
    return this.strings;
  }
  set translations(value: Translations | undefined) {
    this.ownTranslations = parseTranslations(value ?? {}, 'the translations property');
    this.restyle();
  }

  /** Ids never to show (merged with the `exclude-ids` attribute); null or undefined: none. */
  get excludeIds(): readonly (string | number)[] | undefined {
    return (this.ownExcludeIds ?? undefined) as readonly (string | number)[] | undefined;
  }
  set excludeIds(ids: readonly (string | number)[] | null | undefined) {
    this.ownExcludeIds = ids;
    this.sync();
  }

  /** The mode shown: the `mode` attribute when it names one of this element's modes, else `similar`. */
  get mode(): Mode {
    return modeOf(this.getAttribute('mode'), this.modes) as Mode;
  }

  /** The layout: `grid` (default) or `carousel`. */
  get layout(): Layout {
    return readLayout(this.getAttribute('layout'));
  }

  /** The locale for prices, numbers and plurals: the `locale` attribute, else the nearest `lang`. */
  private get locale(): string | undefined {
    return this.getAttribute('locale') || this.closest('[lang]')?.getAttribute('lang') || undefined;
  }

  connectedCallback(): void {
    upgradeProperties(this, PROPERTIES);
    this.connect();
  }

  disconnectedCallback(): void {
    this.controller.detach();
    this.impressions.disconnect();
  }

  attributeChangedCallback(name: string): void {
    if (!this.isConnected) return;
    if (name === 'catalog' || name === 'remote') this.connect();
    else if (name === 'translations' || name === 'currency' || name === 'locale') this.restyle();
    else this.sync();
  }

  /** Fetches and renders recommendations again. */
  refresh(): Promise<void> {
    return this.controller.refresh();
  }

  private connect(): void {
    this.restyle();
    this.sync();
    const catalog = this.getAttribute('catalog');
    const remote = this.getAttribute('remote');
    const { r, error } = resolveRecommender(this.recommender, { catalog, vectors: this.getAttribute('vectors'), remote });
    this.attached = r;
    this.controller.attach(r);
    if (error) this.controller.fail(error); // an unusable catalog URL, a page default that failed
    // Following the page default: connect again once one is registered (or fails to be created).
    if (!r && !this.recommender && !catalog && !remote)
      whenDefaultRecommender(() => this.isConnected && !this.recommender && this.connect());
  }

  /**
   * The search input got focus: the visitor is about to type, so the worker builds the keyword
   * index and loads the model now rather than on the first query (once per recommender). A
   * failure shows up in the list, as for any query.
   */
  private prepareSearch(): void {
    const r = this.attached;
    if (!r || r === this.prepared) return;
    this.prepared = r;
    r.prepareSearch().catch(() => undefined);
  }

  /** Reads the attributes into the list's input (the controller refetches if it changed). */
  private sync(): void {
    const input = readListInput(this, this.ownExcludeIds, this.modes);
    const context = JSON.stringify([input.mode, input.itemId, input.query, this.getAttribute('filter')]);
    if (context !== this.context) {
      this.context = context;
      this.impressions.reset();
    }
    this.controller.setInput(input);
    this.scheduleRender();
  }

  /** Something every card shows changed: rebuild the cards. */
  private restyle(): void {
    this.strings = { ...parseTranslations(this.getAttribute('translations')), ...this.ownTranslations };
    this.look++;
    this.scheduleRender();
  }

  private t(key: StringKey, vars?: Record<string, string | number>): string {
    return translate(this.strings, key, vars, this.locale, defaultStrings(this.modes));
  }

  private emit<K extends keyof InpageRecEventMap>(type: K, detail: InpageRecEventMap[K]['detail'], cancelable = false): boolean {
    return this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true, cancelable }));
  }

  private scheduleRender(): void {
    if (this.renderQueued) return;
    this.renderQueued = true;
    queueMicrotask(() => {
      this.renderQueued = false;
      this.render();
    });
  }

  private render(): void {
    const snapshot = this.controller.snapshot();
    this.view.render(
      snapshot,
      frameOptions(this, (key, vars) => this.t(key, vars), snapshot.recs, this.modes),
      (recs) => this.renderCards(recs),
    );
    this.items = snapshot.recs ?? [];
  }

  private renderCards(recs: Recommendation[]): void {
    const ctx = this.cardContext(recs);
    const entries = recs.map((rec) => ({ key: String(rec.id), signature: cardSignature(rec, ctx), value: rec }));
    keepFocus(this.root, this.view.list, this.view.heading, () => reconcile(this.view.list, entries, (rec) => buildCard(rec, ctx)));
    for (const li of this.view.list.children) this.impressions.observe(li, li.getAttribute('data-id') ?? '');
    const summary = JSON.stringify([entries.map((e) => e.key), recs.some((x) => x.warming)]);
    if (summary !== this.rendered) {
      this.rendered = summary;
      this.emit('inpage-rec:render', { count: recs.length, warming: recs.some((x) => x.warming) });
    }
  }

  private cardContext(recs: readonly Recommendation[]): CardContext {
    return {
      variants: variantsOf(recs),
      strings: this.strings,
      locale: this.locale,
      currency: this.getAttribute('currency') ?? 'USD',
      renderItem: this.ownRenderItem,
      look: this.look,
      // A kept card's handlers hold the rec it was built from: report the current one.
      onClick: (built, e, href, li) => {
        const rec = this.shown(built.id) ?? built;
        const r = this.attached;
        const go = this.emit('inpage-rec:click', this.detail(rec, li, href), true);
        if (r) void trackThenFollow(e, r, rec, href, !go);
      },
      onDismiss: (built, li) => {
        const rec = this.shown(built.id) ?? built;
        const next = neighbourMark(li, this.view.list);
        this.emit('inpage-rec:dismiss', this.detail(rec, li));
        this.controller.dismiss(rec);
        this.render();
        restoreFocus(this.view.list, next, this.view.heading);
      },
    };
  }

  private detail(rec: Recommendation, li: Element, href?: string): CardEventDetail {
    return cardDetail(rec, Array.prototype.indexOf.call(this.view.list.children, li), this.mode, href ?? safeHttpUrl(rec.item.url));
  }

  /** The shown recommendation of item `id`: a kept card outlives a refetch that changed its `warming` or `basis`. */
  private shown(id: string | number): Recommendation | undefined {
    return this.items.find((x) => String(x.id) === String(id));
  }

  private impression(id: string, card: Element): void {
    const rec = this.shown(id);
    if (rec) this.emit('inpage-rec:impression', this.detail(rec, card));
  }
}

/** Defines `<inpage-rec>` once (safe to call repeatedly; does nothing where custom elements do not exist). */
export function defineElement(name = 'inpage-rec'): void {
  if (typeof customElements !== 'undefined' && !customElements.get(name)) customElements.define(name, InpageRecElement);
}

export type { CardRenderer, WidgetError };
