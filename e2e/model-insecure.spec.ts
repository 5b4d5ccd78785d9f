/**
 * A plain-http page on a non-localhost host name (an insecure context): browsers withhold
 * `crypto.subtle` and the Cache API there. The model must still be verified (pure-JS SHA-256), a
 * truncated download still retried, and the encoder must work without a cache. The host name is
 * mapped to 127.0.0.1 inside this test's own Chromium; its network guard fails any other host.
 */
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../tools/browser.ts';
import { expect, test } from './fixtures.ts';
import { servedFile, visit } from './model-pages.ts';
import { startFront } from './model-server.ts';

const HOST = 'inpage-rec.test';
const ONNX = '/models/use-lite-en/onnx/model_quantized.onnx';

test('on an insecure (plain-http, non-localhost) page the model is verified without crypto.subtle and works without a cache', async ({
  plainServer,
}) => {
  const truncated = servedFile('onnx/model_quantized.onnx').subarray(0, 1_000_000);
  const front = await startFront({
    upstream: plainServer.url,
    fault: (path, n) =>
      path === ONNX && n === 0 ? { status: 200, body: truncated, headers: { 'content-type': 'application/octet-stream' } } : undefined,
  });
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    // No HTTPS upgrade attempt: the host serves plain http only.
    args: [
      ...CHROMIUM_ARGS,
      `--host-resolver-rules=MAP ${HOST} 127.0.0.1`,
      '--disable-features=HttpsUpgrades,HttpsFirstBalancedModeAutoEnable',
    ],
  });
  const external: string[] = [];
  try {
    const context = await browser.newContext();
    await context.route('**/*', (route) => {
      const url = new URL(route.request().url());
      if (url.protocol === 'data:' || url.protocol === 'blob:' || url.hostname === HOST) return route.continue();
      external.push(url.href);
      return route.abort();
    });
    const page = await context.newPage();
    const origin = front.url.replace('127.0.0.1', HOST);
    const outcome = await visit(page, origin, 'ns=insecure');
    expect(await page.evaluate(() => [isSecureContext, typeof crypto.subtle, typeof caches])).toEqual([false, 'undefined', 'undefined']);
    expect(outcome, outcome.message).toMatchObject({ ok: true, embedded: 12, events: [] });
    expect(outcome.encoderRuns).toBeGreaterThan(0);
    expect(front.hits.get(ONNX)).toBe(2); // the pure-JS hash caught the truncated body; the retry passed
    expect(external).toEqual([]);
  } finally {
    await browser.close();
    await front.close();
  }
});
