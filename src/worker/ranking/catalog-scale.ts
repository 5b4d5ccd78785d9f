/**
 * The catalog's score scale as ranking uses it: the random-pair calibration (sampled once per
 * version of the index), item-to-item cosines, and the relevance cut-off (`minScore`) built on them.
 */

import type { ScoreScale } from '../../modes/rankers.ts';
import { applyMinScore, type RankedItem, ScoreCalibration } from '../../recommend/index.ts';
import { dotF32 } from '../../vector-index/dot.ts';
import type { CatalogState } from '../catalog/catalog-state.ts';

/** A list filter: the items of a ranked list that pass. */
export type CutOff = (items: RankedItem[]) => RankedItem[];

/** Calibration, cosines and cut-offs over one catalog's current vectors. */
export class CatalogScale implements ScoreScale {
  private calibration: { version: number; value: ScoreCalibration; keys: string[] } | undefined;

  constructor(private readonly state: Pick<CatalogState, 'index' | 'entries' | 'version'>) {}

  /** The catalog's random-pair score scale, sampled once per version of the index (~1 ms). */
  calibrate(): ScoreCalibration | undefined {
    const { index, entries, version } = this.state;
    if (!index) return undefined;
    if (this.calibration?.version !== version) {
      const keys = [...entries.keys()].filter((k) => index.has(k));
      this.calibration = { version, value: ScoreCalibration.fromIndex(index, keys), keys };
    }
    return this.calibration.value;
  }

  /** The keys with vectors the calibration sampled (kept with it, once per version). */
  keys(): string[] {
    this.calibrate();
    return this.calibration?.keys ?? [];
  }

  /** Cosine of two items' vectors (undefined when either has none). */
  cosine(a: string, b: string): number | undefined {
    const index = this.state.index;
    const va = index?.vector(a);
    const vb = index?.vector(b);
    return va && vb ? dotF32(va, 0, vb, 0, va.length) : undefined;
  }

  /**
   * The relevance cut-off at `minScore` (on the catalog's random-pair scale) as a list filter, or
   * undefined for none (0). An item whose similarity cannot be judged (no vector) is kept.
   */
  cutOff(minScore: number, similarity: (r: RankedItem) => number | undefined): CutOff | undefined {
    const calibration = minScore > 0 ? this.calibrate() : undefined;
    if (!calibration) return undefined;
    return (items) => applyMinScore(items, minScore, calibration, (r) => similarity(r) ?? Number.POSITIVE_INFINITY);
  }
}
