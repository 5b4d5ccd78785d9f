import { describe, expect, it } from 'vitest';
import { evaluateSearchTruth } from './evaluate.ts';
import { truthSummary, truthTable } from './report.ts';
import type { JudgedQuery, QueryKind, TruthSplit } from './types.ts';

const query = (text: string, kind: QueryKind, split: TruthSplit, grades: [number, 1 | 2][] = []): JudgedQuery => ({
  id: text,
  dataset: 'tiny',
  text,
  kind,
  split,
  grades: new Map(grades),
  rule: 'test rule',
});

describe('evaluateSearchTruth', () => {
  const queries = [
    query('a', 'natural', 'test', [
      [1, 2],
      [2, 1],
    ]),
    query('b', 'natural', 'test', [[3, 2]]),
    query('c', 'natural', 'validation', [[1, 2]]),
    query('d', 'unanswerable', 'test'),
    query('e', 'gibberish', 'test'),
  ];
  // `good` ranks the relevant rows first and answers nothing for unanswerable queries; `bad` misses.
  const good = async (q: JudgedQuery) => (q.grades.size ? [...q.grades.keys()] : []);
  const bad = async () => [7, 8, 9];

  it('scores only the chosen split, with graded metrics, empty shares and paired differences', async () => {
    const result = await evaluateSearchTruth(queries, { good, bad }, 'test', 200);
    expect(result.queries.map((q) => q.text)).toEqual(['a', 'b', 'd', 'e']);
    const row = (kind: QueryKind, method: string) => result.rows.find((r) => r.kind === kind && r.method === method)!;
    expect(row('natural', 'good').ndcg10!.mean).toBeCloseTo(1);
    expect(row('natural', 'good').p8!.mean).toBeCloseTo((2 / 8 + 1 / 8) / 2);
    expect(row('natural', 'good').success8!.mean).toBe(1);
    expect(row('natural', 'bad').ndcg10!.mean).toBe(0);
    expect(row('natural', 'good').ndcgVs!.bad!.mean).toBeCloseTo(1);
    expect(row('natural', 'bad').ndcgVs!.good!.mean).toBeCloseTo(-1);
    expect(row('unanswerable', 'good').empty!.mean).toBe(1);
    expect(row('gibberish', 'bad').empty!.mean).toBe(0);
    expect(row('gibberish', 'bad').ndcg10).toBeUndefined();
    expect(result.rows.every((r) => r.split === 'test')).toBe(true);
  });

  it('reports both splits with "all", and renders its tables', async () => {
    const result = await evaluateSearchTruth(queries, { hybrid: good, keyword: bad }, 'all', 200);
    expect(new Set(result.rows.map((r) => r.split))).toEqual(new Set(['validation', 'test']));
    const table = truthTable(result, 'test');
    expect(table).toContain('| tiny | natural (2) | **hybrid** | 1.000 [1.000, 1.000]');
    expect(table).toContain('Δ NDCG@10 hybrid − keyword');
    expect(truthSummary(result)).toContain('| tiny | 1.000 / .000 |');
  });
});
