/**
 * Puts the widget's stylesheet into a shadow root (the element) or the document (React) without an
 * inline `<style>`, so it works under a strict CSP (`style-src 'self'`):
 *   1. a constructable stylesheet in `adoptedStyleSheets` (one sheet object shared by every root);
 *   2. where those do not exist, a `<link rel=stylesheet>` to inpage-rec.css next to the library
 *      (same origin, so `style-src 'self'` allows it);
 *   3. if that file fails to load (e.g. a bundler moved the library away from it), an inline
 *      `<style>`, which works wherever no CSP forbids it.
 * Nothing here touches a browser global until it is called, so every entry point imports in Node.
 */
// tools/build.ts copies styles.css to `inpage-rec.css` beside element.js, react.js and
// inpage-rec.js: the file that step 2 links. The `?inline` import is the same CSS as a string.
import css from './styles.css?inline';

/** The stylesheet's file name, beside the library's own file. */
export const STYLESHEET_FILE = 'inpage-rec.css';

let href: string | undefined;
let shared: CSSStyleSheet | undefined;
const styled = new WeakSet<Document | ShadowRoot>();

/** The widget's CSS text (for pages that bundle or inline it themselves). */
export const WIDGET_CSS: string = css;

/**
 * Sets the URL of inpage-rec.css used where constructable stylesheets are missing. Entry points
 * set it next to their own file; call it when you serve the file from elsewhere.
 */
export function setStylesheetUrl(url: string | URL): void {
  href = new URL(url, globalThis.document?.baseURI).href;
}

/** Sets the stylesheet URL from an entry point's own URL, unless the page already chose one. */
export function setDefaultStylesheetBase(moduleUrl: string): void {
  if (href === undefined) setStylesheetUrl(new URL(STYLESHEET_FILE, moduleUrl));
}

function constructable(): CSSStyleSheet | undefined {
  if (shared) return shared;
  if (typeof CSSStyleSheet === 'undefined' || !('replaceSync' in CSSStyleSheet.prototype)) return undefined;
  if (!('adoptedStyleSheets' in Document.prototype)) return undefined;
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    shared = sheet;
  } catch {
    return undefined; // a browser that has the property but cannot construct sheets
  }
  return shared;
}

function inlineStyle(doc: Document): HTMLStyleElement {
  const style = doc.createElement('style');
  style.textContent = css;
  return style;
}

/** Styles `root` (a shadow root, or the document for light-DOM widgets) once. */
export function adoptStyles(root: Document | ShadowRoot): void {
  if (styled.has(root)) return;
  styled.add(root);
  const doc = root instanceof Document ? root : root.ownerDocument;
  const sheet = constructable();
  if (sheet) {
    try {
      root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
      return;
    } catch {
      // a root in another document (an iframe) cannot adopt this document's sheet: link it instead
    }
  }
  const parent = root instanceof Document ? root.head : root;
  if (!href) {
    parent.prepend(inlineStyle(doc));
    return;
  }
  const link = doc.createElement('link');
  link.rel = 'stylesheet';
  link.href = href;
  link.addEventListener('error', () => link.replaceWith(inlineStyle(doc)), { once: true });
  parent.prepend(link);
}
