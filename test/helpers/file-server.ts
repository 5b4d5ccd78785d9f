/**
 * A tiny HTTP server on 127.0.0.1 for Node tests that fetch real URLs (catalogs, artifacts):
 * bodies by path from a Map the test fills, 404 for anything else, each with an ETag of its
 * content as static hosts send one; HEAD answers headers only. Test-only, in test/.
 */
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';

/** A running file server: `files` by path, `base` its origin, `close()` to stop it. */
export interface FileServer {
  files: Map<string, Uint8Array | string>;
  /** The paths asked for, in order, a HEAD request's as `HEAD <path>` (a test may empty it). */
  requests: string[];
  base: string;
  close(): Promise<void>;
}

/** Starts a server answering `files` (path -> body) with `contentType` when given. */
export async function startFileServer(contentType?: string): Promise<FileServer> {
  const files = new Map<string, Uint8Array | string>();
  const requests: string[] = [];
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    requests.push(req.method === 'HEAD' ? `HEAD ${path}` : path);
    const body = files.get(path);
    if (body === undefined) return void res.writeHead(404).end();
    const etag = `"${createHash('sha256').update(body).digest('hex').slice(0, 16)}"`;
    // Node sends no body for a HEAD request.
    res.writeHead(200, { etag, ...(contentType ? { 'content-type': contentType } : {}) }).end(body);
  });
  return { files, requests, ...(await listenLocal(server)) };
}

/** Starts `server` on a free port of 127.0.0.1: its origin, and `close()` to stop it. */
export async function listenLocal(server: Server): Promise<{ base: string; close(): Promise<void> }> {
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const address = server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return { base, close: () => new Promise<void>((ok) => server.close(() => ok())) };
}
