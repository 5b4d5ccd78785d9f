/**
 * The project's methods in the eval table, per task: what ships today, what this branch proposes
 * (the blended modes with their validation-chosen defaults), and named variants. Baselines live in
 * evaluate.ts; every list here needs vectors.
 */
import {
  type BlendWeights,
  CONTENT_BLEND,
  CONTENT_DIVERSITY,
  DEFAULT_BLEND,
  DEFAULT_DIVERSITY,
  type ScoreCalibration,
} from '../src/recommend/index.ts';
import { DEFAULT_EPSILON, DEFAULT_SIGNALS_OPTIONS } from '../src/signals/index.ts';
import type * as baselines from './baselines.ts';
import { splitSignals } from './blend-eval.ts';
import type { MethodSpec } from './evaluate.ts';
import * as methods from './methods.ts';
import { blendContext, complementsScorer, forYouBlendScorer, similarBlendScorer } from './project-methods.ts';

/** What the method lists need besides vectors. */
export interface SpecOptions {
  calibration: ScoreCalibration;
  int8Vectors?: methods.ItemVectors;
  /** Only shipped methods and baselines (the CI variant). */
  quick?: boolean;
}

/**
 * The signal weights the validation proxy of similar() chooses (eval/validation.ts, "similar with
 * signals" row): heavier signals than for-you. Not shipped: on Office also_bought they fall below
 * content alone (the quality test's guard), so similar() keeps the for-you blend.
 */
export const SIMILAR_PROXY_BLEND: Readonly<BlendWeights> = Object.freeze({ ...DEFAULT_BLEND, together: 64, next: 256, popularity: 0 });

/** Budgets besides the default at which the eval reports what privacy costs. */
export const PRIVACY_COST_EPSILONS = [0.5, 4];

const fmt = (w: object) =>
  Object.entries(w)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');

/** Next-item methods; `train` is the split's logs (never a target). */
export function nextItemSpecs(
  v: methods.ItemVectors,
  train: readonly (readonly number[])[],
  co: baselines.HistoryScorer,
  o: SpecOptions,
): MethodSpec<baselines.HistoryScorer>[] {
  const ctx = blendContext(v, o.calibration);
  const signals = splitSignals(v, train);
  const exact = splitSignals(v, train, {}, undefined, 'exact');
  const specs: MethodSpec<baselines.HistoryScorer>[] = [
    {
      name: 'forYou, max-merge (previous default)',
      kind: 'variant',
      description: 'max-merge of per-anchor neighbours, last 10 items, recency decay 0.85 (flat index)',
      scorer: methods.forYouScorer(v),
    },
    {
      name: 'forYou, content only (blend)',
      kind: 'shipped',
      description: `forYouBlended without signals: best anchor's calibrated cosine plus word overlap, ${fmt({ contentDecay: CONTENT_BLEND.contentDecay, wordOverlap: CONTENT_BLEND.wordOverlap, diversity: CONTENT_DIVERSITY })}`,
      scorer: forYouBlendScorer(ctx, undefined, undefined, CONTENT_DIVERSITY),
    },
    {
      name: 'forYou + site signals (blend)',
      kind: 'shipped',
      description: `forYouBlended with together/next/popularity as the build publishes them (epsilon ${DEFAULT_EPSILON} per session, ${fmt(DEFAULT_SIGNALS_OPTIONS)}); ${fmt({ ...DEFAULT_BLEND, diversity: DEFAULT_DIVERSITY })}`,
      scorer: forYouBlendScorer(ctx, signals, undefined, DEFAULT_DIVERSITY),
    },
    {
      name: 'forYou + exact site signals (not published)',
      kind: 'variant',
      description: 'the same blend over exact counts (minSupport 2): what the logs hold, which no artifact carries since issue 29',
      scorer: forYouBlendScorer(ctx, exact, undefined, DEFAULT_DIVERSITY),
    },
    {
      name: 'average profile',
      kind: 'variant',
      description: 'nearest neighbours of the mean of the last 10 vectors',
      scorer: methods.averageProfileScorer(v),
    },
  ];
  if (o.quick) return specs;
  // The quality cost of privacy at two other budgets (issue 29): the same blend and seeded noise.
  for (const epsilon of PRIVACY_COST_EPSILONS)
    specs.push({
      name: `forYou + site signals, epsilon ${epsilon}`,
      kind: 'variant',
      description: `the shipped blend over the release at epsilon ${epsilon} per session (shipped: ${DEFAULT_EPSILON})`,
      scorer: forYouBlendScorer(ctx, splitSignals(v, train, {}, undefined, { epsilon }), undefined, DEFAULT_DIVERSITY),
    });
  specs.push(
    {
      name: 'forYou + exact site signals, no diversity',
      kind: 'variant',
      description: 'the exact-signals blend with diversity 0',
      scorer: forYouBlendScorer(ctx, exact),
    },
    {
      name: 'forYou + exact site signals, minSupport 1',
      kind: 'variant',
      description: 'the same blend with signals that keep pairs seen in one session only (less private)',
      scorer: forYouBlendScorer(ctx, splitSignals(v, train, { minSupport: 1 }, undefined, 'exact'), undefined, DEFAULT_DIVERSITY),
    },
    { name: 'last-item neighbours', kind: 'variant', description: 'similar() of the last item only', scorer: methods.lastItemScorer(v) },
    {
      name: 'max-merge, no decay',
      kind: 'variant',
      description: 'forYou with every anchor weighted 1',
      scorer: methods.forYouNoDecayScorer(v),
    },
    {
      name: 'last item + co-occurrence (RRF)',
      kind: 'variant',
      description: 'reciprocal rank fusion of cosine to the last item and co-occurrence',
      scorer: methods.fusionScorer(v, co),
    },
  );
  if (o.int8Vectors)
    specs.push({
      name: 'forYou (int8 index)',
      kind: 'variant',
      description: 'forYou over the int8 index',
      scorer: methods.forYouScorer(o.int8Vectors),
    });
  return specs;
}

