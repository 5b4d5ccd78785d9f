/**
 * Office truths (amazon-office-2014): Amazon's `also_viewed` lists are its substitute edges and
 * `also_bought` its complement edges (README of the dataset).
 *
 * - Substitutes (similar): grade 2 = in the item's `also_viewed`; grade 1 = the same leaf
 *   category (office-leaf.ts: `category_id` and the leaf recovered from the text).
 * - Complements: `also_bought` minus the item's substitutes (grade 1 or 2 above): what is bought
 *   with the item and is not another one of it.
 * - The raw lists (binary), so the numbers measured before this truth stay comparable.
 */
import type { Dataset } from '../dataset.ts';
import type { Grades } from '../graded-metrics.ts';
import { officeLeaves } from './office-leaf.ts';
import { type GradedTruth, listTruth } from './truth.ts';

/** Whether `data` has what the Office rules read: `also_viewed`, `also_bought`, `category_id`, `brand_id`. */
export function isOfficeLike(data: Dataset): boolean {
  const first = data.items[0]?.raw;
  return !!first && ['also_viewed', 'also_bought', 'category_id', 'brand_id', 'text'].every((f) => f in first);
}

/** The rows of `field`'s list of each item (the item itself and unknown ids dropped). */
function fieldLists(data: Dataset, field: string): Map<number, Set<number>> {
  const task = data.relevance.find((r) => r.field === field);
  return new Map((task?.queries ?? []).map((q) => [q.row, new Set(q.relevant)]));
}

/** The Office truths: substitutes, complements, and the raw also_viewed / also_bought lists. */
export function officeTruths(data: Dataset): {
  substitutes: GradedTruth;
  complements: GradedTruth;
  alsoViewed: GradedTruth;
  alsoBought: GradedTruth;
} {
  const leaves = officeLeaves(data);
  const byLeaf = new Map<string, number[]>();
  leaves.forEach((l, row) => {
    const group = byLeaf.get(l.key);
    if (group) group.push(row);
    else byLeaf.set(l.key, [row]);
  });
  const viewed = fieldLists(data, 'also_viewed');
  const bought = fieldLists(data, 'also_bought');
  const substitutes = new Map<number, Grades>();
  const complements = new Map<number, Grades>();
  for (let row = 0; row < data.items.length; row++) {
    const grades = new Map<number, number>();
    for (const other of byLeaf.get(leaves[row]!.key)!) if (other !== row) grades.set(other, 1);
    for (const other of viewed.get(row) ?? []) grades.set(other, 2);
    substitutes.set(row, grades);
    const together = new Map<number, number>();
    for (const other of bought.get(row) ?? []) if (!grades.has(other)) together.set(other, 1);
    complements.set(row, together);
  }
  const binary = (lists: Map<number, Set<number>>) => new Map([...lists].map(([row, s]) => [row, new Map([...s].map((o) => [o, 1]))]));
  return {
    substitutes: listTruth(
      'substitutes',
      'grade 2: in also_viewed; grade 1: the same leaf category (category_id + leaf from the text)',
      substitutes,
    ),
    complements: listTruth('complements', 'also_bought minus the substitutes (grade 1 or 2)', complements),
    alsoViewed: listTruth('also_viewed', 'also_viewed, binary (as measured before)', binary(viewed)),
    alsoBought: listTruth('also_bought', 'also_bought, binary (as measured before)', binary(bought)),
  };
}
