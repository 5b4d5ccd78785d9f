/**
 * The modes the per-mode eval judges, run as a page runs them: through `RANKERS`
 * (src/modes/rankers.ts) over an `EvalCatalog` (eval/mode-context.ts). A caller may swap any
 * mode's ranker or options (to judge a change, or to choose a default on the validation split).
 */
import type { LearnedLookup } from '../../src/learn/lookup.ts';
import { rankerFor } from '../../src/modes/ranker.ts';
import { RANKERS, type RankContext, type ResolvedOptions } from '../../src/modes/rankers.ts';
import { similar } from '../../src/modes/similar.ts';
import { type BlendWeights, type FullShare, similarBlended } from '../../src/recommend/index.ts';
import type { SignalLookup } from '../../src/signals/index.ts';
import { type EvalCatalog, evalOptions, rankRows } from '../mode-context.ts';

/** The modes judged on their own truth (search has its own eval: eval/search-eval.ts). */
export const JUDGED_MODES = ['similar', 'complements', 'for-you'] as const;

/** One of `JUDGED_MODES`. */
export type JudgedMode = (typeof JUDGED_MODES)[number];

/** A ranker per judged mode. */
export type ModeRankers = { readonly [N in JudgedMode]: (typeof RANKERS)[N] };

/** What ships: `RANKERS`' own. */
export const SHIPPED_RANKERS: ModeRankers = { similar: RANKERS.similar, complements: RANKERS.complements, 'for-you': RANKERS['for-you'] };

/**
 * A similar ranker of the content blend alone with `weights`, word overlap read with `fullShare`, the list as
 * ranked (no line caps): what tuning scripts vary against the shipped one.
 */
export function similarWith(weights: Readonly<BlendWeights>, fullShare: FullShare): ModeRankers['similar'] {
  return rankerFor(similar, (ctx, key, o) => {
    const options = {
      weights,
      calibration: ctx.scale.calibrate(),
      wordOverlap: ctx.wordOverlapFor(undefined, fullShare),
      known: ctx.known,
      signalCandidates: false,
    };
    return { items: similarBlended(ctx.catalog.index!, key, o.k, o.filter, ctx.profile.dismissed, options), warming: false };
  });
}

/** Options per judged mode beyond `k` (e.g. `diversity`, `minScore`), as a page would pass them. */
export type ModeOptions = { readonly [N in JudgedMode]?: Partial<ResolvedOptions> };

/** How long a list each call asks for: every metric reads the first 10 (P@8 the first 8). */
export const MODE_LIST_K = 20;

/** Scores of a ranked list: its rows by position (first highest), every other row -Infinity (tied last). */
export function listScores(n: number, rows: readonly number[]): Float64Array {
  const out = new Float64Array(n).fill(Number.NEGATIVE_INFINITY);
  rows.forEach((row, i) => {
    out[row] = rows.length - i;
  });
  return out;
}

/** Runs judged modes over one catalog with the given rankers and options. */
export class ModeRunner {
  private readonly contexts = new Map<SignalLookup | undefined, RankContext>();

  constructor(
    readonly catalog: EvalCatalog,
    readonly rankers: ModeRankers = SHIPPED_RANKERS,
    readonly options: ModeOptions = {},
    /** The shop's learned space, in every mode's context as a page with the artifact's `learned` section has it. */
    readonly learned?: LearnedLookup,
  ) {}

  /** The ranked rows of an item mode for the item in `row` (the page's item), with or without the site's signals. */
  item(mode: 'similar' | 'complements', row: number, signals: SignalLookup | undefined): Promise<number[]> {
    const ctx = this.itemContext(signals);
    return rankRows(this.catalog, this.rankers[mode], ctx, this.catalog.data.items[row]!.id, this.resolved(mode));
  }

  /** The ranked rows of "for you" for a visitor whose history is `history` (rows, oldest first). */
  forYou(history: readonly number[], signals: SignalLookup | undefined): Promise<number[]> {
    const ctx = this.catalog.context({ history, signals, ...(this.learned ? { learned: this.learned } : {}) });
    return rankRows(this.catalog, this.rankers['for-you'], ctx, undefined, this.resolved('for-you'));
  }

  /** An item mode as a scorer (full-length scores of its list). */
  itemScorer(mode: 'similar' | 'complements', signals: SignalLookup | undefined): (row: number) => Promise<Float64Array> {
    const n = this.catalog.data.items.length;
    return async (row) => listScores(n, await this.item(mode, row, signals));
  }

  /** "For you" as a scorer of histories. */
  forYouScorer(signals: SignalLookup | undefined): (history: readonly number[]) => Promise<Float64Array> {
    const n = this.catalog.data.items.length;
    return async (history) => listScores(n, await this.forYou(history, signals));
  }

  private resolved(mode: JudgedMode): ResolvedOptions {
    return evalOptions(MODE_LIST_K, this.options[mode]);
  }

  private itemContext(signals: SignalLookup | undefined): RankContext {
    let ctx = this.contexts.get(signals);
    if (!ctx) {
      ctx = this.catalog.context({ signals, ...(this.learned ? { learned: this.learned } : {}) });
      this.contexts.set(signals, ctx);
    }
    return ctx;
  }
}
