/**
 * Answers from a first visit's starter (starter.ts) for calls made before the catalog is known:
 * the starter's records in their order, the asked item, `excludeIds` and what `filter` refuses
 * left out, `k` of them, each marked `warming` with the starter's `basis` (`popular` or `sample`),
 * so a widget says they are stand-ins (early-answers.ts decides when they are used).
 */
import type { Starter } from '../../artifact/starter-file.ts';
import type { AnyMode } from '../../modes/index.ts';
import type { Recommendation } from '../../types/index.ts';
import { compileFilter } from '../../vector-index/filter.ts';
import { checkInput, checkRankOptions } from '../ranking/rank-options.ts';

/** The starter's recommendations for a call of `mode` with the page's `args` (input, then options). */
export function starterRecommendations(starter: Starter, mode: AnyMode, args: readonly unknown[]): Recommendation[] {
  const takesInput = mode.input !== 'none';
  const input = mode.input === 'none' ? undefined : checkInput(mode.method, mode.input, args[0]);
  const { k, filter, excludeIds } = checkRankOptions(mode.method, takesInput ? args[1] : args[0]);
  const byKey = new Map(starter.items.map((item) => [String(item.id), item]));
  const matches = filter && compileFilter(filter, (key) => byKey.get(key));
  const excluded = new Set([...(excludeIds ?? []).map(String), ...(input === undefined ? [] : [input])]);
  const out: Recommendation[] = [];
  for (const [key, item] of byKey) {
    if (out.length === k) break;
    if (excluded.has(key) || (matches && !matches(key))) continue;
    out.push({ id: item.id, item, score: 0, warming: true, basis: starter.basis });
  }
  return out;
}
