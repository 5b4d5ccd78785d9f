/**
 * The per-mode eval's two halves: every query (a query item, or a user for the cold-visitor task)
 * falls in `validation` or `test` by a 32-bit FNV-1a hash of its id, so the halves are seeded,
 * stable (the same id always lands in the same half, whatever else the catalog holds) and disjoint.
 * Tuning code reads `validation`; the report shows `test`; `all` reproduces the earlier item-to-item
 * numbers, which were measured over every query.
 */

/** Which queries a run scores. */
export type ModeSplit = 'validation' | 'test' | 'all';

/** The salt of the hash: changing it would draw new halves (and invalidate every number measured on them). */
export const SPLIT_SALT = 'inpage-rec mode-truth 27';

/** 32-bit FNV-1a of a string. */
export function fnv1aString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** The half a query id falls in (`validation` or `test`). */
export function halfOf(id: string): 'validation' | 'test' {
  // The top bit: FNV-1a's low bits mix poorly for ids that differ only in their last character.
  return fnv1aString(`${SPLIT_SALT}:${id}`) >>> 31 ? 'test' : 'validation';
}

/** The queries of `split`, in their original order (`id` names a query). */
export function inSplit<Q>(queries: readonly Q[], id: (q: Q) => string, split: ModeSplit): Q[] {
  return split === 'all' ? [...queries] : queries.filter((q) => halfOf(id(q)) === split);
}
