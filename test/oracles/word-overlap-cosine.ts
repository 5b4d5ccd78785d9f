/**
 * Word overlap's TF-IDF cosine computed the plain way (maps of words), the reference the flat
 * arrays of `WordOverlapIndex` (src/recommend/word-overlap.ts) are checked against.
 */
import { NAME_WEIGHT, overlapWords } from '../../src/recommend/word-overlap.ts';

/**
 * Reference TF-IDF cosine, computed the plain way (maps of words), to check the flat arrays against.
 * With `names`, the described view: a word inside a repetition of the item's name counts
 * `NAME_WEIGHT` (log frequency of its name occurrences) beside the log frequency of the others.
 */
export function referenceCosine(texts: readonly string[], a: number, b: number, names?: readonly string[]): number {
  const docs = texts.map(overlapWords);
  const df = new Map<string, number>();
  for (const d of docs) for (const w of new Set(d)) df.set(w, (df.get(w) ?? 0) + 1);
  const logTf = (c: number) => (c > 0 ? 1 + Math.log(c) : 0);
  const vec = (row: number) => {
    const d = docs[row]!;
    const name = names ? overlapWords(names[row]!) : [];
    const named = d.map(() => false);
    for (let i = 0; name.length && i + name.length <= d.length; i++)
      if (name.every((w, j) => d[i + j] === w && !named[i + j])) for (let j = 0; j < name.length; j++) named[i + j] = true;
    const rest = new Map<string, number>();
    const inName = new Map<string, number>();
    d.forEach((w, i) => {
      const m = named[i] ? inName : rest;
      m.set(w, (m.get(w) ?? 0) + 1);
    });
    const tf = (w: string) =>
      names ? logTf(rest.get(w) ?? 0) + NAME_WEIGHT * logTf(inName.get(w) ?? 0) : logTf((rest.get(w) ?? 0) + (inName.get(w) ?? 0));
    const v = new Map([...new Set(d)].map((w) => [w, tf(w) * Math.log(texts.length / df.get(w)!)]));
    const norm = Math.sqrt([...v.values()].reduce((s, x) => s + x * x, 0)) || 1;
    return new Map([...v].map(([w, x]) => [w, x / norm]));
  };
  const va = vec(a);
  const vb = vec(b);
  let dot = 0;
  for (const [w, x] of va) dot += x * (vb.get(w) ?? 0);
  return dot;
}

/**
 * Weights are kept in 8 bits (src/recommend/word-weights.ts `packRow`; 16 until 2026-11-28, when
 * this was 4 digits): a cosine is within .005 of the float computation (`toBeCloseTo`'s 2 digits).
 * On the eval's catalogs a cosine moved by .0006-.0008 on average, at most .005, and no judged mode
 * moved (docs/notes/first-visit-memory.md); word-weights.test.ts holds each weight to one step.
 */
export const WEIGHT_DIGITS = 2;
