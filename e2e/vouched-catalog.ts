/**
 * The demo catalog served edited, with the demo artifact's manifest vouching for the edited bytes
 * (their SHA-256 in `manifest.catalog`): what a builder whose text rule differed from the page's
 * library would produce. A first visit then trusts the artifact's hashes and checks them after.
 */
import { createHash } from 'node:crypto';
import type { BrowserContext } from '@playwright/test';

/** The demo artifact's manifest. */
export const DEMO_MANIFEST = '/demo/vectors/manifest.json';

/** Serves `/demo/catalog.json` as `edit` leaves its items, vouched for by the demo manifest; returns the body served. */
export async function serveVouchedCatalog(
  context: BrowserContext,
  base: string,
  edit: (items: Record<string, unknown>[]) => void,
): Promise<{ items: Record<string, unknown>[]; body: string }> {
  const items = (await (await fetch(`${base}/demo/catalog.json`)).json()) as Record<string, unknown>[];
  edit(items);
  const body = JSON.stringify(items);
  await context.route('**/demo/catalog.json', async (route) => route.fulfill({ response: await route.fetch(), body }));
  await context.route(`**${DEMO_MANIFEST}`, async (route) => {
    const response = await route.fetch();
    const manifest = await response.json();
    manifest.catalog = { sha256: createHash('sha256').update(body).digest('hex'), bytes: Buffer.byteLength(body) };
    await route.fulfill({ response, body: JSON.stringify(manifest) });
  });
  return { items, body };
}
