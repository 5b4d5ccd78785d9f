/**
 * Word overlap in the database: the page's TF-IDF cosine between item texts
 * (src/recommend/word-overlap.ts: the same tokenizer, log term frequency times ln(N / df), L2
 * norm), kept as rows so similar's content blend ranks on the server as it does in the page: each
 * score is `SIMILAR_FULL_SHARE` times the full text's cosine plus the rest times the described
 * view's, where a word's occurrences inside the item's own name count `NAME_WEIGHT` as much
 * (src/recommend/overlap-terms.ts), and each of the item's labels (facets.ts) is one more term
 * weighing `FACET_WEIGHT` times its IDF. The server ranks only similar items with word overlap.
 *
 * Each item's words are written with the item (`writeTerms`), its labels too (facets.ts); the
 * document frequencies and each item's norms depend on the whole catalog and are recomputed by every
 * load in set-based statements (`refreshWordStats`). A query computes weights from them: the
 * anchor's neighbours through its rarer terms (`wordNeighbours`, the page's `neighbours`) and the
 * mixed cosine with given candidates (`wordSimilarities`, the page's `similarity`).
 */
import { SIMILAR_FULL_SHARE } from '../recommend/blend.ts';
import { FACET_WEIGHT, NAME_WEIGHT, overlapTerms } from '../recommend/overlap-terms.ts';
import { commonLimit } from '../recommend/word-overlap.ts';
import { WordShape } from '../recommend/word-shape.ts';
import type { Filter } from '../types/index.ts';
import { refreshFacetStats } from './facets.ts';
import { filterSql } from './filter-sql.ts';
import { run } from './schema.ts';
import type { SqlClient } from './sql-client.ts';

/** Term rows per INSERT. */
const TERM_BATCH = 5000;

/**
 * Replaces the words of the items `keys` (texts `texts`, their own names `names`: `itemName`); a key
 * with no text gets none.
 */
export async function writeTerms(
  sql: SqlClient,
  keys: readonly string[],
  texts: readonly string[],
  names: readonly (string | undefined)[],
): Promise<void> {
  if (keys.length === 0) return;
  await run(sql, 'DELETE FROM inpage_rec_terms WHERE key = ANY($1::text[])', [[...keys]]);
  const rows: { key: string; term: string; count: number; inName: number }[] = [];
  keys.forEach((key, i) => {
    for (const t of overlapTerms(texts[i]!, names[i])) rows.push({ key, term: t.word, count: t.count, inName: t.inName });
  });
  for (let at = 0; at < rows.length; at += TERM_BATCH) {
    const part = rows.slice(at, at + TERM_BATCH);
    await run(
      sql,
      'INSERT INTO inpage_rec_terms (key, term, count, in_name) SELECT * FROM unnest($1::text[], $2::text[], $3::smallint[], $4::smallint[])',
      [part.map((r) => r.key), part.map((r) => r.term), part.map((r) => r.count), part.map((r) => r.inName)],
    );
  }
}

/** Deletes the words of removed items. */
export async function deleteTerms(sql: SqlClient, keys: readonly string[]): Promise<void> {
  if (keys.length > 0) await run(sql, 'DELETE FROM inpage_rec_terms WHERE key = ANY($1::text[])', [[...keys]]);
}

/**
 * A term row's frequency in the described view: the log frequency of its occurrences outside the
 * item's name plus `NAME_WEIGHT` times that of those inside (overlap-terms.ts `describedFrequency`).
 */
function describedFrequency(t: string): string {
  const logTf = (count: string) => `CASE WHEN ${count} > 0 THEN 1 + ln(${count}) ELSE 0 END`;
  return `(${logTf(`(${t}.count - ${t}.in_name)`)} + ${NAME_WEIGHT} * ${logTf(`${t}.in_name`)})`;
}

/** A term row's frequency in the full text: its log frequency. */
const fullFrequency = (t: string) => `(1 + ln(${t}.count))`;

/**
 * Every item's terms, `(key, term, ff, fd)`: its words and its labels, with their frequencies before
 * IDF in the full view (`ff`) and the described one (`fd`). A label counts in the described view
 * only, `FACET_WEIGHT` with no log frequency (the page's builder); its term (a mark, then text) is
 * never a word's, so the two kinds never meet in one term. A subquery, not a view: the weights are
 * the code's constants, which may change without a migration. Conditions on `key` or `term` reach
 * each table's index through the UNION ALL.
 */
