/**
 * Every entry point imports on a server (SSR, tests in Node) without touching a browser global:
 * no window, document, HTMLElement or customElements exists here, and none gets defined.
 */
import { describe, expect, it } from 'vitest';

const BROWSER_GLOBALS = ['window', 'document', 'HTMLElement', 'customElements', 'CSSStyleSheet', 'IntersectionObserver'];
const missing = () => BROWSER_GLOBALS.filter((g) => !(g in globalThis));

describe('entry points in Node', () => {
  it('run here without browser globals', () => {
    expect(missing()).toEqual(BROWSER_GLOBALS);
  });

  it('inpage-rec, inpage-rec/element and inpage-rec/react import and export their API', async () => {
    const core = await import('../index.ts');
    const element = await import('../element.ts');
    const react = await import('../react/index.ts');
    expect(typeof core.createRecommender).toBe('function');
    expect(typeof element.defineElement).toBe('function');
    expect(typeof element.InpageRecElement).toBe('function');
    expect(element.DEFAULT_STRINGS['heading.similar']).toBe('Similar items');
    expect(typeof react.Recommendations).toBe('function');
    expect(typeof react.WIDGET_CSS).toBe('string'); // its text is Vite's (empty under Vitest); e2e/widget-ssr checks the build's
    // Importing defined no browser global and registered nothing.
    expect(missing()).toEqual(BROWSER_GLOBALS);
    element.defineElement(); // a no-op without customElements
    expect(missing()).toEqual(BROWSER_GLOBALS);
  });
});
