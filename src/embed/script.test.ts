/**
 * The script-tag embed with unusable `data-*` options, in Node on the fake DOM of ui/test-dom.ts:
 * it must not throw out of the script, and widgets waiting for the page default must fail at once
 * with the real error, not after 12 s with "no recommender".
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { STALL_MS } from '../ui/controller.ts';
import type { WidgetError } from '../ui/list-types.ts';
import { type FakeNode, installFakeDom } from '../ui/test-dom.ts';
import { scriptedRecommender } from '../ui/test-recommender.ts';

let dom: ReturnType<typeof installFakeDom>;

beforeEach(() => {
  vi.resetModules(); // a fresh script run, registry and element class per test
  dom = installFakeDom();
});
afterEach(() => {
  dom.uninstall();
  vi.useRealTimers();
  vi.restoreAllMocks();
});

/** Runs the embed as `<script src=".../inpage-rec.js" data-…>` would; the element class and registry it set up. */
async function runScript(dataset: Record<string, string>) {
  dom.document.currentScript = { src: 'https://shop.example/inpage-rec/inpage-rec.js', dataset };
  await import('./script.ts');
  return { ...(await import('../ui/element.ts')), ...(await import('../ui/registry.ts')) };
}

/** A connected widget that names no catalog (it follows the page default), and its error events. */
async function widget() {
  const { InpageRecElement } = await import('../ui/element.ts');
  const el = new InpageRecElement();
  el.setAttribute('item-id', 'sku-1');
  const errors: WidgetError[] = [];
  el.addEventListener('inpage-rec:error', (e) => errors.push(e.detail));
  dom.document.body.append(el as unknown as FakeNode);
  const status = () => (el.shadowRoot as unknown as FakeNode).querySelector('.status-text')?.textContent;
  return { el, errors, status };
}

describe('script-tag embed with unusable data-* options', () => {
  it.each([
    [{ namespace: '' }, /option "namespace" must be a non-empty string, got ""/],
    [{ dtype: 'Q8' }, /option "dtype" must be one of "fp32", "q8", got "Q8"/],
  ])('reports %j on the console, and widgets fail at once with INVALID_OPTION, never NO_RESPONSE', async (data, message) => {
    vi.useFakeTimers();
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const waiting = await widget(); // on the page before the script ran
    await vi.advanceTimersByTimeAsync(0);
    const { setDefaultRecommender } = await runScript({ catalog: '/catalog.json', ...data });
    await vi.advanceTimersByTimeAsync(0);
    expect(consoleError).toHaveBeenCalledWith(expect.stringMatching(message));
    expect(waiting.errors).toEqual([{ code: 'INVALID_OPTION', message: expect.stringMatching(message) }]);
    expect(waiting.status()).toBe('Recommendations are unavailable.');
    const later = await widget(); // added after the script ran
    await vi.advanceTimersByTimeAsync(STALL_MS + 1);
    expect(later.errors).toEqual(waiting.errors);
    expect(waiting.errors).toHaveLength(1); // no NO_RESPONSE after the wait

    // A page that then registers a recommender itself gets working widgets.
    const s = scriptedRecommender(() => []);
    setDefaultRecommender(s.r);
    await vi.advanceTimersByTimeAsync(0);
    expect(s.calls.map((c) => c.arg)).toEqual(['sku-1', 'sku-1']);
    waiting.el.remove();
    later.el.remove();
  });
});
