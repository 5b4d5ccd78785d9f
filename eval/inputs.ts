/**
 * Honest inputs: content methods can only be as good as the texts they embed. An id-only dataset
 * (every text empty) or one whose texts are mostly copies of each other scores content methods at
 * chance, silently. These checks make the report say so, loudly, before any number is read.
 */

/** Share of empty texts above which the report warns. */
export const MAX_EMPTY_SHARE = 0.05;
/** Share of texts that repeat an earlier text above which the report warns. */
export const MAX_DUPLICATE_SHARE = 0.2;

/** Warnings about `texts` (empty list when they look usable). */
export function textWarnings(dataset: string, texts: readonly string[]): string[] {
  const n = texts.length;
  if (!n) return [`${dataset}: no items`];
  const empty = texts.filter((t) => t.trim() === '').length;
  const distinct = new Set(texts.map((t) => t.trim().toLowerCase())).size;
  // Empty texts are counted once as empty, not again as copies of each other.
  const duplicates = n - distinct - Math.max(0, empty - 1);
  const out: string[] = [];
  if (empty / n > MAX_EMPTY_SHARE)
    out.push(`${dataset}: ${empty} of ${n} item texts (${pct(empty / n)}) are EMPTY: content methods rank those items at random`);
  if (duplicates / n > MAX_DUPLICATE_SHARE)
    out.push(
      `${dataset}: ${duplicates} of ${n} item texts (${pct(duplicates / n)}) DUPLICATE another item's text: content cannot tell those items apart`,
    );
  return out;
}

/** The banner printed to stderr and put at the top of the report. */
export function warningBanner(warnings: readonly string[]): string {
  if (!warnings.length) return '';
  const line = '!'.repeat(100);
  return [
    line,
    '!!! INPUT WARNING: content-based numbers below are not meaningful for these items',
    ...warnings.map((w) => `!!! ${w}`),
    line,
  ].join('\n');
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
