import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DATASETS_DIR, hasShared } from '../../test/paths.ts';
import { type Dataset, loadDataset } from '../dataset.ts';
import { randomConsonants } from './gibberish.ts';
import { handJudgments } from './hand.ts';
import { judgedQueries } from './queries.ts';
import { type JudgedQuery, splitOf } from './types.ts';

const NAMES = ['steam-games-catalog', 'amazon-office-2014', 'movielens-latest-small'];
const present = hasShared && NAMES.every((n) => existsSync(join(DATASETS_DIR, n, 'derived')));

describe('splits and generators (no data needed)', () => {
  it('splits by the normalised query text: stable, and about half each way', () => {
    expect(splitOf('Racing Game')).toBe(splitOf('  racing   game '));
    // Pinned: a change of the hash would move every query between the halves.
    expect(['racing game', 'sticky notes', 'kids movie', 'asdfgh'].map(splitOf)).toEqual(['test', 'test', 'validation', 'validation']);
    const texts = randomConsonants(400, 7);
    const validation = texts.filter((t) => splitOf(t) === 'validation').length;
    expect(validation).toBeGreaterThan(160);
    expect(validation).toBeLessThan(240);
  });
  it('random consonant strings are seeded, vowel-free, 4-12 letters or two words of 3-6', () => {
    expect(randomConsonants(30)).toEqual(randomConsonants(30));
    for (const t of randomConsonants(200)) {
      expect(t).toMatch(/^([b-df-hj-np-tv-xz]{4,12}|[b-df-hj-np-tv-xz]{3,6} [b-df-hj-np-tv-xz]{3,6})$/);
    }
  });
  it('every stored hand judgment has its split by hash, graded ids among the judged, no duplicates', () => {
    const seen = new Set<string>();
    for (const j of handJudgments()) {
      expect(j.split, j.text).toBe(splitOf(j.text));
      for (const id of Object.keys(j.grades)) expect(j.judged, `${j.text}: ${id}`).toContain(id);
      expect(new Set(j.judged).size).toBe(j.judged.length);
      const key = `${j.dataset}\t${j.text}`;
      expect(seen.has(key), key).toBe(false);
      seen.add(key);
    }
  });
});

describe.skipIf(!present)('judged queries over the shared catalogs', () => {
  const byDataset = new Map<string, { data: Dataset; queries: JudgedQuery[] }>();
  beforeAll(() => {
    for (const name of NAMES) {
      const data = loadDataset(join(DATASETS_DIR, name));
      byDataset.set(name, { data, queries: judgedQueries(data) });
    }
  }, 60_000);
  const all = () => [...byDataset.values()].flatMap((d) => d.queries);
  const count = (kind: string, dataset?: string) => all().filter((q) => q.kind === kind && (!dataset || q.dataset === dataset)).length;

  it('has the promised counts: >= 300 natural over >= 2 catalogs, >= 50 hand, >= 30 unanswerable and gibberish per catalog', () => {
    expect(count('natural')).toBeGreaterThanOrEqual(300);
    expect(NAMES.filter((n) => count('natural', n) > 0).length).toBeGreaterThanOrEqual(2);
    expect(count('hand')).toBeGreaterThanOrEqual(50);
    expect(NAMES.filter((n) => count('hand', n) > 0).length).toBeGreaterThanOrEqual(2);
    for (const n of NAMES) {
      expect(count('unanswerable', n), n).toBeGreaterThanOrEqual(30);
      expect(count('gibberish', n), n).toBeGreaterThanOrEqual(30);
    }
  });
  it('every natural and hand query has a relevant item; unanswerable and gibberish queries have none', () => {
    for (const q of all()) {
      if (q.kind === 'natural' || q.kind === 'hand') expect(q.grades.size, `${q.dataset}: ${q.text}`).toBeGreaterThan(0);
      else expect(q.grades.size, `${q.dataset}: ${q.text}`).toBe(0);
      expect(q.rule.length).toBeGreaterThan(10);
    }
  });
  it('grades reference rows of the catalog; ids and texts are unique per catalog', () => {
    for (const { data, queries } of byDataset.values()) {
      const bad = queries.flatMap((q) => [...q.grades].filter(([row, g]) => data.items[row] === undefined || (g !== 1 && g !== 2)));
      expect(bad).toEqual([]);
      expect(new Set(queries.map((q) => q.id)).size).toBe(queries.length);
      expect(new Set(queries.map((q) => `${q.kind}\t${q.text}`)).size).toBe(queries.length);
    }
  });
  it('splits are disjoint and the same on a second build', () => {
    for (const { data, queries } of byDataset.values()) {
      const again = judgedQueries(data);
      expect(again.map((q) => `${q.id} ${q.split}`)).toEqual(queries.map((q) => `${q.id} ${q.split}`));
      const validation = new Set(queries.filter((q) => q.split === 'validation').map((q) => q.text));
      for (const q of queries.filter((x) => x.split === 'test')) expect(validation.has(q.text)).toBe(false);
    }
  });
  it('a natural query grades 2 when every concept holds and 1 on the head alone', () => {
    const steam = byDataset.get('steam-games-catalog')!;
    const q = steam.queries.find((x) => x.text === 'relaxing puzzle game')!;
    for (const [row, g] of q.grades) {
      const raw = steam.data.items[row]!.raw;
      const labels = new Set([...((raw.tags as string[] | undefined) ?? []), ...((raw.genres as string[] | undefined) ?? [])]);
      const addOn = (raw.specs as string[] | undefined)?.includes('Downloadable Content') ?? false;
      expect(labels.has('Puzzle') || labels.has('Puzzle-Platformer') || labels.has('Match 3') || labels.has('Sokoban')).toBe(true);
      expect(g).toBe(labels.has('Relaxing') && !addOn ? 2 : 1);
    }
    expect([...q.grades.values()]).toContain(2);
  });
});