const ITEM_TERMS = `(SELECT t.key, t.term, ${fullFrequency('t')} AS ff, ${describedFrequency('t')} AS fd FROM inpage_rec_terms t
  UNION ALL SELECT f.key, f.term, 0::float8, ${FACET_WEIGHT}::float8 FROM inpage_rec_facets f)`;

/** Every term's document frequency, `(term, df)`: the words' and the labels'. */
const TERM_DF = '(SELECT term, df FROM inpage_rec_words UNION ALL SELECT term, df FROM inpage_rec_facet_df)';

/** The IDF of term row `w` (of `TERM_DF`) in a catalog of `$1` items. */
const IDF = 'ln($1::float8 / w.df)';

/** The share of the full text's cosine in similar's score; the described view's is the rest. */
const FULL = SIMILAR_FULL_SHARE;
const DESCRIBED = 1 - SIMILAR_FULL_SHARE;

/**
 * Recomputes every word's and label's document frequency and every item's two TF-IDF norms for a
 * catalog of `n` items: the full view's over its words, the described view's over its words and
 * labels together (the page's).
 */
export async function refreshWordStats(sql: SqlClient, n: number): Promise<void> {
  await run(sql, 'DELETE FROM inpage_rec_words');
  // A stopword's stem is empty ('{}'): the word itself stands in.
  await run(
    sql,
    `INSERT INTO inpage_rec_words (term, df, stem)
     SELECT term, count(*), COALESCE((ts_lexize('english_stem', term))[1], term) FROM inpage_rec_terms GROUP BY term`,
  );
  await refreshLetterTriples(sql);
  await refreshFacetStats(sql);
  await run(sql, 'DELETE FROM inpage_rec_word_norms');
  // An item whose terms are all in every item has norm 0: stored as 1, its weights are all 0 (the
  // page's `|| 1`); so has the full norm of an item with labels and no words.
  await run(
    sql,
    `INSERT INTO inpage_rec_word_norms (key, norm, full_norm)
     SELECT t.key, COALESCE(NULLIF(sqrt(sum((t.fd * ${IDF}) ^ 2)), 0), 1), COALESCE(NULLIF(sqrt(sum((t.ff * ${IDF}) ^ 2)), 0), 1)
     FROM ${ITEM_TERMS} t JOIN ${TERM_DF} w USING (term) GROUP BY t.key`,
    [n],
  );
}

/** Rewrites the letter triples of the catalog's words (search's test of a word the catalog lacks). */
async function refreshLetterTriples(sql: SqlClient): Promise<void> {
  const { rows } = await run<{ term: string }>(sql, 'SELECT term FROM inpage_rec_words');
  const triples = [...new WordShape(rows.map((r) => r.term)).allTriples()];
  await run(sql, 'DELETE FROM inpage_rec_letter_triples');
  for (let at = 0; at < triples.length; at += TERM_BATCH)
    await run(sql, 'INSERT INTO inpage_rec_letter_triples (triple) SELECT unnest($1::text[])', [triples.slice(at, at + TERM_BATCH)]);
}

/**
 * The anchor's normalised weights: `a(term, wf, wd, idf, df)`, the full text's and the described
 * view's, each times its share of the score. Parameters: $1 n, $2 the anchor's key. Materialized,
 * so the planner sees its few rows and walks each term's index entries (a lateral join) instead of
 * hashing every item's words (555 ms at 10,000 items before, PGlite).
 */
const ANCHOR = `a AS MATERIALIZED (
  SELECT t.term, ${FULL} * t.ff * ${IDF} / an.full_norm AS wf, ${DESCRIBED} * t.fd * ${IDF} / an.norm AS wd, ${IDF} AS idf, w.df
  FROM ${ITEM_TERMS} t JOIN ${TERM_DF} w USING (term) JOIN inpage_rec_word_norms an ON an.key = t.key
  WHERE t.key = $2)`;

/** Term row `c`'s (of `ITEM_TERMS`) part of the score with the anchor's row `a`, each view divided by `c`'s norm (row `nn`). */
const PART = (c: string) => `a.wf * ${c}.ff * a.idf / nn.full_norm + a.wd * ${c}.fd * a.idf / nn.norm`;

