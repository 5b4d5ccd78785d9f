/**
 * Section "transfer": the bytes a first visit of the demo shop (dist/demo/, 659 items) actually
 * sends over the wire, with and without precompressed files. Each run is a fresh browser context
 * (empty cache and IndexedDB) on the project's server (tools/serve.ts), which counts the bytes it
 * writes to the socket per path, headers included (`bytesSent`); the encoding of each response is
 * read from its headers in the browser (Chromium sends `Accept-Encoding: gzip, deflate, br, zstd`).
 * The visit ends when `inpageRec.ready` resolves (every item embedded), so every model, WASM and
 * catalog byte is in.
 */
import { join } from 'node:path';
import { ROOT } from '../test/paths.ts';
import { launchChromium } from '../tools/browser.ts';
import { serve } from '../tools/serve.ts';

/** One path of a visit: bytes on the wire and the encoding it came with. */
export interface TransferFile {
  path: string;
  bytes: number;
  encoding: string;
}

/** One first visit. */
export interface TransferRun {
  /** Whether the server sent precompressed `.br`/`.gz` siblings. */
  compressed: boolean;
  requests: number;
  bytes: number;
  /** Every path, largest first. */
  files: TransferFile[];
}

/** Runs a first visit without and with compression. */
export async function runTransfer(opts: { log: (line: string) => void }) {
  const browser = await launchChromium();
  const runs: TransferRun[] = [];
  try {
    for (const compressed of [false, true]) {
      const server = await serve({ root: join(ROOT, 'dist'), isolated: true, compress: compressed });
      const context = await browser.newContext();
      try {
        const encodings = new Map<string, string>();
        context.on('response', (r) =>
          encodings.set(decodeURIComponent(new URL(r.url()).pathname), r.headers()['content-encoding'] ?? 'identity'),
        );
        const page = await context.newPage();
        await page.goto(`${server.url}/demo/`);
        await page.waitForFunction(() => 'inpageRec' in window, null, { timeout: 60_000 });
        await page.evaluate(() => (window as unknown as { inpageRec: { ready: Promise<unknown> } }).inpageRec.ready);
        const files = [...server.bytesSent]
          .map(([path, bytes]) => ({ path, bytes, encoding: encodings.get(path) ?? 'identity' }))
          .sort((a, b) => b.bytes - a.bytes);
        const run = {
          compressed,
          requests: [...server.hits.values()].reduce((s, n) => s + n, 0),
          bytes: files.reduce((s, f) => s + f.bytes, 0),
          files,
        };
        runs.push(run);
        opts.log(`  ${compressed ? 'precompressed' : 'uncompressed'}: ${(run.bytes / 2 ** 20).toFixed(2)} MiB in ${run.requests} requests`);
      } finally {
        await context.close();
        await server.close();
      }
    }
    return {
      method:
        'bytes written to the socket per response by tools/serve.ts (headers included), first visit of dist/demo/ until inpageRec.ready',
      chromium: browser.version(),
      runs,
    };
  } finally {
    await browser.close();
  }
}
