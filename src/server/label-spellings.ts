/**
 * The catalog's labels as spelled, for search (search.ts): a query word that is a label's words run
 * together ("permadeath" for the tag "Perma Death") is searched as that label, as the page does
 * (recommend/label-words.ts `LabelWords.spelled`). Read from the labels' document frequencies
 * (facets.ts, schema version 5): those held by `LABEL_MIN_ITEMS` items or more, the most held first,
 * at most `LABEL_VOCABULARY_MAX`, as the page counts its vocabulary. The server embeds nothing, so
 * the page's other label reading (a word near a label's vector) is not done here.
 */
import { LABEL_MIN_ITEMS, LABEL_VOCABULARY_MAX, LabelWords } from '../recommend/label-words.ts';
import { clientCache } from './client-cache.ts';
import { run } from './schema.ts';
import { blendOf } from './similar-blend.ts';
import type { SqlClient } from './sql-client.ts';

/** How long one client's labels are reused (client-cache.ts): they change only with a load. */
const LABELS_TTL_MS = 5_000;
const labels = clientCache(LABELS_TTL_MS, async (sql): Promise<LabelWords | undefined> => {
  if (((await blendOf(sql))?.schema ?? 0) < 5) return undefined;
  const { rows } = await run<{ term: string }>(sql, 'SELECT term FROM inpage_rec_facet_df WHERE df >= $1 ORDER BY df DESC, term LIMIT $2', [
    LABEL_MIN_ITEMS,
    LABEL_VOCABULARY_MAX,
  ]);
  // A label's term is its text as word overlap reads it after a mark (overlap-terms.ts `facetTerm`).
  return rows.length ? LabelWords.spelled(rows.map((r) => r.term.slice(1))) : undefined;
});

/** The loaded catalog's labels as search reads them; undefined without labels or before schema version 5. */
export function labelSpellingsOf(sql: SqlClient): Promise<LabelWords | undefined> {
  return labels.get(sql);
}

/** Drops what `sql`'s label cache holds: the load that rewrote the labels calls it. */
export function forgetLabelSpellings(sql: SqlClient): void {
  labels.forget(sql);
}