/**
 * Up to `limit` items sharing `key`'s rarer terms, words or labels (in at most `commonLimit(n)`
 * items), never `key`, an excluded item or one the filter rejects; best first by the part of the
 * score those terms make.
 */
export async function wordNeighbours(
  sql: SqlClient,
  n: number,
  key: string,
  limit: number,
  exclude: readonly string[],
  filter: Filter | undefined,
): Promise<{ key: string; score: number }[]> {
  const params: unknown[] = [n, key, commonLimit(n), [...exclude], limit];
  const where = filter ? `AND ${filterSql(filter, params)}` : '';
  // Summed per item first, divided by its norms after: one norm lookup per item, not per shared word.
  const { rows } = await run<{ key: string; score: number }>(
    sql,
    `WITH ${ANCHOR},
     shared AS (
       SELECT c.key, sum(a.wf * c.ff * a.idf) AS full_dot, sum(a.wd * c.fd * a.idf) AS described_dot
       FROM a CROSS JOIN LATERAL (SELECT it.key, it.ff, it.fd FROM ${ITEM_TERMS} it WHERE it.term = a.term) c
       WHERE a.df <= $3::float8 AND (a.wf > 0 OR a.wd > 0) AND c.key <> $2 AND NOT (c.key = ANY($4::text[]))
       GROUP BY c.key)
     SELECT s.key, s.full_dot / nn.full_norm + s.described_dot / nn.norm AS score
     FROM shared s JOIN inpage_rec_word_norms nn ON nn.key = s.key ${filter ? 'JOIN inpage_rec_items i ON i.key = s.key' : ''}
     WHERE TRUE ${where}
     ORDER BY score DESC, s.key LIMIT $5`,
    params,
  );
  return rows.map((r) => ({ key: r.key, score: Number(r.score) }));
}

/** Similar's word-overlap score of `key` with each of `keys` (absent: 0): the two views' cosines mixed. */
export async function wordSimilarities(sql: SqlClient, n: number, key: string, keys: readonly string[]): Promise<Map<string, number>> {
  if (keys.length === 0) return new Map();
  const { rows } = await run<{ key: string; score: number }>(
    sql,
    `WITH ${ANCHOR}
     SELECT t.key, sum(${PART('t')}) AS score
     FROM a JOIN ${ITEM_TERMS} t ON t.term = a.term JOIN inpage_rec_word_norms nn ON nn.key = t.key
     WHERE t.key = ANY($3::text[])
     GROUP BY t.key`,
    [n, key, [...keys]],
  );
  return new Map(rows.map((r) => [r.key, Number(r.score)]));
}

/**
 * The described view's cosine (the page's `DESCRIBED_VIEW`: words and labels, names weighing
 * little) of each of `anchors` with each of `keys`, by anchor then key (absent: 0); search's
 * feedback (search-feedback.ts). One statement for every anchor: both sides' few terms are
 * gathered by key first and met by term, never walking a common term's every item.
 */
export async function describedSimilarities(
  sql: SqlClient,
  n: number,
  anchors: readonly string[],
  keys: readonly string[],
): Promise<Map<string, Map<string, number>>> {
  const out = new Map(anchors.map((a) => [a, new Map<string, number>()]));
  if (anchors.length === 0 || keys.length === 0) return out;
  const { rows } = await run<{ anchor: string; key: string; score: number }>(
    sql,
    `WITH a AS MATERIALIZED (
       SELECT t.key AS anchor, t.term, t.fd * ${IDF} / an.norm AS wd, ${IDF} AS idf
       FROM ${ITEM_TERMS} t JOIN ${TERM_DF} w USING (term) JOIN inpage_rec_word_norms an ON an.key = t.key
       WHERE t.key = ANY($2::text[])),
     c AS MATERIALIZED (
       SELECT t.key, t.term, t.fd / nn.norm AS wd
       FROM ${ITEM_TERMS} t JOIN inpage_rec_word_norms nn ON nn.key = t.key
       WHERE t.key = ANY($3::text[]))
     SELECT a.anchor, c.key, sum(a.wd * c.wd * a.idf) AS score FROM a JOIN c USING (term) GROUP BY a.anchor, c.key`,
    [n, [...anchors], [...keys]],
  );
  for (const r of rows) out.get(r.anchor)?.set(r.key, Number(r.score));
  return out;
}
