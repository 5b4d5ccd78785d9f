/**
 * The built entry points (what a package user imports) load in plain Node, as a server render or
 * a test runner does: no browser global is touched and none is defined. Runs after the build.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, test } from './fixtures.ts';

const DIST = join(import.meta.dirname, '..', 'dist');
const GLOBALS = ['window', 'document', 'HTMLElement', 'customElements', 'CSSStyleSheet'];

test('dist/index.js, dist/element.js and dist/react.js import in Node', async () => {
  expect(GLOBALS.filter((g) => g in globalThis)).toEqual([]);
  const core = await import(pathToFileURL(join(DIST, 'index.js')).href);
  const element = await import(pathToFileURL(join(DIST, 'element.js')).href);
  const react = await import(pathToFileURL(join(DIST, 'react.js')).href);
  expect(typeof core.createRecommender).toBe('function');
  expect(typeof element.InpageRecElement).toBe('function');
  expect(typeof react.Recommendations).toBe('function');
  // The stylesheet text ships inside the library (for constructable stylesheets) ...
  expect(element.WIDGET_CSS).toContain('.inpage-rec-item');
  expect(react.WIDGET_CSS).toBe(element.WIDGET_CSS);
  // ... and as inpage-rec.css beside it, for browsers without them (a <link> under a strict CSP).
  expect(readFileSync(join(DIST, 'inpage-rec.css'), 'utf8')).toContain(element.WIDGET_CSS);
  expect(GLOBALS.filter((g) => g in globalThis)).toEqual([]);
});
