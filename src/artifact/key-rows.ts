/**
 * Each key's row in an artifact's `keys` section, built once per decoded keys array. A first visit
 * looked the artifact's keys up in three maps of its own (the head's, the content hashes by key,
 * the adoption's): three passes over 100k keys and three maps alive at once on the way to the
 * first answer. The keys arrays themselves are shared (read.ts `readKeys`), so one map serves them.
 */
const built = new WeakMap<readonly string[], ReadonlyMap<string, number>>();

/** The row of every key of `keys` (the last, should a key repeat, as each map did before). */
export function keyRows(keys: readonly string[]): ReadonlyMap<string, number> {
  let rows = built.get(keys);
  if (!rows) {
    const map = new Map<string, number>();
    for (let i = 0; i < keys.length; i++) map.set(keys[i]!, i);
    rows = map;
    built.set(keys, rows);
  }
  return rows;
}

/** Content hashes by key, read through `keyRows` without a map of their own. */
export interface HashLookup {
  get(key: string): string | undefined;
  has(key: string): boolean;
}

/** `hashes[i]` by `keys[i]`, looked up through the keys' shared rows. */
export function hashLookup(keys: readonly string[], hashes: readonly string[]): HashLookup {
  const rows = keyRows(keys);
  return {
    get: (key) => {
      const row = rows.get(key);
      return row === undefined ? undefined : hashes[row];
    },
    has: (key) => rows.has(key),
  };
}
