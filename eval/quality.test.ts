/**
 * End to end on real data: the shipped similar(), forYou() (content only and blended) and complements, over
 * vectors from the real encoder (Node, q8, cached under .cache/vectors), evaluated by the harness on
 * the Office set (every user and query item, the quick method list). Asserts the effects
 * the eval exists to show, each on measured numbers with paired bootstrap intervals, not just that
 * it ran: the defaults stay above the baselines.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATASETS_DIR } from '../test/paths.ts';
import { loadDataset } from './dataset.ts';
import { embeddedItems } from './embedded-items.ts';
import { COLD_TASK, evaluate, type TaskResult } from './evaluate.ts';
import { datasetTexts } from './texts.ts';

const OFFICE = join(DATASETS_DIR, 'amazon-office-2014');
const present = existsSync(join(OFFICE, 'derived', 'items.jsonl'));

describe.skipIf(!present)('quality of the shipped ranking on amazon-office-2014', () => {
  let tasks: TaskResult[] = [];
  const method = (task: string, name: string) => {
    const m = tasks.find((t) => t.task === task)?.methods.find((x) => x.name === name);
    if (!m) throw new Error(`no method ${name} in task ${task}`);
    return m;
  };

  // Every user and list, not the first 1,000 (46 s): with the window-10 signals the first 1,000 users
  // happened to favour the previous blend (forYou + signals .0930 vs .0980; Δ vs transitions
  // [-.0023, ...]) while all 4,905 favour the new one (.1193 vs .1123; Δ [+.0177, +.0334]): a
  // 1,000-user sample decided the assertion by which users came first.
  it('evaluates the quick method list on every user and query item', { timeout: 600_000 }, async () => {
    const data = loadDataset(OFFICE);
    const { texts, rule } = datasetTexts(data, undefined);
    expect(rule).toBe('library default text rule (excluding also_bought, also_viewed)');
    const { vectors } = await embeddedItems(data, texts);
    tasks = evaluate(data, { vectors, rounds: 500, quick: true });
    // The measured numbers, in the test log: what the assertions below were checked against.
    for (const t of tasks) console.info(`${t.task}: ${t.methods.map((m) => `${m.name} ${m.values.hr10!.toFixed(4)}`).join('; ')}`);
    expect(tasks.map((t) => t.task)).toEqual(['next-item', COLD_TASK, 'item-to-item: also_bought', 'item-to-item: also_viewed']);
  });

  it('similar() beats co-occurrence on also_bought; forYou beats the average profile', () => {
    const bought = tasks.find((t) => t.task === 'item-to-item: also_bought')!;
    expect(bought.reference).toBe('co-occurrence');
    const similar = method(bought.task, 'similar');
    expect(similar.kind).toBe('shipped');
    expect(similar.values.hr10).toBeGreaterThan(0.7);
    expect(similar.vsReference!.hr10!.ci95[0]).toBeGreaterThan(0.15);

    // Averaging the history blurs it: keeping anchors apart (the max-merge) is better.
    const forYou = method('next-item', 'forYou, max-merge (previous default)');
    const average = method('next-item', 'average profile');
    expect(forYou.values.hr10! - average.values.hr10!).toBeGreaterThan(0.02);
    // An order of magnitude above chance.
    expect(forYou.values.hr10).toBeGreaterThan(10 * method('next-item', 'random').values.hr10!);
  });

  it('forYou with site signals: the blend over exact counts beats transitions; the published release never costs content', () => {
    const task = tasks.find((t) => t.task === 'next-item')!;
    expect(task.reference).toBe('transitions');
    // The blend's reach, over the exact counts no artifact carries since issue 29 (measured on all
    // 4,905 users: .1217 vs transitions .0939; .1193 before word overlap for unlisted anchors).
    const exact = method('next-item', 'forYou + exact site signals (not published)');
    expect(exact.vsReference!.hr10!.ci95[0]).toBeGreaterThan(0);
    expect(exact.values.hr10).toBeGreaterThan(0.09);
    // What ships: the differentially private release (epsilon 1). On these logs it hides almost
    // every pair (measured .0813 vs content alone .0795): signals may add little, never subtract.
    const published = method('next-item', 'forYou + site signals (blend)');
    expect(published.kind).toBe('shipped');
    expect(published.values.hr10).toBeGreaterThanOrEqual(method('next-item', 'forYou, content only (blend)').values.hr10!);
  });

  it('forYou from content alone (blend) keeps the max-merge advantage over the average profile', () => {
    // Measured on these users before word overlap: .0756 vs .0375 (docs/quality.md has the current numbers).
    const content = method('next-item', 'forYou, content only (blend)');
    expect(content.values.hr10! - method('next-item', 'average profile').values.hr10!).toBeGreaterThan(0.02);
    expect(content.values.hr10).toBeGreaterThan(10 * method('next-item', 'random').values.hr10!);
  });

  it('cold targets: content keeps them reachable where co-occurrence and transitions cannot', () => {
    const cold = COLD_TASK;
    expect(method(cold, 'co-occurrence').values.hr10).toBeLessThan(0.005);
    expect(method(cold, 'transitions').values.hr10).toBeLessThan(0.005);
    expect(method(cold, 'forYou + site signals (blend)').values.hr10).toBeGreaterThan(0.02);
    expect(method(cold, 'forYou, content only (blend)').values.hr10).toBeGreaterThan(0.02);
  });

  it('complements beat co-occurrence alone on also_bought; word overlap and signals each beat cosine alone on NDCG@10', () => {
    const task = 'item-to-item: also_bought';
    expect(method(task, 'complements').vsReference!.hr10!.ci95[0]).toBeGreaterThan(0);
    const cosineOnly = method(task, 'similar, cosine only (previous default)').values.ndcg10!;
    // Measured: .2895 cosine alone, .3277 with word overlap (terms 4, chosen on validation), .3034 with signals.
    // With signals, validation chose no word overlap (terms 0), so similar() with signals sits below
    // content-only similar() on also_bought (docs/quality.md); both must stay above cosine alone.
    expect(method(task, 'similar').values.ndcg10! - cosineOnly).toBeGreaterThan(0.02);
    expect(method(task, 'similar + site signals (blend)').values.ndcg10).toBeGreaterThan(cosineOnly);
  });
});
