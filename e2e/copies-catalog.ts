/**
 * A big catalog for end-to-end tests of search on real vectors: numbered copies of the demo's 659
 * items (copy titles end in "(edition N)"), with an artifact of the demo's real vectors (copies
 * slightly tilted, e2e/demo-artifact.ts), served under /e2e-app/<name>/. Its keyword index takes
 * seconds to build in a worker, longer than search waits for it (`KEYWORD_WAIT_MS`).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateCatalog } from '../src/catalog/validate.ts';
import { E2E_BUILD_DIR, ROOT } from '../test/paths.ts';
import { demoArtifact } from './demo-artifact.ts';

type Item = { id: string; title: string; category: string } & Record<string, unknown>;

/**
 * Writes `/e2e-app/<name>/catalog.json` (`copies` x 659 items) and its artifact (`manifest.json`).
 * `leaveOutFirst`: the artifact lacks the first item, so the page embeds it and the model is loaded
 * by `ready`; otherwise the artifact covers the catalog and nothing loads the model until a search
 * (or `prepareSearch()`) needs it. Returns the number of items.
 */
export async function writeCopiesCatalog(name: string, copies: number, leaveOutFirst: boolean): Promise<number> {
  const demo = JSON.parse(readFileSync(join(ROOT, 'dist', 'demo', 'catalog.json'), 'utf8')) as Item[];
  const items = Array.from({ length: copies }, (_, copy) =>
    demo.map((it) => (copy ? { ...it, id: `${it.id}~${copy}`, title: `${it.title} (edition ${copy})` } : it)),
  ).flat();
  const artifact = await demoArtifact();
  const { entries } = await validateCatalog(items, { modelKey: artifact.model.key });
  const coded = entries
    .filter((e) => !(leaveOutFirst && e.key === demo[0]!.id))
    .map((e) => {
      const [base, copy] = e.key.split('~');
      return { key: e.key, hash: e.hash, ...artifact.vectorOf(base!, copy ? Number(copy) : undefined) };
    });
  await artifact.write(name, coded);
  mkdirSync(join(E2E_BUILD_DIR, name), { recursive: true });
  writeFileSync(join(E2E_BUILD_DIR, name, 'catalog.json'), JSON.stringify(items));
  return items.length;
}
