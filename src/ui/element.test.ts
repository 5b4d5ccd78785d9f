// @vitest-environment happy-dom
/**
 * `<inpage-rec>` itself, in Node on happy-dom (this file only; the rest of the suite runs in plain
 * Node) with a scripted recommender: what reaches the recommender from the attributes, what the card
 * events and the heading say. (Layout, focus, styles and the real engine: e2e/widget-*.spec.ts.)
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { scriptedRecommender } from '../../test/helpers/scripted-recommender.ts';
import type { Recommendation } from '../types/index.ts';
import { defineElement, InpageRecElement } from './element.ts';
import type { CardEventDetail } from './events.ts';
import type { WidgetError } from './list-types.ts';

beforeAll(() => defineElement()); // as in a browser: only a defined element gets its callbacks
// A test that failed before removing its widgets leaves none behind to disturb the next one.
afterEach(() => document.body.replaceChildren());

const flush = async () => {
  for (let i = 0; i < 3; i++) await new Promise((ok) => setTimeout(ok, 0));
};

const rec = (id: string, more: Partial<Recommendation> = {}): Recommendation => ({
  id,
  item: { id, title: `Item ${id}`, url: `https://shop.example/${id}` },
  score: 1,
  warming: false,
  ...more,
});

/** A connected `<inpage-rec>` with `attrs`, following `s.r`; its error events and card events. */
async function mount(attrs: Record<string, string>, s = scriptedRecommender(() => [rec('a')]), setup?: (el: InpageRecElement) => void) {
  const el = new InpageRecElement();
  for (const [name, value] of Object.entries(attrs)) el.setAttribute(name, value);
  el.recommender = s.r;
  setup?.(el);
  const errors: WidgetError[] = [];
  const cards: { type: string; detail: CardEventDetail }[] = [];
  el.addEventListener('inpage-rec:error', (e) => errors.push(e.detail));
  for (const type of ['inpage-rec:click', 'inpage-rec:dismiss'] as const) {
    el.addEventListener(type, (e) => {
      e.preventDefault(); // the page routes: nothing navigates in the test
      cards.push({ type, detail: e.detail });
    });
  }
  document.body.append(el);
  await flush();
  const root = el.shadowRoot!;
  return { el, s, errors, cards, root, heading: () => root.querySelector('h2')?.textContent };
}

/** A plain left click (main button, no modifier) on the element `selector` finds in `root`; it must exist. */
function click(root: ParentNode, selector: string): void {
  const node = root.querySelector<HTMLElement>(selector);
  expect(node, selector).not.toBeNull();
  node!.click();
}

describe('<inpage-rec> options', () => {
  it('passes diversity and min-score to the recommender, and re-queries when they change', async () => {
    const { el, s } = await mount({ 'item-id': 'x', k: '4', diversity: '0', 'min-score': '0.9' });
    expect(s.calls.map((c) => c.options)).toEqual([{ k: 4, diversity: 0, minScore: 0.9 }]);
    el.setAttribute('diversity', '0.7');
    await flush();
    el.removeAttribute('min-score');
    await flush();
    expect(s.calls.map((c) => c.options).slice(1)).toEqual([
      { k: 4, diversity: 0.7, minScore: 0.9 },
      { k: 4, diversity: 0.7 },
    ]);
    el.remove();
  });

  it('reports an unusable k, diversity, min-score or exclude-ids attribute by name, and fetches nothing', async () => {
    const bad: [string, string][] = [
      ...['0', '-3', 'abc', '', '5px', 'NaN', 'Infinity', '2.9', '500'].map((v): [string, string] => ['k', v]),
      ...['', 'NaN', '1.5', '-0.1'].map((v): [string, string] => ['diversity', v]),
      ['min-score', 'high'],
      ['exclude-ids', '[1, 2'],
      ['exclude-ids', '["a", {"x": 1}]'],
    ];
    for (const [name, value] of bad) {
      const { el, s, errors, root } = await mount({ 'item-id': 'x', [name]: value });
      expect(s.calls, `${name}="${value}"`).toEqual([]);
      expect(errors).toEqual([{ code: 'INVALID_OPTION', message: expect.stringContaining(`the ${name} attribute`) }]);
      expect(root.querySelector('.status-text')?.textContent).toBe('Recommendations are unavailable.');
      el.remove();
    }
  });

  it('excludeIds: a string or an object is an invalid option, null means none, ids merge with the attribute', async () => {
    for (const value of ['sku-1', { id: 'sku-1' }, ['a', null]]) {
      const { el, s, errors } = await mount({ 'item-id': 'x' }, undefined, (e) => {
        e.excludeIds = value as never;
      });
      expect(s.calls).toEqual([]);
      expect(errors).toEqual([{ code: 'INVALID_OPTION', message: expect.stringContaining('the excludeIds property') }]);
      el.remove();
    }
    const { el, s, errors } = await mount({ 'item-id': 'x', 'exclude-ids': 'p, q' }, undefined, (e) => {
      e.excludeIds = null;
    });
    expect(errors).toEqual([]);
    expect(s.calls[0]?.options).toEqual({ k: 8, excludeIds: ['p', 'q'] });
    el.excludeIds = [7];
    await flush();
    expect(s.calls[1]?.options).toEqual({ k: 8, excludeIds: ['p', 'q', '7'] });
    el.remove();
  });
});

