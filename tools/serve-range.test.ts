/**
 * The static server (tools/serve.ts) under requests that used to end its process: a `Range` it
 * cannot satisfy (a huge end made sirv throw from `createReadStream`) and a file that cannot be
 * opened. Each gets its own answer and the next request is served. Valid ranges are served as
 * before.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { byteRange, type StaticServer, serve } from './serve.ts';

const root = mkdtempSync(join(tmpdir(), 'inpage-rec-serve-range-'));
let server: StaticServer;
let socket: Server;

beforeAll(async () => {
  writeFileSync(join(root, 'digits.txt'), '0123456789');
  writeFileSync(join(root, 'empty.bin'), '');
  // A Unix socket is a file sirv finds but cannot open (ENXIO), after it has sent the headers.
  socket = createServer();
  await new Promise<void>((done) => socket.listen(join(root, 'socket'), done));
  server = await serve({ root, compress: false });
});

afterAll(async () => {
  await server?.close();
  await new Promise<void>((done) => (socket ? socket.close(() => done()) : done()));
  rmSync(root, { recursive: true, force: true });
});

async function get(path: string, range?: string): Promise<{ status: number; contentRange: string | null; body: string }> {
  const res = await fetch(`${server.url}${path}`, range === undefined ? {} : { headers: { range } });
  return { status: res.status, contentRange: res.headers.get('content-range'), body: await res.text() };
}

describe('serve: Range requests', () => {
  it('answers 416 with bytes */SIZE to a malformed or unsatisfiable range, and keeps serving', async () => {
    const refused = [
      'bytes=0-99999999999999999999',
      'bytes=99999999999999999999-',
      'bytes=5-2',
      'bytes=10-',
      'bytes=-0',
      'bytes=abc',
      'bytes=-',
      'items=0-1',
      'bytes=0-1,4-5',
      '',
    ];
    for (const range of refused) {
      expect(await get('/digits.txt', range), range).toEqual({ status: 416, contentRange: 'bytes */10', body: '' });
      expect((await get('/digits.txt')).body, `after ${range}`).toBe('0123456789');
    }
    expect(await get('/empty.bin', 'bytes=0-')).toMatchObject({ status: 416, contentRange: 'bytes */0' });
  });

  it('serves valid ranges as before: an end past the file is cut to it, bytes=-N is the last N', async () => {
    expect(await get('/digits.txt', 'bytes=2-4')).toEqual({ status: 206, contentRange: 'bytes 2-4/10', body: '234' });
    expect(await get('/digits.txt', 'bytes=7-')).toEqual({ status: 206, contentRange: 'bytes 7-9/10', body: '789' });
    expect(await get('/digits.txt', 'bytes=-3')).toEqual({ status: 206, contentRange: 'bytes 7-9/10', body: '789' });
    expect(await get('/digits.txt', 'bytes=-30')).toEqual({ status: 206, contentRange: 'bytes 0-9/10', body: '0123456789' });
    expect(await get('/digits.txt', 'bytes=3-999')).toEqual({ status: 206, contentRange: 'bytes 3-9/10', body: '3456789' });
    expect(await get('/digits.txt')).toMatchObject({ status: 200, contentRange: null, body: '0123456789' });
  });

  it('byteRange follows RFC 9110 for one range and refuses the rest', () => {
    expect(byteRange('bytes=0-0', 5)).toEqual({ start: 0, end: 0 });
    expect(byteRange(' Bytes = 1 - 2 ', 5)).toEqual({ start: 1, end: 2 });
    expect(byteRange('bytes=-9007199254740991', 5)).toEqual({ start: 0, end: 4 });
    expect(byteRange('bytes=0-9007199254740992', 5)).toBeUndefined();
    expect(byteRange('bytes=-1', 0)).toBeUndefined();
  });
});

describe('serve: a request whose handler fails', () => {
  it('fails alone: the server answers the next request', async () => {
    const failed = await get('/socket').then(
      (r) => r.status,
      () => 'connection cut',
    );
    expect([500, 'connection cut']).toContain(failed);
    expect((await get('/digits.txt')).body).toBe('0123456789');
  });
});
