/** Writes a 60-item catalog (from the demo catalog) for the embed and React tests: less to embed. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export default function globalSetup(): void {
  const root = join(import.meta.dirname, '..');
  const items = JSON.parse(readFileSync(join(root, 'public', 'demo', 'catalog.json'), 'utf8')) as unknown[];
  writeFileSync(join(root, 'e2e', 'pages', 'catalog-small.json'), JSON.stringify(items.slice(0, 60)));
}
