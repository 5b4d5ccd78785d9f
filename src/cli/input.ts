/**
 * Reading the catalog in Node through the browser's own loader (`loadCatalog`): the same JSON /
 * JSON Lines detection, byte-order-mark handling and bad-line markers. A local path or `file:`
 * URL is read from disk and handed to it as a response; `http(s):` goes through Node's `fetch`.
 */
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCatalog } from '../catalog/load.ts';

const REMOTE = /^https?:\/\//i;

/** Raw catalog items from a path, a `file:` URL or an `http(s):` URL. Throws `CATALOG_UNREADABLE`. */
export async function readCatalog(source: string, signal?: AbortSignal): Promise<unknown[]> {
  if (REMOTE.test(source)) return loadCatalog(source, signal ? { signal } : {});
  const path = source.startsWith('file:') ? fileURLToPath(source) : source;
  return loadCatalog(path, {
    ...(signal ? { signal } : {}),
    fetch: async () => {
      const body = await readFile(path);
      // The loader picks JSON Lines by extension or content type; a local file has only the former.
      const type = /^\.(jsonl|ndjson)$/i.test(extname(path)) ? 'application/jsonl' : 'application/json';
      return new Response(body, { headers: { 'content-type': type } });
    },
  });
}
