/**
 * Each item's labels in the database (schema version 5): the string elements of its list fields
 * (`itemFacets`: "Open World", "Comedy"), each one term of word overlap's described view as the page
 * counts it (src/recommend/word-overlap-builder.ts): the page's `facetTerm`, distinct per item, at
 * most `MAX_OVERLAP_FACETS`. `inpage_rec_facets` (`key`, `term`) is written with the item;
 * `inpage_rec_facet_df` (`term`, `df`: in how many items) is recomputed by every load, like the
 * words' (words.ts `refreshWordStats`, which also folds the labels into each item's described norm).
 *
 * Kept apart from the words (`inpage_rec_terms`, `inpage_rec_words`) because search reads those: a
 * label is no word a query types, has no English stem and no letters to judge a query's by.
 */
import { facetTerm, MAX_OVERLAP_FACETS } from '../recommend/overlap-terms.ts';
import { run } from './schema.ts';
import type { SqlClient } from './sql-client.ts';

/** Label rows per INSERT. */
const FACET_BATCH = 5000;

/**
 * The terms of an item's `labels` as the page's builder keeps them (`facetIds`): each label's
 * `facetTerm`, those with no letter or digit skipped, a repeat counted once, the first
 * `MAX_OVERLAP_FACETS` distinct ones.
 */
export function facetTerms(labels: readonly string[]): string[] {
  const out = new Set<string>();
  for (const label of labels) {
    if (out.size >= MAX_OVERLAP_FACETS) break;
    const term = facetTerm(label);
    if (term) out.add(term);
  }
  return [...out];
}

/** Replaces the labels of the items `keys` (`labels[i]`: `itemFacets` of the item `keys[i]`). */
export async function writeFacets(sql: SqlClient, keys: readonly string[], labels: readonly (readonly string[])[]): Promise<void> {
  if (keys.length === 0) return;
  await deleteFacets(sql, keys);
  const rows = keys.flatMap((key, i) => facetTerms(labels[i]!).map((term) => ({ key, term })));
  for (let at = 0; at < rows.length; at += FACET_BATCH) {
    const part = rows.slice(at, at + FACET_BATCH);
    await run(sql, 'INSERT INTO inpage_rec_facets (key, term) SELECT * FROM unnest($1::text[], $2::text[])', [
      part.map((r) => r.key),
      part.map((r) => r.term),
    ]);
  }
}

/** Deletes the labels of the items `keys` (removed, or about to be rewritten). */
export async function deleteFacets(sql: SqlClient, keys: readonly string[]): Promise<void> {
  if (keys.length > 0) await run(sql, 'DELETE FROM inpage_rec_facets WHERE key = ANY($1::text[])', [[...keys]]);
}

/** Recomputes every label's document frequency (the page's df rule: items holding it). */
export async function refreshFacetStats(sql: SqlClient): Promise<void> {
  await run(sql, 'DELETE FROM inpage_rec_facet_df');
  await run(sql, 'INSERT INTO inpage_rec_facet_df (term, df) SELECT term, count(*) FROM inpage_rec_facets GROUP BY term');
}