/** Item-to-item methods; `sequences` are all interactions (this task has no held-out target). */
export function itemToItemSpecs(
  v: methods.ItemVectors,
  sequences: readonly (readonly number[])[],
  model: baselines.Cooccurrence | undefined,
  o: SpecOptions,
): MethodSpec<baselines.ItemScorer>[] {
  const ctx = blendContext(v, o.calibration);
  const specs: MethodSpec<baselines.ItemScorer>[] = [
    {
      name: 'similar',
      kind: 'shipped',
      description: `similarBlended without signals: cosine plus word overlap (${fmt({ wordOverlap: CONTENT_BLEND.wordOverlap })}, flat index)`,
      scorer: similarBlendScorer(ctx, undefined),
    },
    // In the quick list too: the quality test checks word overlap against it.
    {
      name: 'similar, cosine only (previous default)',
      kind: 'variant',
      description: 'nearest neighbours by cosine alone (flat index)',
      scorer: methods.similarScorer(v),
    },
  ];
  if (sequences.length) {
    const signals = splitSignals(v, sequences);
    const exact = splitSignals(v, sequences, {}, undefined, 'exact');
    specs.push(
      {
        name: 'similar + site signals (blend)',
        kind: 'shipped',
        description: 'similarBlended: the for-you blend with one anchor (weights from the next-item validation split)',
        scorer: similarBlendScorer(ctx, signals),
      },
      {
        name: 'complements',
        kind: 'shipped',
        description: `"together" list as published (epsilon ${DEFAULT_EPSILON}; ${fmt(DEFAULT_SIGNALS_OPTIONS)}), then content-similar items (cosine plus word overlap); content only when an item has none`,
        scorer: complementsScorer(ctx, signals),
      },
      {
        name: 'similar + exact site signals (not published)',
        kind: 'variant',
        description: 'similarBlended over exact counts (minSupport 2)',
        scorer: similarBlendScorer(ctx, exact),
      },
      {
        name: 'complements, exact signals (not published)',
        kind: 'variant',
        description: 'complements over exact counts (minSupport 2): the "together" lists the logs hold',
        scorer: complementsScorer(ctx, exact),
      },
    );
  }
  if (o.quick) return specs;
  if (o.int8Vectors)
    specs.push({
      name: 'similar, cosine only (int8 index)',
      kind: 'variant',
      description: 'nearest neighbours by cosine alone over the int8 index',
      scorer: methods.similarScorer(o.int8Vectors),
    });
  if (sequences.length)
    specs.push({
      name: 'similar + site signals, proxy weights',
      kind: 'variant',
      description: `similarBlended with ${fmt({ together: SIMILAR_PROXY_BLEND.together, next: SIMILAR_PROXY_BLEND.next, popularity: SIMILAR_PROXY_BLEND.popularity })}: what the validation proxy of similar() (the newest history item alone) prefers; not shipped`,
      scorer: similarBlendScorer(ctx, splitSignals(v, sequences, {}, undefined, 'exact'), SIMILAR_PROXY_BLEND),
    });
  if (model)
    specs.push({
      name: 'similar + co-occurrence (RRF)',
      kind: 'variant',
      description: 'reciprocal rank fusion of cosine and co-occurrence',
      scorer: methods.similarFusionScorer(v, model),
    });
  return specs;
}
