/**
 * A baseline for the cold visitor: a category-diverse spread. Categories are taken most popular
 * first (the sum of their items' interaction counts); the list takes each category's most popular
 * item in that order, then each one's second, and so on. A new visitor sees the catalog's breadth,
 * led by what most visitors pick, instead of the top of one popular aisle.
 */
import type { Dataset } from '../dataset.ts';

/** Rows in spread order (every row once; items without a category form one category). */
export function categorySpread(data: Dataset, counts: Float64Array): number[] {
  const groups = new Map<string, number[]>();
  for (const item of data.items) {
    const key = item.category ?? '';
    const group = groups.get(key);
    if (group) group.push(item.row);
    else groups.set(key, [item.row]);
  }
  const byPopularity = (a: number, b: number) => counts[b]! - counts[a]! || a - b;
  const total = (rows: number[]) => rows.reduce((s, r) => s + counts[r]!, 0);
  const ordered = [...groups.values()].map((rows) => rows.sort(byPopularity)).sort((a, b) => total(b) - total(a) || a[0]! - b[0]!);
  const out: number[] = [];
  for (let depth = 0; out.length < data.items.length; depth++) for (const rows of ordered) if (depth < rows.length) out.push(rows[depth]!);
  return out;
}
