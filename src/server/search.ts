/**
 * Search in the retrieval database, fused as the page fuses it (src/modes/search.ts): keyword hits
 * and the query vector's neighbours merged by the page's own `hybridMerge`, whose keyword weight
 * rises from .2 (no hit holds a strong query word) to .8 (some hit holds all of them), so a query
 * whose words a product carries keeps keyword order and a description ("something to keep drinks
 * cold") is led by the vectors. As in the page, one product line fills at most two places ahead of
 * the rest (product-line.ts).
 *
 * The keyword half reads the word tables similar's blend keeps (words.ts, the page's word-overlap
 * tokenizer): BM25 (k1 1.2, no length term: the tables keep no text lengths) over the query's
 * words, each matching the catalog's words of the same English stem (schema version 3), stopwords
 * never searched, common words (the page's `wordStrength`: in over 20% of the items) adding to a
 * hit's score but never making one. Unlike the page, no typo or prefix matching.
 * A query none of whose words the catalog holds is answered by vectors alone, above the page's
 * stricter floor, when its words look like the catalog's language (letter triples, as the page
 * judges them), else with nothing. A database loaded before the word tables existed (schema version 1, until its
 * next load) falls back to English full text, trusted as a hit holding no strong word. A label typed
 * as one word is searched as the label (label-spellings.ts); the page's reading of a word near a
 * label's vector is not done here (the server embeds nothing). A broad query ("survival game") is
 * re-ranked by its first results as the page re-ranks it (search-feedback.ts); a database loaded
 * before the labels' tables (schema version 5) keeps the fused order until its next load.
 */
import {
  arrangeLines,
  HYBRID_DEPTH,
  HYBRID_FULL_MATCH_WEIGHT,
  HYBRID_KEYWORD_WEIGHT,
  hybridMerge,
  itemLine,
  itemTitle,
  type KeywordHit,
} from '../recommend/index.ts';
import { STOPWORDS, wordStrength } from '../recommend/query-words.ts';
import { overlapWords } from '../recommend/word-overlap.ts';
import { letterTriples, WordShape } from '../recommend/word-shape.ts';
import type { Filter } from '../types/index.ts';
import { filterSql } from './filter-sql.ts';
import { labelSpellingsOf } from './label-spellings.ts';
import { nearest, type Row, vectorText } from './nearest.ts';
import { run } from './schema.ts';
import { feedbackOrder } from './search-feedback.ts';
import { blendOf } from './similar-blend.ts';
import type { SqlClient } from './sql-client.ts';

/** The vector half's floor in search (the page's `SEARCH_POLICY.minCosine`). */
export const MIN_COSINE = 0.3;
/** The floor when no query word is a catalog word (the page's `minUnknownWordCosine`). */
export const MIN_UNKNOWN_WORD_COSINE = 0.45;
/** Query words searched at most. */
const MAX_QUERY_WORDS = 16;
/** BM25's term-frequency saturation (the page's, MiniSearch's default). */
const K1 = 1.2;
/** Items holding a strong word scored in full, per hit kept: the rest are never in the first `depth`. */
const CANDIDATES_PER_HIT = 4;

/** One search request, as requests.ts checked it. */
export interface SearchRequest {
  query: string;
  vector?: readonly number[];
  k: number;
  exclude: readonly string[];
  filter?: Filter;
}

/** The best `k` rows for the request, best first, scored by the page's fusion. */
export async function searchRows(sql: SqlClient, r: SearchRequest): Promise<Row[]> {
  const depth = Math.max(HYBRID_DEPTH, r.k);
  // A label typed as one word ("permadeath") is searched as the label, ahead of the query (label-spellings.ts).
  const labels = await labelSpellingsOf(sql);
  const query = labels ? labels.expand(r.query, () => undefined) : r.query;
  const words = [...new Set(overlapWords(query))].filter((w) => !STOPWORDS.has(w)).slice(0, MAX_QUERY_WORDS);
  // Nothing to search (blank, symbols or stopwords only): every answer would be arbitrary.
  if (words.length === 0) return [];
  const keyword = await keywordRows(sql, words, depth, r);
  // No word of the catalog: a keyboard mash gets nothing, real words the vectors alone, held higher.
  if (!keyword.recognised && !(await looksLikeWords(sql, words))) return [];
  const floor = keyword.recognised ? MIN_COSINE : MIN_UNKNOWN_WORD_COSINE;
  const vector = r.vector ? (await nearest(sql, vectorText(r.vector), depth, r.exclude, r.filter)).filter((v) => v.score >= floor) : [];
  const rows = new Map<string, Row>([...keyword.hits, ...vector].map((row) => [row.key, row]));
  const merged = hybridMerge(keyword.hits, vector, depth, HYBRID_KEYWORD_WEIGHT, HYBRID_FULL_MATCH_WEIGHT, false);
  // As in the page: a broad query re-ranked by its first results (search-feedback.ts), then add-ons
  // the query did not ask for weigh less, and one product line fills at most two places ahead of the rest.
  const blend = await blendOf(sql);
  const full = new Set(keyword.hits.filter((h) => h.matched === 1).map((h) => h.key));
  // Resemblance reads the labels' tables, which schema version 5 added (until its next load, none).
  const fed = blend && blend.schema >= 5 ? await feedbackOrder(sql, blend.items, merged, full) : merged;
  const lineOf = (key: string) => itemLine(rows.get(key)!.item);
  const titleOf = (key: string) => itemTitle(rows.get(key)!.item);
  return arrangeLines(fed, { query: r.query, lineOf, titleOf })
    .slice(0, r.k)
    .map(({ key, score }) => ({ ...rows.get(key)!, score }));
}

