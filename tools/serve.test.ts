/**
 * The static server (tools/serve.ts) on a temp folder with secrets beside and above it. Requests
 * are written raw on a socket: fetch() and node:http's URL handling would normalise `..` and
 * encodings before they reach the server, which is exactly what an attacker does not do.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type StaticServer, serve } from './serve.ts';

interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/** Sends `method target HTTP/1.1` exactly as written and reads the whole response. */
function raw(server: StaticServer, target: string, method = 'GET', host = '127.0.0.1', headers = ''): Promise<RawResponse> {
  return new Promise((ok, fail) => {
    const socket = connect(Number(new URL(server.url).port), host);
    const chunks: Buffer[] = [];
    socket.on('data', (d: Buffer) => chunks.push(d));
    socket.on('error', fail);
    socket.on('end', () => {
      const all = Buffer.concat(chunks);
      const split = all.indexOf('\r\n\r\n');
      const [statusLine, ...lines] = all.subarray(0, split).toString('latin1').split('\r\n');
      const headers: Record<string, string> = {};
      for (const line of lines) headers[line.slice(0, line.indexOf(':')).toLowerCase()] = line.slice(line.indexOf(':') + 1).trim();
      let body: Buffer = all.subarray(split + 4);
      if (headers['transfer-encoding'] === 'chunked') body = dechunk(body);
      ok({ status: Number(statusLine!.split(' ')[1]), headers, body });
    });
    socket.write(`${method} ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n${headers}\r\n`);
  });
}

function dechunk(data: Buffer): Buffer {
  const out: Buffer[] = [];
  let at = 0;
  for (;;) {
    const eol = data.indexOf('\r\n', at);
    const size = Number.parseInt(data.subarray(at, eol).toString('latin1'), 16);
    if (!size) return Buffer.concat(out);
    out.push(data.subarray(eol + 2, eol + 2 + size));
    at = eol + 2 + size + 2;
  }
}

const SECRET = `secret-${process.pid}-${Date.now()}`;
/** A compressible "WASM" file: 64 KiB of a repeating pattern. */
const WASM = Buffer.from(Array.from({ length: 65_536 }, (_, i) => (i * 7) % 251));
const base = mkdtempSync(join(tmpdir(), 'inpage-rec-serve-'));
let isolated: StaticServer;
let plain: StaticServer;

beforeAll(async () => {
  const files: Record<string, string> = {
    'site/index.html': '<p>root index</p>',
    'site/app.js': 'export const x = 1;',
    'site/model.onnx': 'onnx bytes',
    'site/ort.wasm': 'wasm bytes',
    'site/big.wasm': WASM.toString('latin1'),
    'site/big.wasm.br': brotliCompressSync(WASM).toString('latin1'),
    'site/big.wasm.gz': gzipSync(WASM).toString('latin1'),
    'site/gz-only.js': 'export const y = 2;',
    'site/gz-only.js.gz': gzipSync('export const y = 2;').toString('latin1'),
    'site/items.jsonl': '{"id":1}\n{"id":2}\n',
    'site/catalog.json': '[]',
    'site/with space.txt': 'spaced',
    'site/shop/index.html': '<p>shop index</p>',
    'pages/page.html': '<p>mounted page</p>',
    // A sibling whose name starts with the root's: `startsWith(root)` would let it through.
    'site-secret/secret.txt': SECRET,
    'secret.txt': SECRET,
    'pages-secret/secret.txt': SECRET,
  };
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(base, path, '..'), { recursive: true });
    writeFileSync(join(base, path), text, 'latin1');
  }
  const options = { root: join(base, 'site'), mounts: { '/e2e/': join(base, 'pages') } };
  isolated = await serve({ ...options, isolated: true });
  plain = await serve({ ...options, isolated: false });
});

afterAll(async () => {
  await isolated?.close();
  await plain?.close();
  rmSync(base, { recursive: true, force: true });
});

