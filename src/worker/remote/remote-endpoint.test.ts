import { describe, expect, it } from 'vitest';
import { RemoteEndpoint } from './remote-endpoint.ts';

/** A fetch that ignores its abort signal and answers `status` after `ms`. */
const slowFetch =
  (ms: number, status: number): typeof fetch =>
  () =>
    new Promise((resolve) => setTimeout(() => resolve(new Response(JSON.stringify({ items: [] }), { status })), ms));

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('RemoteEndpoint', () => {
  it('counts a call once: an answer after the time limit is neither answered nor failed again', async () => {
    for (const status of [200, 503]) {
      const downs: string[] = [];
      const endpoint = new RemoteEndpoint('https://shop.test/rec', 20, (m) => downs.push(m), slowFetch(60, status));
      const result = await endpoint.post({ mode: 'forYou' });
      expect(result).toEqual({ ok: false, failure: { kind: 'down', message: 'no answer within 20 ms' } });
      await sleep(80); // the ignored request has answered by now
      expect(endpoint.counts).toEqual({ answered: 0, failed: 1 });
      expect(downs).toEqual(['no answer within 20 ms']);
    }
  });

  it('counts an answer in time, and a failure with its status', async () => {
    const ok = new RemoteEndpoint('https://shop.test/rec', 500, () => undefined, slowFetch(1, 200));
    expect(await ok.post({})).toEqual({ ok: true, body: { items: [] } });
    const failing = new RemoteEndpoint('https://shop.test/rec', 500, () => undefined, slowFetch(1, 503));
    expect(await failing.post({})).toMatchObject({ ok: false, failure: { kind: 'down', message: 'the endpoint answered HTTP 503' } });
    expect([ok.counts, failing.counts, failing.available]).toEqual([{ answered: 1, failed: 0 }, { answered: 0, failed: 1 }, false]);
  });
});
