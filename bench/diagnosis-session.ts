/**
 * What a diagnosis of one first visit needs (bench/memory-timeline.ts, bench/worker-snapshot.ts):
 * the phone page's data for `items`, prepared as the phone bench prepares it, its server, and a
 * browser that has made one visit already, not counted (a fresh browser's first visit runs heavier).
 */
import type { Browser } from '@playwright/test';
import { launchChromium } from '../tools/browser.ts';
import { type StaticServer, serve } from '../tools/serve.ts';
import { preparePhoneVisit, visit } from './phone-visit-run.ts';
import { benchDims, WARM_START_WORK, type WarmStartData } from './warm-start-data.ts';

/** A prepared page, its server and a browser past its first visit; `close` ends both. */
export interface DiagnosisSession {
  data: WarmStartData;
  server: StaticServer;
  browser: Browser;
  close(): Promise<void>;
}

/** Opens a session serving `dist` for `items` Steam items (`realTexts` of them with real vectors). */
export async function diagnosisSession(
  dist: string,
  items: number,
  realTexts: number,
  phone: boolean,
  log: (line: string) => void,
): Promise<DiagnosisSession> {
  const data = await preparePhoneVisit(items, realTexts, benchDims(undefined, items), log);
  const server = await serve({ root: dist, mounts: { '/ws/': WARM_START_WORK } });
  const browser = await launchChromium();
  const close = async () => {
    await browser.close();
    await server.close();
  };
  try {
    await visit(browser, server, data, phone);
  } catch (err) {
    await close();
    throw err;
  }
  return { data, server, browser, close };
}
