/**
 * Model integrity (issue 11, item 3): a corrupt download is dropped and fetched once more, never
 * cached; a file that stays corrupt fails loudly; corrupt entries already in the Cache API are never
 * used; a redeployed model at the same URL replaces the cached one. Faults come from a front server
 * (e2e/model-server.ts) on a new port per test, so each test starts with empty storage.
 */
import { createHash } from 'node:crypto';
import { expect, test } from './fixtures.ts';
import { cacheKeys, servedFile, servedManifest, visit } from './model-pages.ts';
import { startFront } from './model-server.ts';

const ONNX = '/models/use-lite-en/onnx/model_quantized.onnx';
const MANIFEST = '/models/use-lite-en/manifest.json';
const good = servedFile('onnx/model_quantized.onnx');
const expected = servedManifest().files['onnx/model_quantized.onnx']!;
const truncated = good.subarray(0, 1_000_000);
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const octet = { 'content-type': 'application/octet-stream' };

/** SHA-256 (hex) of the body the page's verified store holds under `key`. */
function cachedDigest(page: import('@playwright/test').Page, key: string): Promise<string | null> {
  return page.evaluate(async (k) => {
    const hit = await (await caches.open('inpage-rec-models')).match(k);
    if (!hit) return null;
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', await hit.arrayBuffer()));
    return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
  }, key);
}

test('a model truncated once (HTTP 200) is retried in the same visit, never cached, and the next visit loads from the verified cache', async ({
  page,
  plainServer,
}) => {
  expect(expected).toEqual({ size: good.length, sha256: sha256(good) });
  const front = await startFront({
    upstream: plainServer.url,
    fault: (path, n) => (path === ONNX && n === 0 ? { status: 200, body: truncated, headers: octet } : undefined),
  });
  try {
    const first = await visit(page, front.url, 'ns=first');
    expect(first, first.message).toMatchObject({ ok: true, embedded: 12, events: [] });
    expect(first.encoderRuns).toBeGreaterThan(0);
    expect(front.hits.get(ONNX)).toBe(2); // the truncated body, then the retry
    const key = `${front.url}${ONNX}?inpage-rec-sha256=${expected.sha256}`;
    const keys = await cacheKeys(page);
    expect(keys['inpage-rec-models']).toContain(key);
    expect(keys['inpage-rec-models']!.filter((k) => k.includes(ONNX))).toEqual([key]);
    expect(keys['transformers-cache'] ?? []).toEqual([]); // transformers.js's own, unverified store is unused
    expect(await cachedDigest(page, key)).toBe(expected.sha256);

    // A new namespace has no vectors, so the encoder loads again: from the cache, after a fresh manifest.
    const second = await visit(page, front.url, 'ns=second');
    expect(second, second.message).toMatchObject({ ok: true, embedded: 12, events: [] });
    expect(front.hits.get(ONNX)).toBe(2);
    expect(front.hits.get(MANIFEST)).toBe(2);
    expect(second.similar).toEqual(first.similar);
  } finally {
    await front.close();
  }
});

test('a model that stays corrupt fails with MODEL_FAILED naming the file, expected and actual size and hash; nothing is cached', async ({
  page,
  plainServer,
}) => {
  const front = await startFront({
    upstream: plainServer.url,
    fault: (path) => (path === ONNX ? { status: 200, body: truncated, headers: octet } : undefined),
  });
  try {
    const outcome = await visit(page, front.url, 'ns=corrupt');
    expect(outcome.ok).toBe(false);
    expect(outcome.code).toBe('MODEL_FAILED');
    for (const part of [`${front.url}${ONNX}`, `${expected.size} bytes`, expected.sha256, `${truncated.length} bytes`, sha256(truncated)])
      expect(outcome.message).toContain(part);
    expect(outcome.events).toEqual([{ code: 'MODEL_FAILED', message: outcome.message }]);
    expect(front.hits.get(ONNX)).toBe(2); // dropped and retried once, then given up
    const keys = await cacheKeys(page);
    expect(
      Object.values(keys)
        .flat()
        .filter((k) => k.includes(ONNX)),
    ).toEqual([]);
  } finally {
    await front.close();
  }
});

