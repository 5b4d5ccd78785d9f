/**
 * A strict Content-Security-Policy (issue 11): the demo and the script-tag page, served with
 *   default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; style-src 'self';
 *   img-src 'self' data:; connect-src 'self'
 * on every document and script (a worker's policy comes with its own script), plus a report-uri
 * that records violations from the page and its worker. The widget's part (styles without inline
 * <style>, its elements and scripts) must cause none; the model runtime's part is tested apart.
 */
import type { BrowserContext, Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';

const CSP =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'";

interface Violation {
  directive: string;
  blocked: string;
  source: string;
}

/** Serves documents and scripts with the CSP and collects violation reports (page and worker). */
async function strict(context: BrowserContext): Promise<Violation[]> {
  const violations: Violation[] = [];
  // Registered after the network guard, so it runs first; anything it does not handle falls back to the guard.
  await context.route('**/*', async (route) => {
    const req = route.request();
    const url = new URL(req.url());
    if (url.hostname !== '127.0.0.1') return route.fallback();
    if (url.pathname === '/csp-report') {
      const body = (req.postDataJSON() as { 'csp-report'?: Record<string, string> })?.['csp-report'] ?? {};
      violations.push({
        directive: body['violated-directive'] ?? '',
        blocked: body['blocked-uri'] ?? '',
        source: body['source-file'] ?? body['document-uri'] ?? '',
      });
      return route.fulfill({ status: 204 });
    }
    if (req.resourceType() !== 'document' && !/\.m?js$/.test(url.pathname)) return route.fallback();
    const response = await route.fetch();
    return route.fulfill({ response, headers: { ...response.headers(), 'content-security-policy': `${CSP}; report-uri /csp-report` } });
  });
  await context.addInitScript(() => {
    const w = window as unknown as { __csp: { directive: string; blocked: string; source: string }[] };
    w.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      w.__csp.push({ directive: e.violatedDirective, blocked: e.blockedURI, source: e.sourceFile || e.documentURI }),
    );
  });
  return violations;
}

/** The model runtime's own violations (onnxruntime-web importing its module from a blob: URL in the worker). */
const isModelRuntime = (v: Violation) =>
  v.blocked.startsWith('blob') || v.source.endsWith('inpage-rec.worker.js') || v.source.endsWith('inpage-rec.encoder.js');

async function allViolations(page: Page, reported: Violation[]): Promise<Violation[]> {
  await page.waitForTimeout(500); // reports are posted asynchronously
  const inPage = await page.evaluate(() => (window as unknown as { __csp: Violation[] }).__csp);
  return [...inPage, ...reported];
}

/** The widget is styled: the shared stylesheet's rules apply inside its shadow root. */
async function styled(page: Page, widget: string) {
  return page
    .locator(`${widget} li.item`)
    .first()
    .evaluate((li) => {
      const title = li.querySelector('.title')!;
      const root = li.getRootNode() as ShadowRoot;
      return {
        listDisplay: getComputedStyle(li.parentElement!).display,
        cardBorder: getComputedStyle(li).borderTopWidth,
        titleWeight: getComputedStyle(title).fontWeight,
        inlineStyles: root.querySelectorAll('style').length,
      };
    });
}

test('strict CSP: the demo and the script-tag page render styled widgets with no violation of their own', async ({
  context,
  server,
  plainServer,
}) => {
  const reported = await strict(context);
  const page = await context.newPage();
  await page.goto(`${server.url}/demo/`);
  await expect(page.locator('#for-you li.item')).toHaveCount(8, { timeout: 60_000 });
  expect(await styled(page, '#for-you')).toEqual({ listDisplay: 'grid', cardBorder: '1px', titleWeight: '600', inlineStyles: 0 });
  expect(await page.locator('#for-you').evaluate((el) => el.shadowRoot!.adoptedStyleSheets.length)).toBe(1);
  // The demo's own scripts ran (they are files, not inline): the shop grid is there.
  await expect(page.locator('#shop-grid li')).toHaveCount(30);
  await page.goto(`${server.url}/demo/product.html?id=nw-0317`);
  await expect(page.locator('#similar li.item')).toHaveCount(8, { timeout: 60_000 });
  await expect(page.locator('#product h1')).toHaveText(/Headlamp/);
  expect((await allViolations(page, reported)).filter((v) => !isModelRuntime(v))).toEqual([]);

  await page.goto(`${plainServer.url}/e2e/script-embed.html`);
  await expect(page.locator('#similar li.item')).toHaveCount(4, { timeout: 60_000 });
  expect(await styled(page, '#similar')).toMatchObject({ listDisplay: 'grid', cardBorder: '1px', titleWeight: '600', inlineStyles: 0 });
  expect((await allViolations(page, reported)).filter((v) => !isModelRuntime(v))).toEqual([]);
});

test('strict CSP without constructable stylesheets: the widget links inpage-rec.css and is still styled', async ({
  context,
  plainServer,
}) => {
  const reported = await strict(context);
  await context.addInitScript(() => {
    delete (Document.prototype as { adoptedStyleSheets?: unknown }).adoptedStyleSheets;
    delete (ShadowRoot.prototype as { adoptedStyleSheets?: unknown }).adoptedStyleSheets;
  });
  const page = await context.newPage();
  await page.goto(`${plainServer.url}/e2e/script-embed.html`);
  await expect(page.locator('#similar li.item')).toHaveCount(4, { timeout: 60_000 });
  expect(
    await page.locator('#similar').evaluate((el) => el.shadowRoot!.querySelector('link[rel=stylesheet]')?.getAttribute('href')),
  ).toMatch(/\/inpage-rec\.css$/);
  await expect
    .poll(() => styled(page, '#similar'))
    .toEqual({ listDisplay: 'grid', cardBorder: '1px', titleWeight: '600', inlineStyles: 0 });
  expect((await allViolations(page, reported)).filter((v) => !isModelRuntime(v))).toEqual([]);
});

test('strict CSP: the model loads in the worker and the catalog embeds, with no violation at all', async ({ context, plainServer }) => {
  const reported = await strict(context);
  const page = await context.newPage();
  await page.goto(`${plainServer.url}/e2e/script-embed.html`);
  await page.waitForFunction(() => 'inpageRec' in window);
  const phase = await page.evaluate(() =>
    Promise.race([
      (window as unknown as { inpageRec: { ready: Promise<{ phase: string }> } }).inpageRec.ready.then(
        (s) => s.phase,
        (e: Error) => `failed: ${e.message}`,
      ),
      new Promise<string>((ok) => setTimeout(() => ok('timeout'), 60_000)),
    ]),
  );
  expect(phase).toBe('ready');
  expect(await allViolations(page, reported)).toEqual([]);
});
