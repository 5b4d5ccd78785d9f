/**
 * A minimal static file server for the demo, the end-to-end tests and the browser benchmarks.
 * Listens on 127.0.0.1 only. With `isolated`, it sends COOP/COEP so the page is cross-origin
 * isolated and WASM may use threads; without, it behaves like a typical third-party embed host.
 *
 *   tsx tools/serve.ts [--root dist] [--port 5173] [--no-isolation]
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.jsonl': 'application/x-ndjson; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.wasm': 'application/wasm',
  '.onnx': 'application/octet-stream',
};

export interface StaticServer {
  url: string;
  close(): Promise<void>;
  /** How many requests each path received (tests use it to prove what was fetched). */
  hits: Map<string, number>;
}

/** Starts serving `root`; `port` 0 picks a free port. */
export function serve(options: {
  root: string;
  port?: number;
  isolated?: boolean;
  mounts?: Record<string, string>;
}): Promise<StaticServer> {
  const root = resolve(options.root);
  const mounts = Object.entries(options.mounts ?? {}).map(([prefix, dir]) => [prefix, resolve(dir)] as const);
  const hits = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const mount = mounts.find(([prefix]) => path.startsWith(prefix));
    const base = mount ? mount[1] : root;
    let file = normalize(join(base, mount ? path.slice(mount[0].length) : path));
    if (!file.startsWith(base)) {
      res.writeHead(403).end();
      return;
    }
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file)) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end(`not found: ${path}`);
      return;
    }
    const headers: Record<string, string> = {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'content-length': String(statSync(file).size),
      'cache-control': 'no-cache',
    };
    if (options.isolated) {
      headers['cross-origin-opener-policy'] = 'same-origin';
      headers['cross-origin-embedder-policy'] = 'require-corp';
      headers['cross-origin-resource-policy'] = 'same-origin';
    }
    res.writeHead(200, headers);
    if (req.method === 'HEAD') res.end();
    else createReadStream(file).pipe(res);
  });
  return new Promise((ok) => {
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      ok({ url: `http://127.0.0.1:${port}`, hits, close: () => new Promise((done) => server.close(() => done())) });
    });
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const arg = (name: string, fallback: string) => (args.includes(name) ? args[args.indexOf(name) + 1]! : fallback);
  const s = await serve({ root: arg('--root', 'dist'), port: Number(arg('--port', '5173')), isolated: !args.includes('--no-isolation') });
  console.log(`serving on ${s.url} (${args.includes('--no-isolation') ? 'not ' : ''}cross-origin isolated); Ctrl+C to stop`);
}
