/**
 * The retrieval endpoint on Node's `http` (what `inpage-rec serve` runs): each request becomes a
 * fetch `Request` for the handler (handler.ts), its client named by the socket's address for the
 * rate limit, and the handler's `Response` is written back. Node's modules are loaded when `listen`
 * is called, so the package's server entry (index.ts) also loads where there is no `node:http`.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { RequestHandler } from './handler.ts';

/** A listening endpoint: its URL (with the path), Node's server, and how to stop it. */
export interface RunningServer {
  url: string;
  server: Server;
  close(): Promise<void>;
}

/**
 * Serves `handler` on Node's `http` at `host`:`port` (0: any free port; default 127.0.0.1:0);
 * `path` is where it answers (default `/`; others: 404). Resolves once it is listening.
 */
export async function listen(handler: RequestHandler, { host = '127.0.0.1', port = 0, path = '/' } = {}): Promise<RunningServer> {
  const { createServer } = await import('node:http');
  const { Readable } = await import('node:stream');
  const toWeb = (req: IncomingMessage) => Readable.toWeb(req) as ReadableStream<Uint8Array>;
  const server = createServer((req, res) => {
    void respond(handler, path, req, res, toWeb).catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
      else res.destroy();
    });
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(port, host, ok);
  });
  const address = server.address();
  const bound = typeof address === 'object' && address ? address.port : port;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${bound}${path}`,
    server,
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}

async function respond(
  handler: RequestHandler,
  path: string,
  req: IncomingMessage,
  res: ServerResponse,
  toWeb: (req: IncomingMessage) => ReadableStream<Uint8Array>,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (url.pathname !== path) {
    res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"code":"NOT_FOUND","message":"no such endpoint"}}');
    return;
  }
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value === 'string') headers.set(name, value);
  }
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
  const request = new Request(url, {
    method: req.method ?? 'GET',
    headers,
    ...(hasBody ? { body: toWeb(req), duplex: 'half' } : {}),
  } as RequestInit);
  const response = await handler(request, req.socket.remoteAddress ?? 'unknown');
  res.writeHead(response.status, Object.fromEntries(response.headers));
  // A body the handler did not read (too large) is not waited for, once the answer is out.
  res.end(Buffer.from(await response.arrayBuffer()), () => {
    if (!req.readableEnded) req.destroy();
  });
}
