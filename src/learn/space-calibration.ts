/**
 * The random-pair scale of a learned space's query . target scores: the "for you" blend z-scores
 * the space's content term on it (lookup.ts), and the build's held-out witness ranks the same way
 * (held-out.ts), so both see one scale.
 */
import { ScoreCalibration } from '../recommend/calibration.ts';
import { dotF32 } from '../vector-index/dot.ts';
import { Prng } from '../vector-index/prng.ts';

/** Random (query, target) pairs sampled for the calibration, as the raw space samples its pairs. */
export const SPACE_CALIBRATION_PAIRS = 4096;

/**
 * The scale of `query` rows against `target` rows (`count` items of `d` floats each): seeded random
 * pairs of distinct items, so one space always gets the same scale.
 */
export function spaceCalibration(query: Float32Array, target: Float32Array, d: number, count: number): ScoreCalibration {
  const rng = new Prng(0x5eed);
  const scores: number[] = [];
  for (let p = 0; p < SPACE_CALIBRATION_PAIRS && count > 1; p++) {
    const a = rng.int(count);
    const b = (a + 1 + rng.int(count - 1)) % count;
    scores.push(dotF32(query, a * d, target, b * d, d));
  }
  return new ScoreCalibration(scores.length >= 2 ? scores : [0, 1]);
}