type KeywordRow = Row & KeywordHit;

/**
 * Whether every word looks like a word of the catalog's language by its letter triples (the page's
 * `KeywordIndex.looksLikeWords`, recommend/word-shape.ts). A database without the triples table
 * (schema version 2, until its next load) cannot tell: yes.
 */
async function looksLikeWords(sql: SqlClient, words: readonly string[]): Promise<boolean> {
  if (((await blendOf(sql))?.schema ?? 0) < 3) return true;
  const { rows } = await run<{ triple: string }>(sql, 'SELECT triple FROM inpage_rec_letter_triples WHERE triple = ANY($1::text[])', [
    words.flatMap(letterTriples),
  ]);
  const shape = WordShape.fromTriples(rows.map((r) => r.triple));
  return words.every((w) => shape.plausible(w));
}

/** Keyword hits best first (at most `depth`), and whether the catalog holds any query word. */
async function keywordRows(
  sql: SqlClient,
  words: readonly string[],
  depth: number,
  r: SearchRequest,
): Promise<{ hits: KeywordRow[]; recognised: boolean }> {
  const blend = await blendOf(sql);
  if (!blend) return fullTextRows(sql, words, depth, r);
  const n = blend.items;
  // Each query word stands for the catalog's words of its stem ("lamps": lamp, lamps); a stem's
  // items are counted as the sum of its words' (an item holding two of them counts twice).
  // Schema version 2 (until its next load) has no stems: the word itself.
  const match = blend.schema >= 3 ? "w.stem = COALESCE((ts_lexize('english_stem', q.word))[1], q.word)" : 'w.term = q.word';
  const { rows: forms } = await run<{ word: string; term: string; df: number }>(
    sql,
    `SELECT q.word, w.term, w.df FROM unnest($1::text[]) AS q(word) JOIN inpage_rec_words w ON ${match}`,
    [[...words]],
  );
  const df = new Map<string, number>();
  for (const f of forms) df.set(f.word, (df.get(f.word) ?? 0) + f.df);
  const { strong, weak } = wordStrength(words, (w) => df.get(w) ?? 0, n);
  const known = new Set(strong.filter((w) => df.has(w)));
  if (known.size === 0) return { hits: [], recognised: df.size > 0 };
  const idf = (w: string) => Math.log(1 + (n - df.get(w)! + 0.5) / (df.get(w)! + 0.5));
  const searched = forms.filter((f) => known.has(f.word) || weak.includes(f.word));
  const params: unknown[] = [
    searched.map((f) => f.term),
    searched.map((f) => f.word),
    searched.map((f) => idf(f.word)),
    searched.map((f) => known.has(f.word)),
    [...r.exclude],
    depth * CANDIDATES_PER_HIT,
    depth,
  ];
  const where = filterSql(r.filter, params);
  // Candidates by their strong words (excluded and filtered items never among them), then the
  // common words' share of each candidate's score. BM25 per query word, its forms' counts summed.
  const { rows } = await run<{ key: string; item: Row['item']; score: number; held: number }>(
    sql,
    `WITH q AS (SELECT * FROM unnest($1::text[], $2::text[], $3::float8[], $4::bool[]) AS q(term, word, idf, strong)),
     per AS (
       SELECT t.key, q.word, q.idf, q.strong, sum(t.count) AS tf FROM q JOIN inpage_rec_terms t ON t.term = q.term
       WHERE q.strong GROUP BY t.key, q.word, q.idf, q.strong),
     strong AS (
       SELECT i.key, i.item, i.position, sum(per.idf * per.tf * ${K1 + 1} / (per.tf + ${K1})) AS score, count(*)::int AS held
       FROM per JOIN inpage_rec_items i ON i.key = per.key
       WHERE NOT (i.key = ANY($5::text[])) AND ${where}
       GROUP BY i.key ORDER BY score DESC, i.position LIMIT $6),
     weak AS (
       SELECT w.key, sum(w.idf * w.tf * ${K1 + 1} / (w.tf + ${K1})) AS score FROM (
         SELECT t.key, q.word, q.idf, sum(t.count) AS tf FROM strong s JOIN inpage_rec_terms t ON t.key = s.key
         JOIN q ON q.term = t.term AND NOT q.strong GROUP BY t.key, q.word, q.idf) w
       GROUP BY w.key)
     SELECT s.key, s.item, s.score + COALESCE(w.score, 0) AS score, s.held
     FROM strong s LEFT JOIN weak w ON w.key = s.key
     ORDER BY score DESC, s.position LIMIT $7`,
    params,
  );
  return { hits: rows.map((h) => ({ key: h.key, item: h.item, score: h.score, matched: h.held / strong.length })), recognised: true };
}

/** Schema version 1's keyword half: English full text, each hit trusted as holding no strong word. */
async function fullTextRows(
  sql: SqlClient,
  words: readonly string[],
  depth: number,
  r: SearchRequest,
): Promise<{ hits: KeywordRow[]; recognised: boolean }> {
  const params: unknown[] = [words.join(' | '), [...r.exclude], depth];
  const where = filterSql(r.filter, params);
  const { rows } = await run<Row>(
    sql,
    `SELECT key, item, ts_rank_cd(words, q) AS score FROM inpage_rec_items, to_tsquery('english', $1) AS q
     WHERE words @@ q AND NOT (key = ANY($2::text[])) AND ${where} ORDER BY score DESC, position LIMIT $3`,
    params,
  );
  return { hits: rows.map((row) => ({ ...row, matched: 0 })), recognised: rows.length > 0 };
}
