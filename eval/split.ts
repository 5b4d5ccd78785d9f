/**
 * The two leave-out splits of the next-item task:
 *
 * - test: each user's LAST item is the target, everything before it the history; the site's logs
 *   (what signals and baselines are built from) are every user's history without its target.
 * - validation: each user's SECOND-TO-LAST item is the target, everything before it the history;
 *   the logs are every user's sequence without its last two items. Every default is chosen here,
 *   and the test targets (and the validation targets) never reach what the choice was built from.
 */
import type { Dataset } from './dataset.ts';

/** One user's query. */
export interface UserQuery {
  history: number[];
  target: number;
}

/** A split: the queries and the sequences standing in for the site's logs. */
export interface Split {
  name: 'test' | 'validation';
  users: UserQuery[];
  train: number[][];
}

/** The split `name` of `data`'s sequences (users with too short a sequence have no query in it). */
export function nextItemSplit(data: Dataset, name: Split['name']): Split {
  const cut = name === 'test' ? 1 : 2;
  const users: UserQuery[] = [];
  const train: number[][] = [];
  for (const s of data.sequences) {
    const kept = s.slice(0, Math.max(0, s.length - cut));
    train.push(kept);
    if (kept.length >= 1) users.push({ history: kept, target: s[s.length - cut]! });
  }
  return { name, users, train };
}
