/**
 * Hand-judged queries (hand-judgments.json): intent-heavy queries ("game to play with my kids on
 * the couch", "something to keep my desk tidy"), each judged item by item. For every query a pool
 * of candidates was read (the top 20 of keyword search, the top 20 of vector search and the top
 * items of a rule over the catalog's fields; eval/search-truth/pool.ts prints it) and each
 * candidate graded 0, 1 or 2 from its text. `judged` lists every item read; items never read are
 * unjudged and count as 0 (docs/search-truth.md).
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Dataset } from '../dataset.ts';
import type { JudgedQuery, TruthSplit } from './types.ts';

/** One hand-judged query as stored. */
export interface HandJudgment {
  dataset: string;
  text: string;
  split: TruthSplit;
  /** Grades by item id (items read and judged 0 are in `judged` only). */
  grades: Record<string, 1 | 2>;
  /** Every item id read for this query. */
  judged: string[];
  /** The rule pool's concepts (what the pool tool was given), for the record. */
  pool?: string;
}

/** Where the judgments live. */
export const HAND_FILE = join(dirname(fileURLToPath(import.meta.url)), 'hand-judgments.json');

/** Every stored hand judgment. */
export function handJudgments(): HandJudgment[] {
  return JSON.parse(readFileSync(HAND_FILE, 'utf8')) as HandJudgment[];
}

/** The hand-judged queries of `data`. Throws when a judgment names an id the catalog lacks. */
export function handQueries(data: Dataset, judgments: readonly HandJudgment[] = handJudgments()): JudgedQuery[] {
  return judgments
    .filter((j) => j.dataset === data.name)
    .map((j, i) => {
      const grades = new Map<number, 1 | 2>();
      for (const [id, grade] of Object.entries(j.grades)) {
        const row = data.rowOf.get(id);
        if (row === undefined) throw new Error(`hand judgment "${j.text}": ${data.name} has no item ${id}`);
        grades.set(row, grade);
      }
      const rule = `judged by hand: ${j.judged.length} pooled items read, ${grades.size} relevant; the rest 0`;
      return { id: `${data.name}/hand/${i}`, dataset: data.name, text: j.text, kind: 'hand' as const, split: j.split, grades, rule };
    });
}