describe('<inpage-rec> cards', () => {
  it('click and dismiss report the current recommendation of a kept card (warming, basis), not the one it was built from', async () => {
    let warming = true;
    const s = scriptedRecommender(() => [rec('a', { warming, basis: 'content' }), rec('b', { warming, basis: 'signals' })]);
    const { el, cards, root } = await mount({ mode: 'complements', 'item-id': 'x' }, s);
    const card = root.querySelector('li');
    warming = false;
    s.emit('refresh', { reason: 'vectors' });
    await flush();
    expect(el.items.map((x) => x.warming)).toEqual([false, false]);
    expect(root.querySelector('li')).toBe(card); // the same node: only the handlers could be stale
    click(root, 'a');
    click(root, 'button.dismiss');
    expect(cards.map((c) => [c.type, c.detail.id, c.detail.warming, c.detail.basis])).toEqual([
      ['inpage-rec:click', 'a', false, 'content'],
      ['inpage-rec:dismiss', 'a', false, 'content'],
    ]);
    expect(s.tracked).toEqual([
      { type: 'click', itemId: 'a' },
      { type: 'dismiss', itemId: 'a' },
    ]);
    el.remove();
  });

  it('rebuilds a custom renderItem card when its basis or score changes', async () => {
    const s = scriptedRecommender((_m, id) => [rec('a', id === 'A' ? { basis: 'signals', score: 0.9 } : { basis: 'content', score: 0.4 })]);
    const { el, root } = await mount({ mode: 'complements', 'item-id': 'A' }, s, (e) => {
      e.renderItem = (r) => document.createTextNode(`${r.item.title} [${r.basis} ${r.score}]`);
    });
    expect(root.querySelector('li')?.textContent).toContain('[signals 0.9]');
    el.setAttribute('item-id', 'B');
    await flush();
    expect(root.querySelector('li')?.textContent).toContain('[content 0.4]');
    el.remove();
  });
});

describe('<inpage-rec> heading', () => {
  it('complements made only of content fill-ins do not claim "bought together"; overridable like every heading', async () => {
    const onlyContent = () => scriptedRecommender(() => [rec('a', { basis: 'content' }), rec('b', { basis: 'content' })]);
    const mixed = scriptedRecommender(() => [rec('a', { basis: 'signals' }), rec('b', { basis: 'content' })]);
    const cases: [Record<string, string>, ReturnType<typeof scriptedRecommender>, string][] = [
      [{}, onlyContent(), 'You may also like'],
      [{}, mixed, 'Frequently bought together'],
      [{ translations: '{"heading.similar":"Ähnliche Artikel"}' }, onlyContent(), 'Ähnliche Artikel'],
      [{ translations: '{"heading.complements-content":"Passt dazu"}' }, onlyContent(), 'Passt dazu'],
      [{ heading: 'Goes with it' }, onlyContent(), 'Goes with it'],
    ];
    for (const [attrs, s, heading] of cases) {
      const m = await mount({ mode: 'complements', 'item-id': 'x', ...attrs }, s);
      expect(m.heading(), JSON.stringify(attrs)).toBe(heading);
      m.el.remove();
    }
  });
});
