/**
 * Known-item search queries built from a dataset's own items (seeded, so every run asks the same):
 * each query was written from one item, and that item is the one right answer.
 *
 * - `title words`: 3 consecutive words of the item's title (Office: its text without the brand).
 * - `typo`: the same with one edit (a substituted, dropped or swapped letter) in a word of 5+ letters.
 * - `brand + model`: the brand and a model-number token (a word with a digit), when the item has both.
 * - `text words`: 4 distinct words drawn from anywhere in the item's text, shuffled (how people
 *   describe a thing they half remember; stands in for "words of the description").
 * - `synonyms`: 3 consecutive title words with at least 2 of them swapped for a WordNet synonym
 *   that the item's text does not contain (eval/synonyms.ts): the shopper's words are not the
 *   catalog's ("holiday" for "vacation"). The query variation "synonym swap" of Penha et al. 2022,
 *   "Evaluating the Robustness of Retrieval Pipelines with Query Variation Generators" (ECIR). It
 *   is the one type where keyword search cannot match the answer on every word, so it is where
 *   the vector side of hybrid search has to earn its place. Only built when `synonyms` is passed.
 *
 * Two disjoint sets: `validation` (tuning the fusion weight and field boosts) and `test` (reported).
 */
import { isIdentifierKey } from '../src/catalog/text.ts';
import { Prng } from '../src/vector-index/prng.ts';
import type { Dataset } from './dataset.ts';
import { officeBrands } from './search-truth/office-kinds.ts';
import { wordNetSynonyms } from './synonyms.ts';

/** One known-item query. */
export interface SearchQuery {
  type: string;
  text: string;
  /** Row of the item it was written from. */
  target: number;
}

