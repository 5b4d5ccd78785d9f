// @vitest-environment happy-dom
/**
 * The script-tag embed with unusable `data-*` options, in Node on happy-dom (this file only; the
 * rest of the suite runs in plain Node): it must not throw out of the script, and widgets waiting
 * for the page default must fail at once with the real error, not after 12 s with "no recommender".
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { scriptedRecommender } from '../../test/helpers/scripted-recommender.ts';
import { STALL_MS } from '../ui/controller.ts';
import type { InpageRecElement } from '../ui/element.ts';
import type { WidgetError } from '../ui/list-types.ts';

/** The tag this test's element class is defined as; `renamed`: tests that needed a name of their own. */
let tag: string;
let renamed = 0;

beforeEach(async () => {
  vi.resetModules(); // a fresh script run, registry and element class per test
  // happy-dom keeps one custom element registry for the whole file, and a name is defined once: the
  // first test's class takes `inpage-rec` (the script's own defineElement() then leaves it as is),
  // later tests' classes a name of their own. Defined before the script runs, as a page that
  // already has widgets would see them: waiting for the page default.
  const { defineElement } = await import('../ui/element.ts');
  tag = customElements.get('inpage-rec') ? `inpage-rec-${++renamed}` : 'inpage-rec';
  defineElement(tag);
});
afterEach(() => {
  document.body.replaceChildren(); // widgets a failed test left behind
  vi.useRealTimers();
  vi.restoreAllMocks();
});

/** Runs the embed as `<script src=".../inpage-rec.js" data-…>` would; the element class and registry it set up. */
async function runScript(dataset: Record<string, string>) {
  const script = document.createElement('script');
  script.setAttribute('src', 'https://shop.example/inpage-rec/inpage-rec.js');
  Object.assign(script.dataset, dataset);
  vi.spyOn(document, 'currentScript', 'get').mockReturnValue(script); // what the browser sets while the script runs
  await import('./script.ts');
  return { ...(await import('../ui/element.ts')), ...(await import('../ui/registry.ts')) };
}

/** A connected widget that names no catalog (it follows the page default), and its error events. */
async function widget() {
  const el = document.createElement(tag) as InpageRecElement;
  el.setAttribute('item-id', 'sku-1');
  const errors: WidgetError[] = [];
  el.addEventListener('inpage-rec:error', (e) => errors.push(e.detail));
  document.body.append(el);
  const status = () => el.shadowRoot!.querySelector('.status-text')?.textContent;
  return { el, errors, status };
}

describe('script-tag embed with unusable data-* options', () => {
  it.each([
    [{ namespace: '' }, /option "namespace" must be a non-empty string, got ""/],
    [{ dtype: 'Q8' }, /option "dtype" must be one of "fp32", "q8", got "Q8"/],
    [{ remote: '/api/rec', remoteTimeoutMs: '5' }, /option "remoteTimeoutMs" must be an integer from 100 to 60000 \(ms\), got 5/],
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
