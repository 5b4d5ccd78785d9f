/**
 * Reads one dataset folder in the shared `derived/` layout (see ../shared/datasets/README.md):
 * `derived/items.jsonl` (one JSON object per item, `id` plus text fields) and optionally
 * `derived/interactions.csv` (`user_id,item_id,ts,pos`). Nothing here is specific to one dataset,
 * so a new folder in that layout evaluates without code changes.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { CatalogItem } from '../src/types/index.ts';

/** One catalog item as the eval sees it: dense index `row`, original `id`, the raw object. */
export interface EvalItem {
  row: number;
  id: string;
  raw: CatalogItem;
  /** For the same-category baseline: `category_id`, else `category`, else the last of `categories`, else the first genre. */
  category: string | undefined;
}

/** An item-to-item relevance list field (e.g. `also_bought`): query rows and their relevant rows. */
export interface RelevanceTask {
  field: string;
  queries: { row: number; relevant: number[] }[];
}

/** A loaded dataset. Item rows are 0..items.length-1 in file order. */
export interface Dataset {
  name: string;
  dir: string;
  items: EvalItem[];
  rowOf: Map<string, number>;
  /** Each user's items ordered by `pos` (rows), users in first-appearance order. Empty without interactions. */
  sequences: number[][];
  /** Every item field holding a list of catalog ids whose name starts with `also_`. */
  relevance: RelevanceTask[];
  /** Interaction rows naming an item absent from items.jsonl (skipped, reported). */
  unknownItemRows: number;
}

/** Loads `dir` (the dataset folder, containing `derived/`). Throws a clear error when the layout is wrong. */
export function loadDataset(dir: string): Dataset {
  const root = resolve(dir);
  const itemsFile = join(root, 'derived', 'items.jsonl');
  if (!existsSync(itemsFile)) throw new Error(`${itemsFile} not found: a dataset folder needs derived/items.jsonl`);
  const items: EvalItem[] = [];
  const rowOf = new Map<string, number>();
  const lines = readFileSync(itemsFile, 'utf8').split('\n');
  lines.forEach((line, n) => {
    if (!line.trim()) return;
    const raw = JSON.parse(line) as CatalogItem;
    if (raw.id === undefined || raw.id === null || raw.id === '') return; // e.g. 2 Steam entries have no id
    const id = String(raw.id);
    if (rowOf.has(id)) return; // first one wins, as in the library's catalog validation
    if (typeof raw !== 'object') throw new Error(`${itemsFile}:${n + 1}: not a JSON object`);
    rowOf.set(id, items.length);
    items.push({ row: items.length, id, raw, category: categoryOf(raw) });
  });

  const sequences: number[][] = [];
  let unknownItemRows = 0;
  const interactionsFile = join(root, 'derived', 'interactions.csv');
  if (existsSync(interactionsFile)) {
    const byUser = new Map<string, { pos: number; row: number }[]>();
    const text = readFileSync(interactionsFile, 'utf8').split('\n');
    const header = text[0]!.trim().split(',');
    const col = (name: string) => {
      const i = header.indexOf(name);
      if (i < 0) throw new Error(`${interactionsFile}: missing column "${name}" (need user_id,item_id,ts,pos)`);
      return i;
    };
    const [u, it, p] = [col('user_id'), col('item_id'), col('pos')];
    for (let i = 1; i < text.length; i++) {
      const line = text[i]!;
      if (!line) continue;
      const f = line.split(',');
      const row = rowOf.get(f[it]!);
      if (row === undefined) {
        unknownItemRows++;
        continue;
      }
      let list = byUser.get(f[u]!);
      if (!list) {
        list = [];
        byUser.set(f[u]!, list);
      }
      list.push({ pos: Number(f[p]), row });
    }
    for (const list of byUser.values()) sequences.push(list.sort((a, b) => a.pos - b.pos).map((x) => x.row));
  }

  return { name: basename(root), dir: root, items, rowOf, sequences, relevance: relevanceTasks(items, rowOf), unknownItemRows };
}

function relevanceTasks(items: EvalItem[], rowOf: Map<string, number>): RelevanceTask[] {
  const fields = new Set<string>();
  for (const item of items)
    for (const key of Object.keys(item.raw)) if (key.startsWith('also_') && Array.isArray(item.raw[key])) fields.add(key);
  return [...fields].sort().map((field) => {
    const queries: RelevanceTask['queries'] = [];
    for (const item of items) {
      const list = item.raw[field];
      if (!Array.isArray(list)) continue;
      const relevant = [...new Set(list.map((id) => rowOf.get(String(id))).filter((r): r is number => r !== undefined && r !== item.row))];
      if (relevant.length) queries.push({ row: item.row, relevant });
    }
    return { field, queries };
  });
}

function categoryOf(raw: CatalogItem): string | undefined {
  for (const key of ['category_id', 'category']) {
    const v = raw[key];
    if (typeof v === 'string' || typeof v === 'number') return String(v);
  }
  for (const [key, pick] of [
    ['categories', -1],
    ['genres', 0],
  ] as const) {
    const v = raw[key];
    if (Array.isArray(v) && v.length) return String(v.at(pick));
  }
  return undefined;
}

/** Dataset folders: each argument is one (has derived/) or holds several. */
export function datasetDirs(inputs: readonly string[]): string[] {
  const dirs: string[] = [];
  for (const input of inputs) {
    const dir = resolve(input);
    if (!existsSync(dir)) throw new Error(`${dir} does not exist (expected a dataset folder with derived/, or a folder of them)`);
    if (existsSync(join(dir, 'derived'))) {
      dirs.push(dir);
      continue;
    }
    for (const sub of readdirSync(dir).sort()) if (existsSync(join(dir, sub, 'derived'))) dirs.push(join(dir, sub));
  }
  if (!dirs.length) throw new Error(`no dataset folders with derived/ found in ${inputs.join(', ')}`);
  return dirs;
}