const STOP = new Set(['the', 'and', 'for', 'with', 'of', 'a', 'an', 'in', 'on', 'to', 'by', 'or', 'x', 'pack', 'count']);
const words = (s: string) => s.split(/[^\p{L}\p{N}'-]+/u).filter((w) => w.length >= 2);

/** Title and brand of an item, from `title`/`brand` fields or (Office) from its text and brand group. */
function titleAndBrand(data: Dataset, row: number, brands: Map<number, string>): { title: string; brand?: string } {
  const raw = data.items[row]!.raw;
  const brand = typeof raw.brand === 'string' ? raw.brand : brands.get(row);
  if (typeof raw.title === 'string') return { title: raw.title.replace(/\(\d{4}\)\s*$/, '').trim(), brand };
  const text = String(raw.text ?? '');
  return { title: brand && text.endsWith(brand) ? text.slice(0, -brand.length).trim() : text, brand };
}

function typo(word: string, rng: Prng): string {
  const i = 1 + rng.int(word.length - 2); // never the first letter
  const kind = rng.int(3);
  if (kind === 0) return word.slice(0, i) + word.slice(i + 1); // drop
  if (kind === 1) return word.slice(0, i - 1) + word[i] + word[i - 1] + word.slice(i + 1); // swap
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  let c = letters[rng.int(26)]!;
  if (c === word[i]) c = c === 'a' ? 'b' : 'a';
  return word.slice(0, i) + c + word.slice(i + 1); // substitute
}

/** Every string value of an item (not its keys: "text: ..." must not give the word "text"), answer lists and codes left out. */
function valuesText(raw: Record<string, unknown>): string {
  const out: string[] = [];
  for (const [key, v] of Object.entries(raw)) {
    if (key.startsWith('also_') || isIdentifierKey(key) || key === 'id') continue;
    if (typeof v === 'string') out.push(v);
    else if (Array.isArray(v)) out.push(...v.filter((x): x is string => typeof x === 'string'));
  }
  return out.join(' ');
}

/** Lower-case words of an item's title that `synonyms` may swap (letters only, 3+, not a stop word). */
export function swappableWords(data: Dataset): Set<string> {
  const brands = officeBrands(data);
  const out = new Set<string>();
  for (const item of data.items)
    for (const w of words(titleAndBrand(data, item.row, brands).title)) {
      const l = w.toLowerCase();
      if (/^\p{L}{3,}$/u.test(l) && !STOP.has(l)) out.add(l);
    }
  return out;
}

/**
 * The `synonyms` query of one title: the 3-word window with the most swappable words (2 at least;
 * ties: the first), each swapped for one of its synonyms absent from the item's `text`. Words of
 * the brand are never swapped.
 */
function synonymQuery(
  title: readonly string[],
  brand: string | undefined,
  text: string,
  synonyms: ReadonlyMap<string, readonly string[]>,
  rng: Prng,
): string | undefined {
  const present = new Set(words(text.toLowerCase()));
  // A brand is a name, not a word with synonyms ("Scotch" tape is no "score" tape).
  const named = new Set(words((brand ?? '').toLowerCase()));
  const swap = title.map((w) =>
    named.has(w.toLowerCase()) ? [] : (synonyms.get(w.toLowerCase()) ?? []).filter((s) => s.split(/[ -]/).every((x) => !present.has(x))),
  );
  let best = -1;
  let bestCount = 1;
  for (let i = 0; i + 3 <= title.length; i++) {
    const n = swap.slice(i, i + 3).filter((s) => s.length).length;
    if (n > bestCount) [best, bestCount] = [i, n];
  }
  if (best < 0) return undefined;
  return title
    .slice(best, best + 3)
    .map((w, j) => {
      const options = swap[best + j]!;
      return options.length ? options[rng.int(options.length)]! : w.toLowerCase();
    })
    .join(' ');
}

/**
 * `perType` queries of every type for `set`, from items drawn without replacement. `synonyms`
 * (word -> WordNet synonyms, see `swappableWords` and eval/synonyms.ts) adds the `synonyms` type;
 * the other types are the same queries with or without it.
 */
export function searchQueries(
  data: Dataset,
  set: 'validation' | 'test',
  perType = 250,
  synonyms?: ReadonlyMap<string, readonly string[]>,
): SearchQuery[] {
  const rng = new Prng(set === 'validation' ? 101 : 202);
  const synonymRng = new Prng(set === 'validation' ? 303 : 404);
  const brands = officeBrands(data);
  // One permutation of the rows shared by both sets: validation takes the first half, test the second.
  const perm = Array.from({ length: data.items.length }, (_, i) => i);
  const shuffle = new Prng(7);
  for (let i = perm.length - 1; i > 0; i--) {
    const j = shuffle.int(i + 1);
    [perm[i], perm[j]] = [perm[j]!, perm[i]!];
  }
  const half = Math.floor(perm.length / 2);
  const rows = set === 'validation' ? perm.slice(0, half) : perm.slice(half);
  const out: SearchQuery[] = [];
  const counts = new Map<string, number>();
  const push = (type: string, text: string, target: number) => {
    if ((counts.get(type) ?? 0) >= perType || !text.trim()) return;
    counts.set(type, (counts.get(type) ?? 0) + 1);
    out.push({ type, text, target });
  };
  for (const row of rows) {
    const { title, brand } = titleAndBrand(data, row, brands);
    const tw = words(title);
    if (tw.length >= 3) {
      const start = rng.int(tw.length - 2);
      const frag = tw.slice(start, start + 3);
      push('title words', frag.join(' '), row);
      const long = frag.map((w, i) => ({ w, i })).filter((x) => x.w.length >= 5);
      if (long.length) {
        const pick = long[rng.int(long.length)]!;
        const t = [...frag];
        t[pick.i] = typo(pick.w.toLowerCase(), rng);
        push('typo', t.join(' '), row);
      }
    }
    if (synonyms) {
      const q = synonymQuery(tw, brand, valuesText(data.items[row]!.raw), synonyms, synonymRng);
      if (q) push('synonyms', q, row);
    }
    const model = tw.find((w) => /\d/.test(w) && /[\p{L}-]/u.test(w) && w.length >= 3);
    if (brand && model) push('brand + model', `${brand} ${model}`, row);
    const all = [...new Set(words(valuesText(data.items[row]!.raw)).filter((w) => !STOP.has(w.toLowerCase()) && !/^\d+$/.test(w)))];
    if (all.length >= 6) {
      const picked: string[] = [];
      while (picked.length < 4) {
        const w = all.splice(rng.int(all.length), 1)[0]!;
        picked.push(w);
      }
      push('text words', picked.join(' ').toLowerCase(), row);
    }
  }
  return out;
}

const synonymCache = new Map<Dataset, Promise<Map<string, string[]>>>();

/** Every query type of `set`, `synonyms` included (WordNet looked up once per dataset). */
export async function searchQuerySet(data: Dataset, set: 'validation' | 'test', perType = 250): Promise<SearchQuery[]> {
  if (!synonymCache.has(data)) synonymCache.set(data, wordNetSynonyms(swappableWords(data)));
  return searchQueries(data, set, perType, await synonymCache.get(data));
}
