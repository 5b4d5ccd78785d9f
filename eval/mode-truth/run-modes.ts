/**
 * The per-mode eval as `npm run eval` runs it: every dataset with a truth, the test half, one
 * markdown section (goals, one table per mode, the truths) and the results for eval.json.
 */
import { evaluateModes, type ModeEvalInput, type ModeEvalResult } from './evaluate.ts';
import { modeTruths } from './mode-truths.ts';
import { modeReport } from './report.ts';

/** Whether the per-mode eval has anything to judge on `input` (a truth, or interactions for "for you"). */
export function judgeable(input: Pick<ModeEvalInput, 'data'>): boolean {
  return input.data.sequences.length > 0 || Object.keys(modeTruths(input.data)).length > 0;
}

/** Runs the per-mode eval on the test half of every input; the markdown section and the results. */
export async function modeSection(
  inputs: readonly ModeEvalInput[],
  options: { rounds?: number; maxQueries?: number; log?: (message: string) => void } = {},
): Promise<{ markdown: string; results: ModeEvalResult[] }> {
  const results: ModeEvalResult[] = [];
  for (const input of inputs) {
    const result = await evaluateModes(input, {
      split: 'test',
      ...(input.modes ? { modes: input.modes } : {}),
      rounds: options.rounds,
      maxQueries: options.maxQueries,
      onProgress: (m) => options.log?.(`${input.data.name}: modes: ${m}`),
    });
    options.log?.(`${input.data.name}: per-mode eval in ${result.seconds.toFixed(1)} s`);
    results.push(result);
  }
  return { markdown: results.length ? modeReport(results) : '', results };
}
