/**
 * End to end on real data: the shipped similar() and forYou(), over vectors from the real encoder
 * (Node, q8, cached under .cache/vectors), evaluated by the harness on the Office set. Asserts the
 * effects the eval exists to show, each with its paired bootstrap interval, not just that it ran.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATASETS_DIR } from '../test/paths.ts';
import { embedCached } from '../tools/embed-cache.ts';
import { loadDataset } from './dataset.ts';
import { evaluate } from './evaluate.ts';
import { ItemVectors } from './methods.ts';
import { datasetTexts } from './texts.ts';

const OFFICE = join(DATASETS_DIR, 'amazon-office-2014');
const present = existsSync(join(OFFICE, 'derived', 'items.jsonl'));

describe.skipIf(!present)('quality of the shipped ranking on amazon-office-2014', () => {
  it('similar() beats co-occurrence on also_bought; forYou beats the average profile', { timeout: 600_000 }, async () => {
    const data = loadDataset(OFFICE);
    const { texts, rule } = datasetTexts(data, undefined);
    expect(rule).toBe('library default text rule (excluding also_bought, also_viewed)');
    const embedded = await embedCached(texts, { name: data.name });
    const vectors = new ItemVectors(
      data.items.map((i) => i.id),
      embedded.vectors,
      embedded.dims,
    );
    const tasks = evaluate(data, { vectors, rounds: 500, maxQueries: 1000 });
    const method = (task: string, name: string) => tasks.find((t) => t.task === task)!.methods.find((m) => m.name === name)!;

    const bought = tasks.find((t) => t.task === 'item-to-item: also_bought')!;
    expect(bought.reference).toBe('co-occurrence');
    const similar = method(bought.task, 'similar');
    expect(similar.kind).toBe('shipped');
    expect(similar.values.hr10).toBeGreaterThan(0.7);
    expect(similar.vsReference!.hr10!.ci95[0]).toBeGreaterThan(0.15);

    // Averaging the history blurs it: the shipped max-merge is better, with a paired interval above 0.
    const forYou = method('next-item', 'forYou');
    const average = method('next-item', 'average profile');
    expect(forYou.values.hr10! - average.values.hr10!).toBeGreaterThan(0.02);
    // An order of magnitude above chance.
    expect(forYou.values.hr10).toBeGreaterThan(10 * method('next-item', 'random').values.hr10!);
  });
});
