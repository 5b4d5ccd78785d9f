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
 * A request never stops the server: a `Range` header is checked here before sirv reads it (sirv
 * passes a huge end straight to `createReadStream`, which throws), and an error in a handler
 * answers 500 for that request alone (or cuts it when the body had begun).
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

/**
 * The bytes `start`-`end` (inclusive) a `Range` header asks of a `size`-byte file (RFC 9110: an end
 * past the file is cut to it; `bytes=-N` is the last N bytes), or undefined when none can be
 * served: a malformed header, several ranges (never sent by the pages here), a start past the
 * end, or a position past 2^53, which no file has and no number holds exactly.
 */
export function byteRange(header: string, size: number): { start: number; end: number } | undefined {
  const match = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header);
  if (!match || (match[1] === '' && match[2] === '')) return undefined;
  const first = match[1] === '' ? undefined : Number(match[1]);
  const last = match[2] === '' ? undefined : Number(match[2]);
  if ((first !== undefined && !Number.isSafeInteger(first)) || (last !== undefined && !Number.isSafeInteger(last))) return undefined;
  if (first === undefined) return last! > 0 && size > 0 ? { start: Math.max(0, size - last!), end: size - 1 } : undefined;
  if (first >= size || (last !== undefined && last < first)) return undefined;
  return { start: first, end: Math.min(last ?? size - 1, size - 1) };
}

/**
 * Rewrites a request's `Range` header into the plain `bytes=start-end` sirv parses correctly, or,
 * when no byte can be served, into `bytes=SIZE-`, which sirv answers with 416 and
 * `Content-Range: bytes *\/SIZE`. Called with the size of the file sirv chose to send. (sirv
 * still reads an end of 0 as "to the end", so `bytes=0-0` gets the whole file, as it always did.)
 */
function checkRange(req: IncomingMessage, size: number): void {
  const header = req.headers.range;
  if (header === undefined) return;
  const range = byteRange(header, size);
  req.headers.range = range ? `bytes=${range.start}-${range.end}` : `bytes=${size}-`;
}

/** Ends a request whose handler failed: a 500 when nothing was sent yet, else the connection is cut. */
function failed(res: ServerResponse, err: unknown): void {
  console.error(`serve: ${res.req.method} ${res.req.url}: ${err instanceof Error ? err.message : String(err)}`);
  if (res.headersSent) res.destroy();
  else res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end('internal error');
}

/** One sirv handler for `dir`: files are looked up per request (they may appear after start). */
function folder(dir: string, isolated: boolean, compress: boolean): Handler {
  const handle = sirv(resolve(dir), {
    // dev: look files up on every request instead of listing the folder once at start-up.
    dev: true,
    // W/"size-mtime" (mtime in ms), as static hosts send one: conditional requests get a 304, and
    // a page holding a catalog patch tells an edited catalog file by it (src/worker/catalog/catalog-patch.ts).
    etag: true,
    // `file.br` for `Accept-Encoding: br`, else `file.gz` for gzip, else the file; with `Vary`.
    brotli: compress,
    gzip: compress,
    setHeaders(res, pathname, stats) {
      checkRange(res.req, stats.size);
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
  return (req, res) => {
    // sirv pipes the file into the response without an error handler: a file that vanished or
    // cannot be opened (a socket, no permission) would be an uncaught error that ends the process.
    res.once('pipe', (source) => source.once('error', (err) => failed(res, err)));
    handle(req, res);
  };
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
    try {
      (mount?.handle ?? root)(req, res);
    } catch (err) {
      failed(res, err);
    }
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
