/**
 * Defined results for edge-case input, decided here once:
 * - Empty, whitespace-only, or control/format-characters-only text gets the all-zero vector
 *   (the original USE-lite throws on such text; a zero vector has cosine 0 with everything, so the
 *   item ranks by nothing but never breaks ranking). `isBlank` tells callers which texts those are.
 * - Control characters, emoji and any script are passed to the tokenizer unchanged: characters the
 *   vocabulary lacks become the unknown token, which this model treats like padding.
 * - Text longer than the model's limit is truncated by the tokenizer to `maxTokens` tokens (the
 *   first ones). Before tokenising, input is cut to `maxTokens * 16` code points (no vocabulary
 *   piece is longer than 16 characters) so a megabyte of text costs no more than a page of it.
 */

const BLANK = /^[\s\p{C}]*$/u;

/** True when `text` has nothing to embed and gets the zero vector. */
export function isBlank(text: string): boolean {
  return BLANK.test(text);
}

/** Cuts `text` to at most `maxCodePoints` code points without splitting a surrogate pair. */
export function capCodePoints(text: string, maxCodePoints: number): string {
  if (text.length <= maxCodePoints) return text;
  let units = 0;
  let points = 0;
  while (units < text.length && points < maxCodePoints) {
    const cp = text.codePointAt(units)!;
    units += cp > 0xffff ? 2 : 1;
    points++;
  }
  return text.slice(0, units);
}

/**
 * The texts an encoder runs, each with its row: capped at `maxChars` code points, blank ones left
 * out (their row stays zero), sorted by length so similar lengths share a batch (little padding)
 * and the order is the same whichever encoder runs them.
 */
export function runOrder(texts: readonly string[], maxChars: number): { i: number; text: string }[] {
  const todo = texts.map((t, i) => ({ i, text: capCodePoints(t, maxChars) })).filter((t) => !isBlank(t.text));
  todo.sort((a, b) => a.text.length - b.text.length || a.i - b.i);
  return todo;
}
