/**
 * Helpers of the model tests: open e2e/pages/model-page.html, wait for the outcome of `ready`, read
 * the page's Cache API stores and the manifest the server serves.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';

/** How `ready` settled, and what the encoder produced when it resolved. */
export interface Outcome {
  ok: boolean;
  code?: string;
  message?: string;
  /** Error events the recommender emitted (code and message). */
  events: { code: string; message: string }[];
  encoderRuns?: number;
  embedded?: number;
  backend?: { device: string; threads: number };
  /** `similar()` of the first item: ids and scores. */
  similar?: { id: string; score: number; warming: boolean }[];
}

type PageWindow = {
  inpageRec: {
    ready: Promise<unknown>;
    status(): Promise<{ encoderRuns: number; embedded: number; backend?: { device: string; threads: number } }>;
    similar(id: string, o: { k: number }): Promise<{ id: string; score: number; warming: boolean }[]>;
  };
  recErrors: { code: string; message: string }[];
};

/** Opens the model page at `origin` with `query` and waits until `ready` settles. */
export async function visit(page: Page, origin: string, query: string): Promise<Outcome> {
  await page.goto(`${origin}/e2e/model-page.html?${query}`);
  await page.waitForFunction(() => 'inpageRec' in window, null, { timeout: 60_000 });
  return page.evaluate(async () => {
    const w = window as unknown as PageWindow;
    try {
      await w.inpageRec.ready;
    } catch (err) {
      const e = err as { code?: string; message?: string };
      return { ok: false, code: e.code, message: e.message, events: w.recErrors };
    }
    const s = await w.inpageRec.status();
    const similar = await w.inpageRec.similar('nw-0001', { k: 3 });
    return {
      ok: true,
      events: w.recErrors,
      encoderRuns: s.encoderRuns,
      embedded: s.embedded,
      backend: s.backend,
      similar: similar.map((r) => ({ id: r.id, score: r.score, warming: r.warming })),
    };
  });
}

/** Cache API keys (URLs) of each named store; a store that does not exist is absent. */
export function cacheKeys(page: Page): Promise<Record<string, string[]>> {
  return page.evaluate(async () => {
    const out: Record<string, string[]> = {};
    for (const name of await caches.keys()) out[name] = (await (await caches.open(name)).keys()).map((r) => r.url);
    return out;
  });
}

/** The built model's manifest (what dist/ serves). */
export function servedManifest(): { files: Record<string, { size: number; sha256: string }> } {
  return JSON.parse(readFileSync(join(import.meta.dirname, '..', 'dist', 'models', 'use-lite-en', 'manifest.json'), 'utf8'));
}

/** The bytes of a built model file (what dist/ serves). */
export function servedFile(path: string): Buffer {
  return readFileSync(join(import.meta.dirname, '..', 'dist', 'models', 'use-lite-en', path));
}
