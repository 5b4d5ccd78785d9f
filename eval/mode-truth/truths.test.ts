/**
 * The per-mode truths on the real datasets (skipped without ../shared): deterministic, graded as
 * docs/mode-truth.md says on items checked by hand, complements never substitutes, and the
 * validation and test halves disjoint. No embedding: these read the data files only.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATASETS_DIR, hasShared } from '../../test/paths.ts';
import { type Dataset, loadDataset } from '../dataset.ts';
import { modeTruths } from './mode-truths.ts';
import { officeLeaves } from './office-leaf.ts';
import { halfOf, inSplit } from './split.ts';
import { truthStats } from './truth.ts';

const dir = (name: string) => join(DATASETS_DIR, name);
const present = (name: string) => hasShared && existsSync(join(dir(name), 'derived', 'items.jsonl'));
if (!hasShared) console.warn('skipped: ../shared is absent (the per-mode truths need the datasets)');

/** Grade of `other` for the query `id` (0 when not relevant). */
const grade = (data: Dataset, truth: { grades(row: number): ReadonlyMap<number, number> }, id: string, other: string) =>
  truth.grades(data.rowOf.get(id)!).get(data.rowOf.get(other)!) ?? 0;

describe.skipIf(!present('amazon-office-2014'))('Office truths', () => {
  const data = present('amazon-office-2014') ? loadDataset(dir('amazon-office-2014')) : undefined!;
  const truths = data && modeTruths(data);

  it('recovers the leaf and the brand of items checked by hand', () => {
    const leaves = officeLeaves(data);
    const leafOf = (id: string) => leaves[data.rowOf.get(id)!]!;
    expect(leafOf('3')).toMatchObject({ leaf: 'Laser Printer Toner', brand: 'Brother', fallback: false });
    // A brand group's common suffix holds its leaf too ("Cordless Telephones VTech"): the shortest brand wins.
    expect(leafOf('1306')).toMatchObject({ leaf: 'Cordless Telephones', brand: 'VTech' });
    expect(leafOf('35')).toMatchObject({ leaf: 'Envelopes', brand: 'Columbian Envelopes' });
    // "Paper Pro" is a stapler brand: the leaf "Paper" does not fit its category, so the brand takes both words.
    expect(leafOf('1597')).toMatchObject({ leaf: 'Heavy-Duty Staplers', brand: 'Paper Pro' });
    // The item's own noun repeats before the leaf ("Document Scanner Document Scanners").
    expect(leafOf('2389')).toMatchObject({ leaf: 'Document Scanners', brand: 'Epson' });
    // Brand 0 has no brand in its text; the leaf ends it.
    expect(leafOf('9')).toMatchObject({ leaf: 'Photo Printers', brand: '' });
  });

  it('grades substitutes: 2 in also_viewed, 1 the same leaf, 0 otherwise', () => {
    const subs = truths.substitutes!;
    expect(grade(data, subs, '3', '68')).toBe(2); // in also_viewed of item 3
    expect(grade(data, subs, '3', '1')).toBe(1); // another Laser Printer Toner, not in also_viewed
    expect(grade(data, subs, '3', '2')).toBe(0); // a label maker
    expect(grade(data, subs, '3', '3')).toBe(0); // never the item itself
  });

  it('complements are also_bought minus substitutes', () => {
    const { complements, substitutes, alsoBought } = truths;
    const wrong: string[] = [];
    for (const row of alsoBought!.queries) {
      const subs = substitutes!.grades(row);
      const together = complements!.grades(row);
      for (const other of together.keys()) if (subs.has(other) || !alsoBought!.grades(row).has(other)) wrong.push(`${row}: ${other}`);
      for (const other of alsoBought!.grades(row).keys()) if (together.has(other) === subs.has(other)) wrong.push(`${row}: ${other}`);
    }
    expect(wrong).toEqual([]);
    expect(complements!.queries.length).toBeGreaterThan(1800);
  });

  it('is deterministic', () => {
    const again = modeTruths(loadDataset(dir('amazon-office-2014')));
    for (const key of ['substitutes', 'complements'] as const) {
      expect(again[key]!.queries).toEqual(truths[key]!.queries);
      for (const row of truths[key]!.queries.slice(0, 200)) expect([...again[key]!.grades(row)]).toEqual([...truths[key]!.grades(row)]);
    }
  });

  it('splits queries into disjoint halves covering all of them', () => {
    const queries = truths.substitutes!.queries;
    const id = (row: number) => data.items[row]!.id;
    const validation = inSplit(queries, id, 'validation');
    const test = inSplit(queries, id, 'test');
    expect(validation.filter((row) => test.includes(row))).toEqual([]);
    expect([...validation, ...test].sort((a, b) => a - b)).toEqual(queries);
    expect(test.length / queries.length).toBeGreaterThan(0.45);
    expect(test.length / queries.length).toBeLessThan(0.55);
    expect(halfOf('3')).toBe(halfOf('3'));
  });
});

describe.skipIf(!present('steam-games-catalog'))('Steam substitutes', () => {
  const data = present('steam-games-catalog') ? loadDataset(dir('steam-games-catalog')) : undefined!;
  const subs = data && modeTruths(data).substitutes!;

  it('grades games checked by hand', () => {
    // Portal / Portal 2: Action, and 4 of 6 descriptive tags (Puzzle, First-Person, Sci-fi, Comedy).
    expect(grade(data, subs, '400', '620')).toBe(2);
    // Counter-Strike / Source: 5 of 8 (FPS, Shooter, Team-Based, First-Person, Tactical).
    expect(grade(data, subs, '10', '240')).toBe(2);
    // Half-Life 2 / DOOM: 3 of 7 (FPS, Shooter, First-Person).
    expect(grade(data, subs, '220', '379720')).toBe(1);
    // Stardew Valley / Terraria: RPG, 4 of 7 (Pixel Graphics, Crafting, Sandbox, Building).
    expect(grade(data, subs, '413150', '105600')).toBe(1);
    // Portal / DOOM share only First-Person; Half-Life 2 / Counter-Strike 3 of 8 (Jaccard .375).
    expect(grade(data, subs, '400', '379720')).toBe(0);
    expect(grade(data, subs, '220', '10')).toBe(0);
    // Lost Summoner Kitty: its tags are its genres, nothing descriptive: not a query.
    expect(subs.queries).not.toContain(data.rowOf.get('761140'));
  });

  it('keeps the relevant lists to tens per query, not thousands', () => {
    const stats = truthStats(subs);
    expect(stats.relevant.median).toBeGreaterThan(10);
    expect(stats.relevant.median).toBeLessThan(100);
  });
});

describe.skipIf(!present('movielens-latest-small'))('MovieLens substitutes', () => {
  const data = present('movielens-latest-small') ? loadDataset(dir('movielens-latest-small')) : undefined!;
  const subs = data && modeTruths(data).substitutes!;

  it('grades by genres', () => {
    const toyStory = '1'; // Adventure, Animation, Children, Comedy, Fantasy
    const same = data.items.find((i) => i.id !== toyStory && JSON.stringify(i.raw.genres) === JSON.stringify(data.items[0]!.raw.genres))!;
    expect(grade(data, subs, toyStory, same.id)).toBe(2);
    expect(grade(data, subs, toyStory, '2')).toBe(1); // Jumanji: Adventure, Children, Fantasy (3 of 5)
    expect(grade(data, subs, toyStory, '3')).toBe(0); // Grumpier Old Men: Comedy, Romance (1 of 6)
  });
});
