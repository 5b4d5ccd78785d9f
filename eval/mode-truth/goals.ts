/**
 * The goals of issue 27 beside what ships today, each with whether it is met on the reported half.
 * "Today" is the shipped rankers' number; a goal is met only when every shipped variant meets it.
 */
import type { ModeEvalResult } from './evaluate.ts';
import { find, fmt } from './format.ts';

interface Goal {
  goal: string;
  /** What ships, in words, and whether it meets the goal. */
  check(results: readonly ModeEvalResult[]): { today: string; met: boolean | undefined };
}

const set = (dataset: string) => dataset.replace(/-.*$/, '');
const office = (results: readonly ModeEvalResult[]) => results.find((r) => r.modes.some((m) => m.mode === 'complements'));

const GOALS: Goal[] = [
  {
    goal: 'similar: substitute P@8 >= .80',
    check: (results) => {
      const parts: string[] = [];
      let met: boolean | undefined;
      for (const r of results)
        for (const name of ['similar, content only', 'similar + site signals']) {
          const m = find(r, 'similar', 'similar: substitutes', name);
          if (!m) continue;
          parts.push(`${set(r.dataset)} ${name.replace('similar', '').replace(/^, /, '').trim()} ${fmt(m.values.p8!)}`);
          met = (met ?? true) && m.values.p8! >= 0.8;
        }
      return { today: parts.join('; '), met };
    },
  },
  {
    goal: 'similar: Office also_viewed NDCG@10 >= .60 (.5368 before, all 1,590 queries)',
    check: (results) => {
      const r = office(results);
      const m = r && find(r, 'similar', 'similar: also_viewed', 'similar, content only');
      const s = r && find(r, 'similar', 'similar: also_viewed', 'similar + site signals');
      if (!m) return { today: '', met: undefined };
      return {
        today: `content only ${fmt(m.values.ndcg10!)}${s ? `; with signals ${fmt(s.values.ndcg10!)}` : ''}`,
        met: m.values.ndcg10! >= 0.6 && (!s || s.values.ndcg10! >= 0.6),
      };
    },
  },
  {
    goal: 'complements: Office also_bought HR@10 >= .75 (.7317 before) with 0 items shared with similar',
    check: (results) => {
      const r = office(results);
      const m = r && find(r, 'complements', 'complements: also_bought', 'complements');
      const c = r && find(r, 'complements', 'complements: complements', 'complements');
      if (!m) return { today: '', met: undefined };
      const extra = c ? `; on complement truth HR@10 ${fmt(c.values.hr10!)}` : '';
      return {
        today: `HR@10 ${fmt(m.values.hr10!)}, ${m.values.overlap8!.toFixed(2)} of 8 shared with similar${extra}`,
        met: m.values.hr10! >= 0.75 && m.values.overlap8! === 0,
      };
    },
  },
  {
    goal: 'forYou: next item as today (.1193 Office, .1262 MovieLens with signals)',
    check: (results) => ({
      today: results
        .map((r) => [r, find(r, 'for-you', 'for-you: next item', 'forYou + site signals')] as const)
        .filter(([, m]) => m)
        .map(([r, m]) => `${set(r.dataset)} ${fmt(m!.values.hr10!)} (P@8 ${fmt(m!.values.p8!)})`)
        .join('; '),
      met: undefined,
    }),
  },
  {
    goal: 'cold visitor: never the catalog file order',
    check: (results) => {
      const judged = results.filter((r) => r.modes.some((m) => m.mode === 'for-you'));
      const parts = judged.map((r) => {
        const m = find(r, 'for-you', 'for-you: cold', 'forYou, empty history');
        return `${set(r.dataset)} ${r.coldIsFileOrder ? 'file order' : 'not file order'}${m ? `, HR@10 ${fmt(m.values.hr10!)}` : ''}`;
      });
      return { today: parts.join('; '), met: judged.length ? judged.every((r) => !r.coldIsFileOrder) : undefined };
    },
  },
];

/** The goals table. */
export function goalsTable(results: readonly ModeEvalResult[]): string {
  const rows = GOALS.map((g) => {
    const { today, met } = g.check(results);
    return `| ${g.goal} | ${today} | ${met === undefined ? '' : met ? 'yes' : 'no'} |`;
  });
  return ['| goal (issue 27) | today (shipped) | met? |', '|---|---|---|', ...rows].join('\n');
}