test('corrupt entries already in the Cache API (an old unverified one, a tampered verified one) are never used', async ({
  page,
  plainServer,
}) => {
  const front = await startFront({ upstream: plainServer.url });
  try {
    const url = `${front.url}${ONNX}`;
    const key = `${url}?inpage-rec-sha256=${expected.sha256}`;
    await page.goto(`${front.url}/e2e/model-blank.html`);
    await page.evaluate(
      async ({ url, key }) => {
        const good = new Uint8Array(await (await fetch(url)).arrayBuffer());
        // What the previous version left: transformers.js's store held a truncated body at the plain URL.
        await (await caches.open('transformers-cache')).put(url, new Response(good.slice(0, 1_000_000)));
        // A body that changed in storage under the right key: same size, one byte flipped.
        const tampered = good.slice();
        tampered[4096] = (tampered[4096] ?? 0) ^ 0xff;
        await (await caches.open('inpage-rec-models')).put(key, new Response(tampered));
      },
      { url, key },
    );
    const before = front.hits.get(ONNX) ?? 0;
    const outcome = await visit(page, front.url, 'ns=poisoned');
    expect(outcome, outcome.message).toMatchObject({ ok: true, embedded: 12, events: [] });
    expect(front.hits.get(ONNX)).toBe(before + 1); // neither entry was used: downloaded once, verified
    const keys = await cacheKeys(page);
    expect(keys['transformers-cache']).toEqual([]); // the old entry is deleted
    expect(keys['inpage-rec-models']!.filter((k) => k.includes(ONNX))).toEqual([key]);
    expect(await cachedDigest(page, key)).toBe(expected.sha256); // the tampered body was replaced
  } finally {
    await front.close();
  }
});

test('a redeployed model at the same URL replaces the cached one', async ({ page, plainServer }) => {
  const front = await startFront({ upstream: plainServer.url });
  try {
    const first = await visit(page, front.url, 'ns=v1');
    expect(first, first.message).toMatchObject({ ok: true });
    // The redeploy: other weights (the fp32 export) at the same URL, and a manifest saying so.
    const next = servedFile('onnx/model.onnx');
    const manifest = servedManifest();
    manifest.files['onnx/model_quantized.onnx'] = { size: next.length, sha256: sha256(next) };
    front.setFault((path) => {
      if (path === MANIFEST) return { status: 200, body: JSON.stringify(manifest), headers: { 'content-type': 'application/json' } };
      if (path === ONNX) return { status: 200, body: next, headers: octet };
      return undefined;
    });
    const second = await visit(page, front.url, 'ns=v2');
    expect(second, second.message).toMatchObject({ ok: true, embedded: 12, events: [] });
    expect(front.hits.get(ONNX)).toBe(2); // the cached old version was not used
    const keys = (await cacheKeys(page))['inpage-rec-models']!.filter((k) => k.includes(ONNX));
    expect(keys).toEqual([`${front.url}${ONNX}?inpage-rec-sha256=${sha256(next)}`]); // the old entry is gone
    // The new weights were really used: the same neighbours score differently.
    expect(second.similar!.map((r) => r.score)).not.toEqual(first.similar!.map((r) => r.score));
  } finally {
    await front.close();
  }
});

test('offline (the manifest request fails on the network), the model loads from the verified cache against the saved manifest', async ({
  page,
  plainServer,
}) => {
  const front = await startFront({ upstream: plainServer.url });
  try {
    const first = await visit(page, front.url, 'ns=online');
    expect(first, first.message).toMatchObject({ ok: true });
    front.setFault((path) => (path.startsWith('/models/') ? { drop: true } : undefined));
    const offline = await visit(page, front.url, 'ns=offline');
    expect(offline, offline.message).toMatchObject({ ok: true, embedded: 12, events: [] });
    expect(offline.similar).toEqual(first.similar);
    // Tried and cut off (Chromium itself retries a request whose reused connection was reset).
    expect(front.hits.get(MANIFEST)).toBeGreaterThanOrEqual(2);
    expect(front.hits.get(ONNX)).toBe(1); // only the first visit downloaded the model
    // An HTTP error is an answer, not an outage: it is never papered over with the saved copy.
    front.setFault((path) => (path === MANIFEST ? { status: 404, body: 'gone' } : undefined));
    const gone = await visit(page, front.url, 'ns=gone');
    expect(gone.code).toBe('MODEL_FAILED');
    expect(gone.message).toContain(`model manifest ${front.url}${MANIFEST} answered HTTP 404`);
  } finally {
    await front.close();
  }
});
