/**
 * The watchdog against a real HTTP server on 127.0.0.1 that holds connections: before the headers,
 * half-way through a body whose Content-Length promises more, and a slow body that never stops
 * for long (which must arrive whole).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCodes } from '../errors.ts';
import { watchStalls } from './stall-watch.ts';

const STALL_MS = 300;
let server: Server;
let base = '';
const held: (() => void)[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/no-headers') {
      held.push(() => res.destroy());
      return;
    }
    if (req.url === '/half-body') {
      res.writeHead(200, { 'content-length': '2000' });
      res.write(Buffer.alloc(1000, 1));
      held.push(() => res.destroy());
      return;
    }
    if (req.url === '/slow-body') {
      // 8 chunks, one every STALL_MS / 3: 800 ms in all, never a gap the watchdog counts as a stall.
      res.writeHead(200, { 'content-length': '800' });
      let sent = 0;
      const tick = setInterval(() => {
        res.write(Buffer.alloc(100, 2));
        sent += 1;
        if (sent === 8) {
          clearInterval(tick);
          res.end();
        }
      }, STALL_MS / 3);
      return;
    }
    res.writeHead(200, { 'content-type': 'text/plain' }).end('whole');
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const release of held) release();
  server.closeAllConnections();
  await new Promise((done) => server.close(done));
});

describe('watchStalls', () => {
  const { fetch } = watchStalls(globalThis.fetch, STALL_MS);

  it('abandons a request that gets no headers, naming the URL', async () => {
    const t0 = performance.now();
    const err = await fetch(`${base}/no-headers`).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: ErrorCodes.NETWORK_STALLED });
    expect(String((err as Error).message)).toContain(`${base}/no-headers sent no bytes for 0.3 s`);
    expect(performance.now() - t0).toBeLessThan(STALL_MS * 10);
  });

  it('abandons a body that stops half-way', async () => {
    const response = await fetch(`${base}/half-body`);
    expect(response.status).toBe(200);
    expect(response.url).toBe(`${base}/half-body`);
    const err = await response.arrayBuffer().catch((e: unknown) => e);
    expect(err).toMatchObject({ code: ErrorCodes.NETWORK_STALLED });
  });

  it('lets a slow body that never pauses for the limit arrive whole', async () => {
    const response = await fetch(`${base}/slow-body`);
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect(bytes.byteLength).toBe(800);
    expect(bytes.every((b) => b === 2)).toBe(true);
  });

  it('does not count the time a response waits unread', async () => {
    const response = await fetch(`${base}/whole`);
    await new Promise((done) => setTimeout(done, STALL_MS * 2));
    expect(await response.text()).toBe('whole');
    expect(response.headers.get('content-type')).toBe('text/plain');
  });

  it("keeps the caller's own abort as the reason", async () => {
    const controller = new AbortController();
    const pending = fetch(`${base}/no-headers`, { signal: controller.signal });
    controller.abort(new Error('caller gave up'));
    await expect(pending).rejects.toThrow('caller gave up');
  });

  it('reads the limit when each request starts', async () => {
    const watched = watchStalls(globalThis.fetch, 60_000);
    watched.stallMs = STALL_MS;
    await expect(watched.fetch(`${base}/no-headers`)).rejects.toMatchObject({ code: ErrorCodes.NETWORK_STALLED });
  });
});