describe('serve: path traversal', () => {
  const attacks = [
    '/../secret.txt',
    '/../site-secret/secret.txt',
    '/./../site-secret/secret.txt',
    '/%2e%2e/secret.txt',
    '/%2E%2E/site-secret/secret.txt',
    '/.%2e/site-secret/secret.txt',
    '/..%2Fsecret.txt',
    '/..%2fsite-secret%2fsecret.txt',
    '/..%2Fsite-secret/secret.txt',
    '/%2e%2e%2fsecret.txt',
    '/%2e%2e%2f%2e%2e%2fsecret.txt',
    '/%2E%2E%2Fsite-secret%2Fsecret.txt',
    '/..\\secret.txt',
    '/..\\site-secret\\secret.txt',
    '/..%5csecret.txt',
    '/..%5Csite-secret%5Csecret.txt',
    '/%252e%252e/secret.txt',
    '/%252e%252e%252fsecret.txt',
    '/..%252fsite-secret%252fsecret.txt',
    '/shop/../../secret.txt',
    '/shop/..%2F..%2Fsecret.txt',
    '//..%2f..%2fsecret.txt',
    '/e2e/../../secret.txt',
    '/e2e/..%2Fsecret.txt',
    '/e2e/..%2F..%2Fsecret.txt',
    '/e2e/%2e%2e%2fpages-secret%2fsecret.txt',
    '/e2e/..%2Fpages-secret%2Fsecret.txt',
    '/e2e/..%5cpages-secret%5csecret.txt',
    '/e2e/%252e%252e%252fpages-secret%252fsecret.txt',
    'http://127.0.0.1/../site-secret/secret.txt',
    // Deep and absolute: the secret's absolute path, from far above the root.
    `/${'..%2F'.repeat(24)}${encodeURIComponent(join(base, 'secret.txt').slice(1))}`,
    `/${'../'.repeat(24)}${join(base, 'site-secret', 'secret.txt').slice(1)}`,
    `/${'%2e%2e/'.repeat(24)}${join(base, 'site-secret', 'secret.txt').slice(1)}`,
  ];

  it.each(attacks)('refuses %s', async (target) => {
    for (const server of [isolated, plain]) {
      const res = await raw(server, target);
      expect([403, 404], `${target}: HTTP ${res.status}`).toContain(res.status);
      expect(res.body.toString('latin1')).not.toContain(SECRET);
    }
  });

  it('the secrets exist, so a refusal above is the server refusing (not a missing file)', async () => {
    // The same bytes are served when the folder holding them is the root.
    const outside = await serve({ root: base });
    try {
      for (const path of ['/secret.txt', '/site-secret/secret.txt', '/pages-secret/secret.txt']) {
        expect((await raw(outside, path)).body.toString()).toBe(SECRET);
      }
    } finally {
      await outside.close();
    }
  });

  it('answers a malformed percent-encoding with 400 and keeps serving', async () => {
    expect((await raw(isolated, '/%E0%A4%A.txt')).status).toBe(400);
    expect((await raw(isolated, '/app.js')).status).toBe(200);
  });
});

