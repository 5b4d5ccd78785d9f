/**
 * The static file server for the demo, the end-to-end tests and the browser benchmarks, on sirv
 * (the file lookup, containment check, range requests and streaming are sirv's; this file adds
 * mounts, headers and request and byte counters). Listens on 127.0.0.1 only. With `isolated`, it
 * sends COOP/COEP/CORP so the page is cross-origin isolated and WASM may use threads; without, it
 * behaves like a typical third-party embed host. It sends a file's precompressed `.br` or `.gz`
 * sibling (written by tools/build.ts and `inpage-rec assets`) when the request accepts that
 * encoding, as nginx `brotli_static`/`gzip_static` do: a first visit of the demo is ~11 MB instead
 * of ~35 MB (bench/transfer.ts).
 *
 *   tsx tools/serve.ts [--root dist] [--port 5173] [--no-isolation] [--no-compress]
 */
import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import sirv from 'sirv';

/**
 * Content types by extension, applied over sirv's own table (mrmime): it has no entry for `.onnx`
 * or `.jsonl`, and text types get an explicit charset.
 */
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
  /** Bytes written to the network per path, headers included (bench/transfer.ts reads it). */
  bytesSent: Map<string, number>;
}

export interface ServeOptions {
  /** The folder served at `/`. */
  root: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Send COOP/COEP/CORP, so pages are cross-origin isolated. */
  isolated?: boolean;
  /** Further folders by URL prefix, e.g. `{ '/e2e/': 'e2e/pages' }`; a prefix starts and ends with `/`. */
  mounts?: Record<string, string>;
  /** Send precompressed `.br`/`.gz` siblings to requests that accept them (default true). */
  compress?: boolean;
}

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** One sirv handler for `dir`: files are looked up per request (they may appear after start). */
function folder(dir: string, isolated: boolean, compress: boolean): Handler {
  const handle = sirv(resolve(dir), {
    // dev: look files up on every request instead of listing the folder once at start-up.
    dev: true,
    etag: false,
    // `file.br` for `Accept-Encoding: br`, else `file.gz` for gzip, else the file; with `Vary`.
    brotli: compress,
    gzip: compress,
    setHeaders(res, pathname) {
      // A path ending in `/` is answered with its folder's index.html. The type is the requested
      // file's, also when its `.br`/`.gz` sibling is sent.
      const type = TYPES[pathname.endsWith('/') ? '.html' : extname(pathname)];
      if (type) res.setHeader('content-type', type);
      // Revalidate every time: tests and benches rebuild dist/ between runs.
      res.setHeader('cache-control', 'no-cache');
      if (isolated) {
        res.setHeader('cross-origin-opener-policy', 'same-origin');
        res.setHeader('cross-origin-embedder-policy', 'require-corp');
        res.setHeader('cross-origin-resource-policy', 'same-origin');
      }
    },
    onNoMatch: (_req, res) => void res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found'),
  });
  return (req, res) => handle(req, res);
}

/** Starts serving `root` (and `mounts`) on 127.0.0.1. */
export async function serve(options: ServeOptions): Promise<StaticServer> {
  const isolated = options.isolated ?? false;
  const compress = options.compress ?? true;
  const mounts = Object.entries(options.mounts ?? {})
    .map(([prefix, dir]) => {
      if (!prefix.startsWith('/') || !prefix.endsWith('/')) throw new Error(`mount prefix must start and end with "/": ${prefix}`);
      return { prefix, handle: folder(dir, isolated, compress) };
    })
    .sort((a, b) => b.prefix.length - a.prefix.length);
  const root = folder(options.root, isolated, compress);
  const hits = new Map<string, number>();
  const bytesSent = new Map<string, number>();
  const server = createServer((req, res) => {
    // Keep-alive sockets carry many responses: count what this one added.
    const before = req.socket.bytesWritten;
    let key = req.url ?? '';
    res.once('finish', () => bytesSent.set(key, (bytesSent.get(key) ?? 0) + req.socket.bytesWritten - before));
    // The WHATWG parser resolves `.`/`..` segments (also as %2e) and `\` like a browser does, so the
    // path that picks a mount is the one a browser would have sent; sirv then decodes it and keeps
    // the file inside the folder.
    let url: URL;
    let path: string;
    try {
      // Origin-form (`/path`) is resolved against our origin by concatenation: as a reference,
      // `//x/y` would name a host `x`. Absolute-form (`http://host/path`) is parsed as is.
      const target = req.url ?? '/';
      url = new URL(target.startsWith('/') ? `http://127.0.0.1${target}` : target);
      path = decodeURIComponent(url.pathname);
    } catch {
      hits.set(req.url ?? '', (hits.get(req.url ?? '') ?? 0) + 1);
      res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' }).end('malformed URL');
      return;
    }
    key = path;
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const mount = mounts.find((m) => url.pathname.startsWith(m.prefix));
    req.url = (mount ? `/${url.pathname.slice(mount.prefix.length)}` : url.pathname) + url.search;
    (mount?.handle ?? root)(req, res);
  });
  return new Promise<StaticServer>((ok, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      ok({
        url: `http://127.0.0.1:${port}`,
        hits,
        bytesSent,
        close: () =>
          new Promise((done) => {
            server.close(() => done());
            // Browsers keep connections alive; without this, close() waits for them to time out.
            server.closeAllConnections();
          }),
      });
    });
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const arg = (name: string, fallback: string) => (args.includes(name) ? args[args.indexOf(name) + 1]! : fallback);
  const root = arg('--root', 'dist');
  const isolated = !args.includes('--no-isolation');
  const compress = !args.includes('--no-compress');
  const s = await serve({ root, port: Number(arg('--port', '5173')), isolated, compress });
  console.log(
    `serving ${root}/ on ${s.url}/ (${isolated ? '' : 'not '}cross-origin isolated, ${compress ? 'precompressed .br/.gz when accepted' : 'uncompressed'}); Ctrl+C to stop`,
  );
  // The root has no index page; the demo shop does.
  if (existsSync(join(root, 'demo', 'index.html'))) console.log(`demo shop: ${s.url}/demo/`);
}
