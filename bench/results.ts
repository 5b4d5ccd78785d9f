/** Where every benchmark writes its JSON. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../test/paths.ts';

/** Writes `value` as bench/results/<name>.json (pretty-printed, one trailing newline). */
export function writeResult(name: string, value: unknown): void {
  const dir = join(ROOT, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${name}.json`), `${JSON.stringify(value, null, 2)}\n`);
}
