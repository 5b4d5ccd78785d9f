/**
 * Answers from a first visit's starter (starter.ts) for calls made before the catalog is known:
 * the starter's records in their order, the asked item, `excludeIds` and what `filter` refuses
 * left out, `k` of them, each marked `warming` with the starter's `basis` (`popular` or `sample`),
 * so a widget says they are stand-ins. When the catalog is known the page hears `refresh`
 * (`catalog`) and asks again. Search waits for the catalog as before: a query needs its words.
 */
import type { Starter } from '../../artifact/starter-file.ts';
import type { AnyMode } from '../../modes/index.ts';
import type { Recommendation } from '../../types/index.ts';
import { compileFilter } from '../../vector-index/filter.ts';
import type { Lifecycle } from '../lifecycle.ts';
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

/** Decides, per call, whether the starter answers it; tells the page when the catalog takes over. */
export class StarterAnswers {
  private known = false;
  private shown = false;

  constructor(private readonly life: Lifecycle) {
    life.catalogKnown.promise.then(
      () => {
        this.known = true;
        if (this.shown) life.emit({ type: 'refresh', reason: 'catalog' });
      },
      () => undefined,
    );
  }

  /**
   * The starter's answer to a call of `mode`, or undefined when the call should wait for the
   * catalog as usual: no starter (not a first visit, none built, or it failed), the catalog known
   * already or before the starter came, or a search.
   */
  async answer(
    starter: Promise<Starter | undefined> | undefined,
    mode: AnyMode,
    args: readonly unknown[],
  ): Promise<Recommendation[] | undefined> {
    if (this.known || !starter || mode.input === 'query') return undefined;
    const got = await Promise.race([
      starter,
      this.life.catalogKnown.promise.then(
        () => undefined,
        () => undefined,
      ),
    ]);
    if (!got || this.known) return undefined;
    const recs = starterRecommendations(got, mode, args);
    this.shown = true;
    return recs;
  }
}