describe('serve: files and headers', () => {
  it.each([
    ['/app.js', 'text/javascript; charset=utf-8', 'export const x = 1;'],
    ['/model.onnx', 'application/octet-stream', 'onnx bytes'],
    ['/ort.wasm', 'application/wasm', 'wasm bytes'],
    ['/items.jsonl', 'application/x-ndjson; charset=utf-8', '{"id":1}\n{"id":2}\n'],
    ['/catalog.json', 'application/json; charset=utf-8', '[]'],
    ['/', 'text/html; charset=utf-8', '<p>root index</p>'],
    ['/index.html', 'text/html; charset=utf-8', '<p>root index</p>'],
    ['/shop/', 'text/html; charset=utf-8', '<p>shop index</p>'],
    ['/e2e/page.html', 'text/html; charset=utf-8', '<p>mounted page</p>'],
    ['/with%20space.txt', 'text/plain', 'spaced'],
  ])('%s: %s', async (target, type, body) => {
    const res = await raw(isolated, target);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe(type);
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.headers['content-length']).toBe(String(Buffer.byteLength(body)));
    expect(res.body.toString()).toBe(body);
  });

  it('404s a missing file, also under a mount', async () => {
    expect((await raw(isolated, '/nope.js')).status).toBe(404);
    expect((await raw(isolated, '/e2e/nope.html')).status).toBe(404);
    // The mount folder's files are not reachable from the root, nor the root's from the mount.
    expect((await raw(isolated, '/page.html')).status).toBe(404);
    expect((await raw(isolated, '/e2e/app.js')).status).toBe(404);
  });

  it('HEAD sends the headers without a body', async () => {
    const res = await raw(isolated, '/model.onnx', 'HEAD');
    expect(res.status).toBe(200);
    expect(res.headers['content-length']).toBe('10');
    expect(res.body.length).toBe(0);
  });

  it('isolated: COOP, COEP and CORP; plain: none of them', async () => {
    const on = await raw(isolated, '/app.js');
    expect(on.headers['cross-origin-opener-policy']).toBe('same-origin');
    expect(on.headers['cross-origin-embedder-policy']).toBe('require-corp');
    expect(on.headers['cross-origin-resource-policy']).toBe('same-origin');
    const off = await raw(plain, '/app.js');
    expect(off.status).toBe(200);
    expect(off.headers['cross-origin-opener-policy']).toBeUndefined();
    expect(off.headers['cross-origin-embedder-policy']).toBeUndefined();
    expect(off.headers['cross-origin-resource-policy']).toBeUndefined();
  });

  it('counts hits per decoded path, including misses', async () => {
    const server = await serve({ root: join(base, 'site') });
    try {
      await raw(server, '/app.js');
      await raw(server, '/app.js?v=2');
      await raw(server, '/with%20space.txt');
      await raw(server, '/nope.js');
      expect(Object.fromEntries(server.hits)).toEqual({ '/app.js': 2, '/with space.txt': 1, '/nope.js': 1 });
    } finally {
      await server.close();
    }
  });

  it('listens on 127.0.0.1 only', async () => {
    expect(isolated.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    // 127.0.0.2 is also the loopback device: a server bound to 0.0.0.0 would answer there.
    await expect(raw(isolated, '/app.js', 'GET', '127.0.0.2')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('rejects a mount prefix without slashes around it', async () => {
    await expect(serve({ root: base, mounts: { '/e2e': base } })).rejects.toThrow(/start and end with/);
  });
});

describe('serve: precompressed siblings', () => {
  const accept = (encodings: string) => `Accept-Encoding: ${encodings}\r\n`;

  it('sends the .br sibling to a browser that accepts brotli, with the file type and Vary', async () => {
    const res = await raw(isolated, '/big.wasm', 'GET', '127.0.0.1', accept('gzip, deflate, br, zstd'));
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['content-type']).toBe('application/wasm');
    expect(res.headers.vary).toBe('Accept-Encoding');
    expect(res.headers['cross-origin-resource-policy']).toBe('same-origin');
    expect(Number(res.headers['content-length'])).toBeLessThan(WASM.length / 10);
    const { brotliDecompressSync } = await import('node:zlib');
    expect(brotliDecompressSync(res.body).equals(WASM)).toBe(true);
  });

  it('sends .gz when only gzip is accepted or only a .gz exists; the file itself otherwise', async () => {
    const gz = await raw(isolated, '/big.wasm', 'GET', '127.0.0.1', accept('gzip'));
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).equals(WASM)).toBe(true);
    const only = await raw(isolated, '/gz-only.js', 'GET', '127.0.0.1', accept('br, gzip'));
    expect(only.headers['content-encoding']).toBe('gzip');
    expect(only.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(gunzipSync(only.body).toString()).toBe('export const y = 2;');
    const identity = await raw(isolated, '/big.wasm');
    expect(identity.headers['content-encoding']).toBeUndefined();
    expect(identity.body.equals(WASM)).toBe(true);
  });

  it('compress: false sends every file as is', async () => {
    const server = await serve({ root: join(base, 'site'), compress: false });
    try {
      const res = await raw(server, '/big.wasm', 'GET', '127.0.0.1', accept('br, gzip'));
      expect(res.headers['content-encoding']).toBeUndefined();
      expect(res.body.equals(WASM)).toBe(true);
    } finally {
      await server.close();
    }
  });

  it('counts the bytes it sent per path, headers included', async () => {
    const server = await serve({ root: join(base, 'site') });
    try {
      const br = await raw(server, '/big.wasm', 'GET', '127.0.0.1', accept('br'));
      const plain = await raw(server, '/app.js');
      const sent = Object.fromEntries(server.bytesSent);
      expect(sent['/big.wasm']).toBeGreaterThan(br.body.length);
      expect(sent['/big.wasm']).toBeLessThan(br.body.length + 1024);
      expect(sent['/app.js']).toBeGreaterThan(plain.body.length);
    } finally {
      await server.close();
    }
  });
});
