/** Reads the Steam catalog texts from ../shared at run time (research data: never copied). */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CatalogItem } from '../src/types/index.ts';
import { DATASETS_DIR } from '../test/paths.ts';

export function steamTexts(limit = Infinity): string[] {
  return steamFields(limit, 'text');
}

/** The titles of the items `steamTexts` reads, in the same order. */
export function steamTitles(limit = Infinity): string[] {
  return steamFields(limit, 'title');
}

function steamFields(limit: number, field: 'text' | 'title'): string[] {
  const file = join(DATASETS_DIR, 'steam-games-catalog', 'derived', 'items.jsonl');
  if (!existsSync(file)) throw new Error(`${file} is absent: the benchmark needs ../shared/datasets`);
  const out: string[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line) continue;
    out.push(String((JSON.parse(line) as Record<string, unknown>)[field] ?? ''));
    if (out.length >= limit) break;
  }
  return out;
}

/**
 * `n` Steam catalog items: the 32,135 real ones, then numbered copies ("(edition 2)" in the
 * title, `~2` in the id) that repeat their source's words.
 */
export function steamItems(n: number): CatalogItem[] {
  const steam = readFileSync(join(DATASETS_DIR, 'steam-games-catalog', 'derived', 'items.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as CatalogItem)
    .filter((i) => i.id !== undefined && i.id !== null && i.id !== '');
  return Array.from({ length: n }, (_, i) => {
    const source = steam[i % steam.length]!;
    const copy = Math.floor(i / steam.length);
    return copy === 0 ? source : { ...source, id: `${source.id}~${copy}`, title: `${String(source.title)} (edition ${copy})` };
  });
}
