/**
 * evaluateModes end to end on a small made-up Office-like catalog (no data files, no encoder):
 * every judged mode yields its tasks through the rankers, and a caller's ranker replaces the
 * shipped one (how defaults are chosen on the validation split).
 */
import { describe, expect, it } from 'vitest';
import { rankerFor } from '../../src/modes/ranker.ts';
import { similar } from '../../src/modes/similar.ts';
import { Prng } from '../../src/vector-index/prng.ts';
import type { Dataset, EvalItem } from '../dataset.ts';
import { ItemVectors } from '../methods.ts';
import { evaluateModes } from './evaluate.ts';

const LEAVES = ['Laser Printer Toner', 'Ballpoint Pens', 'Desktop Staplers', 'Photo Paper'];
const BRANDS = ['Acme', 'Zed'];

/** 40 items: 4 leaves x 2 brands x 5; also_viewed = the same leaf, also_bought = the next leaf. */
function catalog(): { data: Dataset; vectors: ItemVectors; texts: string[] } {
  const n = 40;
  const rng = new Prng(7);
  const leafOf = (row: number) => Math.floor(row / 10);
  const ids = Array.from({ length: n }, (_, row) => String(row + 1));
  const items: EvalItem[] = ids.map((id, row) => {
    const brand = BRANDS[Math.floor(row / 5) % 2]!;
    const raw = {
      id,
      text: `${brand} model ${row} item ${LEAVES[leafOf(row)]} ${brand}`,
      category_id: leafOf(row),
      brand_id: 1 + (Math.floor(row / 5) % 2),
      also_viewed: ids.filter((_, o) => o !== row && leafOf(o) === leafOf(row)).slice(0, 3),
      also_bought: ids.filter((_, o) => leafOf(o) === (leafOf(row) + 1) % 4).slice(0, 4),
    };
    return { row, id, raw, category: String(raw.category_id) };
  });
  const rowOf = new Map(ids.map((id, row) => [id, row]));
  const relevance = (['also_bought', 'also_viewed'] as const).map((field) => ({
    field,
    queries: items.map((it) => ({ row: it.row, relevant: (it.raw[field] as string[]).map((id) => rowOf.get(id)!) })),
  }));
  const sequences = Array.from({ length: 60 }, () => Array.from({ length: 6 }, () => rng.int(n)));
  const data: Dataset = { name: 'made-up-office', dir: '', items, rowOf, sequences, relevance, unknownItemRows: 0 };
  // Vectors: one direction per leaf plus noise, so content finds the leaf.
  const dims = 8;
  const v = new Float32Array(n * dims);
  for (let row = 0; row < n; row++) {
    for (let d = 0; d < dims; d++) v[row * dims + d] = (d === leafOf(row) ? 3 : 0) + rng.next();
    const norm = Math.hypot(...v.subarray(row * dims, (row + 1) * dims));
    for (let d = 0; d < dims; d++) v[row * dims + d]! /= norm;
  }
  const texts = items.map((i) => String(i.raw.text));
  return { data, vectors: new ItemVectors(ids, v, dims, 'flat', texts), texts };
}

describe('evaluateModes', () => {
  const input = catalog();

  it('judges each mode on its own truth through the shipped rankers', async () => {
    const result = await evaluateModes(input, { split: 'all', rounds: 50 });
    expect(result.modes.map((m) => m.mode)).toEqual(['similar', 'complements', 'for-you']);
    const tasks = result.modes.flatMap((m) => m.tasks.map((t) => t.task));
    expect(tasks).toEqual([
      'similar: substitutes',
      'similar: also_viewed',
      'complements: complements',
      'complements: also_bought',
      'for-you: next item (test)',
      'for-you: cold targets (test)',
      'for-you: cold visitor (first item)',
    ]);
    const shipped = result.modes[0]!.tasks[0]!.methods.find((m) => m.name === 'similar, content only')!;
    // Every item of a leaf is a substitute and content finds the leaf: the first 8 are all right.
    expect(shipped.values.p8).toBeGreaterThan(0.9);
    expect(result.truths.map((t) => t.name)).toEqual(['substitutes', 'complements', 'also_viewed', 'also_bought']);
  });

  it('judges a caller ranker instead of the shipped one, on the validation half only', async () => {
    const none = rankerFor(similar, () => ({ items: [], warming: false }));
    const result = await evaluateModes(input, { split: 'validation', rankers: { similar: none }, modes: ['similar'], rounds: 50 });
    const task = result.modes[0]!.tasks[0]!;
    expect(task.methods.find((m) => m.name === 'similar, content only')!.values.p8).toBe(0);
    const test = await evaluateModes(input, { split: 'test', modes: ['similar'], rounds: 50 });
    expect(task.queries + test.modes[0]!.tasks[0]!.queries).toBe(40);
  });
});
