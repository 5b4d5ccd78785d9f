/**
 * The judged search queries' shared shapes: a query with graded judgments by item row, the stable
 * validation / test split, and the grading of `natural` queries from a table of concepts (each a
 * rule over an item's structured fields).
 */
import type { Dataset } from '../dataset.ts';

/** The four query sets (see docs/search-truth.md). */
export type QueryKind = 'natural' | 'hand' | 'unanswerable' | 'gibberish';

/** The two halves of the query set: defaults are chosen on `validation`, `test` is reported. */
export type TruthSplit = 'validation' | 'test';

/** One judged query. */
export interface JudgedQuery {
  id: string;
  dataset: string;
  text: string;
  kind: QueryKind;
  split: TruthSplit;
  /** Relevance by item row: 2 highly relevant, 1 relevant; rows not listed are 0 (not relevant, or not judged). */
  grades: Map<number, 1 | 2>;
  /** In words, why an item is relevant. */
  rule: string;
}

/** FNV-1a (32 bit) of a string's UTF-16 code units. */
export function fnv1a32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/**
 * The split of a query: by a hash of its normalised text (lower case, spaces collapsed), so the
 * same query text falls in the same half on every run, in every catalog, whatever else is added.
 */
export function splitOf(text: string): TruthSplit {
  const key = text.toLowerCase().trim().replace(/\s+/g, ' ');
  return fnv1a32(`search-truth:${key}`) % 2 === 0 ? 'validation' : 'test';
}

/** One concept of a catalog: a rule over an item's structured fields, in words and evaluated (1 by row where it holds). */
export interface Concept {
  describe: string;
  member: Uint8Array;
}

/** A concept from a rule evaluated on every row of a catalog of `n` items. */
export function concept(describe: string, n: number, holds: (row: number) => boolean): Concept {
  const member = new Uint8Array(n);
  for (let row = 0; row < n; row++) if (holds(row)) member[row] = 1;
  return { describe, member };
}

/** A natural query: its text and its concepts, the head (what the shopper wants) first. */
export type NaturalSpec = readonly [text: string, head: string, ...also: string[]];

/**
 * Grades of a natural query from its concepts: 2 when every concept holds, 1 when the head holds.
 * Throws on a concept the table lacks (a typo in a query table must not judge silently).
 */
export function naturalQuery(data: Dataset, table: Readonly<Record<string, Concept>>, spec: NaturalSpec, index: number): JudgedQuery {
  const [text, ...names] = spec;
  const concepts = names.map((name) => {
    const c = table[name];
    if (!c) throw new Error(`${data.name}: query "${text}" names the unknown concept "${name}"`);
    return c;
  });
  const [head, ...also] = concepts;
  const grades = new Map<number, 1 | 2>();
  for (let row = 0; row < data.items.length; row++) {
    if (head!.member[row] !== 1) continue;
    grades.set(row, also.every((c) => c.member[row] === 1) ? 2 : 1);
  }
  const rule = also.length
    ? `grade 2: ${concepts.map((c) => c.describe).join(' AND ')}; grade 1: ${head!.describe} only`
    : `grade 2: ${head!.describe}`;
  return { id: `${data.name}/natural/${index}`, dataset: data.name, text, kind: 'natural', split: splitOf(text), grades, rule };
}

/** Natural specs from a table: `query = head + other + ...`, entries `;`- or line-separated. */
export function parseNatural(table: string): NaturalSpec[] {
  return table
    .split(/[;\n]/)
    .map((e) => e.trim())
    .filter(Boolean)
    .map((e) => {
      const [text, concepts] = e.split(' = ');
      if (!text || !concepts) throw new Error(`not "query = concepts": ${e}`);
      const names = concepts.split('+').map((c) => c.trim());
      return [text.trim(), names[0]!, ...names.slice(1)] as const;
    });
}
