/**
 * Reading the catalog in Node through the browser's own loader (`loadCatalog`): the same JSON /
 * JSON Lines detection, byte-order-mark handling and bad-line markers. A local path or `file:`
 * URL is read from disk and handed to it as a response; `http(s):` goes through Node's `fetch`.
 */
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ArtifactCatalog } from '../artifact/format.ts';
import { type LoadOptions, loadCatalog } from '../catalog/load.ts';
import { sha256Hex } from '../digest/sha256.ts';

const REMOTE = /^https?:\/\//i;

/**
 * Raw catalog items from a path, a `file:` URL or an `http(s):` URL, and the SHA-256 and length of
 * the bytes they were parsed from (the manifest's `catalog` field: a browser that fetches the same
 * bytes can trust the artifact's content hashes before computing its own). Throws `CATALOG_UNREADABLE`.
 */
export async function readCatalog(source: string, signal?: AbortSignal): Promise<{ raw: unknown[]; catalog?: ArtifactCatalog }> {
  const read: { bytes?: Uint8Array } = {};
  const raw = await readRaw(source, {
    ...(signal ? { signal } : {}),
    onBytes: (bytes) => {
      read.bytes = bytes;
    },
  });
  // loadCatalog hands over the bytes of every source it fetches, which a string source always is.
  if (!read.bytes) return { raw };
  return { raw, catalog: { sha256: await sha256Hex(read.bytes), bytes: read.bytes.byteLength } };
}

function readRaw(source: string, opts: LoadOptions): Promise<unknown[]> {
  if (REMOTE.test(source)) return loadCatalog(source, opts);
  const path = source.startsWith('file:') ? fileURLToPath(source) : source;
  return loadCatalog(path, {
    ...opts,
    fetch: async () => {
      const body = await readFile(path);
      // The loader picks JSON Lines by extension or content type; a local file has only the former.
      const type = /^\.(jsonl|ndjson)$/i.test(extname(path)) ? 'application/jsonl' : 'application/json';
      return new Response(body, { headers: { 'content-type': type } });
    },
  });
}
