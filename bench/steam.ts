/** Reads the Steam catalog texts from ../shared at run time (research data: never copied). */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DATASETS_DIR } from '../test/paths.ts';

export function steamTexts(limit = Infinity): string[] {
  const file = join(DATASETS_DIR, 'steam-games-catalog', 'derived', 'items.jsonl');
  if (!existsSync(file)) throw new Error(`${file} is absent: the benchmark needs ../shared/datasets`);
  const texts: string[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line) continue;
    texts.push((JSON.parse(line) as { text: string }).text);
    if (texts.length >= limit) break;
  }
  return texts;
}
