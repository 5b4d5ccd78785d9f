/**
 * Steam substitutes (steam-games-catalog): two games are substitutes when they share a core genre
 * and enough of their descriptive tags.
 *
 * - Core genres: `genres` minus the ones that say how a game is sold or made, not what it is
 *   (`NON_CORE_GENRES`: Indie, Casual, Early Access, Free to Play, Massively Multiplayer).
 * - Descriptive tags: the first `TAG_DEPTH` of `tags` (Steam orders them by votes) minus every
 *   genre name (the genres already count) and `GENERIC_TAGS` (play modes and praise: Singleplayer,
 *   Great Soundtrack, 2D, Atmospheric...).
 * - grade 2: a shared core genre, at least 3 shared descriptive tags, Jaccard >= `JACCARD_2`;
 *   grade 1: a shared core genre, at least 2 shared descriptive tags, Jaccard >= `JACCARD_1`.
 * - Queries: games with a core genre and at least 3 descriptive tags (fewer say too little to
 *   judge) and at least one relevant game.
 */
import type { Dataset } from '../dataset.ts';
import type { GradedTruth } from './truth.ts';

/** Genres that say how a game is sold or made, not what it is. */
export const NON_CORE_GENRES: ReadonlySet<string> = new Set(['Indie', 'Casual', 'Early Access', 'Free to Play', 'Massively Multiplayer']);
/** Tags that fit nearly any game (modes, praise, look): never descriptive. */
export const GENERIC_TAGS: ReadonlySet<string> = new Set(
  (
    'Singleplayer|Multiplayer|Great Soundtrack|2D|3D|Atmospheric|Story Rich|Difficult|Funny|Cute|Family Friendly|Classic|' +
    'Replay Value|Female Protagonist|Character Customization|Co-op|Online Co-Op|Local Co-Op|Local Multiplayer|4 Player Local|' +
    'Short|Relaxing|Beautiful|Masterpiece|Addictive|Colorful|Cartoony|Memes|Competitive|Fast-Paced|Minimalist|Realistic'
  ).split('|'),
);
/** How many of a game's tags (most voted first) are read. */
export const TAG_DEPTH = 10;
/** Jaccard of the descriptive tags for grade 1 (with at least 2 shared). */
export const JACCARD_1 = 0.4;
/** Jaccard of the descriptive tags for grade 2 (with at least 3 shared). */
export const JACCARD_2 = 0.6;

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.map((x) => String(x).replace(/&amp;/g, '&')) : []);

/** Whether `data` has what the Steam rule reads: `genres`, `tags` and `specs` lists. */
export function isSteamLike(data: Dataset): boolean {
  const first = data.items[0]?.raw;
  return !!first && ['genres', 'tags', 'specs'].every((f) => Array.isArray(first[f]));
}

/** The Steam substitute truth. */
export function steamSubstitutes(data: Dataset): GradedTruth {
  const genreNames = new Set(data.items.flatMap((it) => strings(it.raw.genres)));
  const genreBit = new Map([...genreNames].filter((g) => !NON_CORE_GENRES.has(g)).map((g, i) => [g, 1 << i] as const));
  if (genreBit.size > 31) throw new Error(`steam truth: ${genreBit.size} core genres do not fit one mask`);
  const core = data.items.map((it) => strings(it.raw.genres).reduce((m, g) => m | (genreBit.get(g) ?? 0), 0));
  const tagId = new Map<string, number>();
  const tags = data.items.map((it) => {
    const kept = strings(it.raw.tags)
      .slice(0, TAG_DEPTH)
      .filter((t) => !genreNames.has(t) && !GENERIC_TAGS.has(t));
    return [...new Set(kept)].map((t) => tagId.get(t) ?? tagId.set(t, tagId.size).get(t)!);
  });
  const postings: number[][] = Array.from({ length: tagId.size }, () => []);
  tags.forEach((ts, row) => {
    for (const t of ts) postings[t]!.push(row);
  });
  const shared = new Int32Array(data.items.length);
  const grades = (row: number) => {
    const out = new Map<number, number>();
    if (!core[row] || tags[row]!.length < 3) return out;
    const touched: number[] = [];
    for (const t of tags[row]!)
      for (const other of postings[t]!) {
        if (other === row) continue;
        shared[other] = shared[other]! + 1;
        if (shared[other] === 1) touched.push(other);
      }
    for (const other of touched) {
      const s = shared[other]!;
      shared[other] = 0;
      if (s < 2 || !(core[row]! & core[other]!)) continue;
      const jaccard = s / (tags[row]!.length + tags[other]!.length - s);
      if (s >= 3 && jaccard >= JACCARD_2) out.set(other, 2);
      else if (jaccard >= JACCARD_1) out.set(other, 1);
    }
    return out;
  };
  const queries = data.items.map((_, row) => row).filter((row) => grades(row).size > 0);
  return {
    name: 'substitutes',
    rule: `a shared core genre and descriptive tags (first ${TAG_DEPTH} tags minus genres and generic ones): grade 2 >= 3 shared, Jaccard >= ${JACCARD_2}; grade 1 >= 2 shared, Jaccard >= ${JACCARD_1}`,
    queries,
    grades,
  };
}
