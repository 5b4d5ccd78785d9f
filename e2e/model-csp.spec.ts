/**
 * The encoder under the strict Content-Security-Policy of issue 11, sent with every response (page,
 * module worker, onnxruntime-web's .mjs and its thread workers): it loads the model and embeds real
 * text in the worker with one WASM thread (no cross-origin isolation) and with two (isolated, asked
 * for through the `threads` option: the default leaves one of this machine's two cores to the page).
 * Violations are collected from every source: the page's `securitypolicyviolation` events, console
 * messages of the page and every worker, and the policy's own `report-uri` reports, which the
 * browser sends for violations in any context.
 */
import { expect, test } from './fixtures.ts';
import { visit } from './model-pages.ts';
import { startFront } from './model-server.ts';

const CSP =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'";

for (const isolated of [false, true]) {
  test(`encoder loads and embeds under a strict CSP (${isolated ? 'cross-origin isolated, 2 threads' : 'not isolated, 1 thread'})`, async ({
    page,
    server,
    plainServer,
  }) => {
    const front = await startFront({
      upstream: (isolated ? server : plainServer).url,
      headers: { 'content-security-policy': `${CSP}; report-uri /csp-report` },
    });
    const consoleViolations: string[] = [];
    const watch = (where: string, text: string) => {
      if (/Content Security Policy|Refused to/i.test(text)) consoleViolations.push(`${where}: ${text}`);
    };
    page.on('console', (m) => watch('page', m.text()));
    page.on('worker', (w) => w.on('console', (m) => watch(`worker ${w.url()}`, m.text())));
    try {
      const outcome = await visit(page, front.url, `ns=csp&items=12${isolated ? '&threads=2' : ''}`);
      expect(outcome, outcome.message).toMatchObject({ ok: true, events: [] });
      expect(outcome.backend).toMatchObject({ device: 'wasm', threads: isolated ? 2 : 1 });
      expect(await page.evaluate(() => crossOriginIsolated)).toBe(isolated);
      // Real embeddings from the worker: 12 texts embedded by model runs, cosine-ranked neighbours.
      expect(outcome.embedded).toBe(12);
      expect(outcome.encoderRuns).toBeGreaterThan(0);
      expect(outcome.similar).toHaveLength(3);
      for (const r of outcome.similar!) expect(r.warming).toBe(false);
      expect(outcome.similar![0]!.score).toBeGreaterThan(outcome.similar![2]!.score - 1e-9);
      // The policy was really enforced on the page: an inline script is refused and reported.
      await page.evaluate(() => {
        const s = document.createElement('script');
        s.textContent = 'window.inlineRan = true';
        document.head.append(s);
      });
      await expect.poll(() => front.cspReports.length, { message: 'the probe violation is reported' }).toBe(1);
      expect(await page.evaluate(() => 'inlineRan' in window)).toBe(false);
      const probe = front.cspReports[0] as { 'csp-report': { 'effective-directive': string; 'blocked-uri': string } };
      expect(probe['csp-report']).toMatchObject({ 'effective-directive': 'script-src-elem', 'blocked-uri': 'inline' });
      // Besides the probe: nothing, from any context.
      expect(await page.evaluate(() => (window as unknown as { cspViolations: unknown[] }).cspViolations)).toHaveLength(1);
      expect(consoleViolations.filter((v) => !v.includes('inline'))).toEqual([]);
    } finally {
      await front.close();
    }
  });
}
