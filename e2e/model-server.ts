/**
 * A fault-injecting front for the e2e static server (the model tests' own server: tools/serve.ts is
 * shared and stays untouched). Every request is forwarded to the upstream server unless a fault
 * answers it first; extra headers (e.g. a Content-Security-Policy) are added to every response, and
 * CSP violation reports POSTed to `/csp-report` are collected, whichever context (page, worker)
 * raised them. A new front is a new port, so a new origin with empty storage.
 */
import { createServer, request, type Server } from 'node:http';

/**
 * What a fault answers instead of the upstream file; `drop` cuts the connection (a network error).
 * `hold: 'headers'` never answers; `hold: 'body'` sends the headers with the whole body's
 * Content-Length, then half the body, then holds the connection open (a stalled download).
 */
export interface FaultAnswer {
  drop?: boolean;
  hold?: 'headers' | 'body';
  status?: number;
  body?: Uint8Array | string;
  headers?: Record<string, string>;
}

/**
 * Decides per request: `n` is how many times this path was requested before (0 on the first),
 * `range` the request's Range header. A promise that resolves to undefined delays the request,
 * then forwards it.
 */
export type Fault = (path: string, n: number, range: string | undefined) => FaultAnswer | Promise<FaultAnswer | undefined> | undefined;

export interface ModelFront {
  url: string;
  /** Requests per path (faulted ones included). */
  hits: Map<string, number>;
  /** Parsed bodies of every CSP report received. */
  cspReports: unknown[];
  /** Replaces the fault (or clears it with `undefined`). */
  setFault(fault: Fault | undefined): void;
  close(): Promise<void>;
}

/** Starts a front on 127.0.0.1 forwarding to `upstream` (e.g. `http://127.0.0.1:1234`). */
export function startFront(options: { upstream: string; headers?: Record<string, string>; fault?: Fault }): Promise<ModelFront> {
  const upstream = new URL(options.upstream);
  const hits = new Map<string, number>();
  const cspReports: unknown[] = [];
  let fault = options.fault;
  const server: Server = createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const n = hits.get(path) ?? 0;
    hits.set(path, n + 1);
    if (path === '/csp-report' && req.method === 'POST') {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      try {
        cspReports.push(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      } catch {
        cspReports.push(Buffer.concat(chunks).toString('utf8'));
      }
      res.writeHead(204).end();
      return;
    }
    const answer = await fault?.(path, n, req.headers.range);
    if (answer?.drop) {
      req.socket.destroy();
      return;
    }
    if (answer?.hold === 'headers') return;
    if (answer) {
      const body = typeof answer.body === 'string' ? Buffer.from(answer.body) : (answer.body ?? Buffer.alloc(0));
      res.writeHead(answer.status ?? 200, { ...options.headers, 'content-length': String(body.length), ...answer.headers });
      if (answer.hold === 'body') res.write(body.subarray(0, body.length >> 1));
      else res.end(body);
      return;
    }
    const up = request(
      { host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: { ...req.headers, host: upstream.host } },
      (upRes) => {
        res.writeHead(upRes.statusCode ?? 502, { ...upRes.headers, ...options.headers });
        upRes.pipe(res);
      },
    );
    up.on('error', () => res.writeHead(502).end());
    req.pipe(up);
  });
  return new Promise((ok) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      ok({
        url: `http://127.0.0.1:${port}`,
        hits,
        cspReports,
        setFault: (f) => {
          fault = f;
        },
        close: () =>
          new Promise((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
