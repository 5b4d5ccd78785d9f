/**
 * Before the end-to-end tests: writes a 60-item catalog (from the demo catalog) for the embed and
 * React tests (less to embed), builds the React test app (React bundled in) into
 * .cache/build/e2e-app/ and the bench pages into .cache/build/bench/ (the WebGPU test drives the
 * encoder bench page). dist/ itself comes from `npm run build`, as a user gets it.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildBench } from '../bench/build.ts';
import { E2E_BUILD_DIR, ROOT } from '../test/paths.ts';
import { buildEntries } from '../tools/build.ts';

export default async function globalSetup(): Promise<void> {
  const items = JSON.parse(readFileSync(join(ROOT, 'public', 'demo', 'catalog.json'), 'utf8')) as unknown[];
  writeFileSync(join(ROOT, 'e2e', 'pages', 'catalog-small.json'), JSON.stringify(items.slice(0, 60)));
  rmSync(E2E_BUILD_DIR, { recursive: true, force: true });
  await buildEntries({ 'react-app': 'e2e/react-app.ts' }, 'es', { outDir: E2E_BUILD_DIR });
  await buildBench();
}
