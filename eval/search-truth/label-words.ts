/**
 * Search's label words in the eval, as a page has them (src/recommend/label-words.ts): the
 * catalog's labels counted over its items, embedded by the model's own encoder, and every word
 * search looks up in the given queries embedded beside them, so the shipped ranker reads the same
 * query a page would.
 */
import { LabelWords, labelVocabulary } from '../../src/recommend/index.ts';
import type { EvalCatalog } from '../mode-context.ts';
import { datasetFacets } from '../texts.ts';

/** Fills `catalog.labelWords` and the vectors of `queries`' looked-up words; `embed` gives unit rows of `dims` floats. */
export async function embedLabelWords(
  catalog: EvalCatalog,
  queries: readonly string[],
  embed: (texts: string[], name: string) => Promise<Float32Array>,
): Promise<void> {
  const labels = labelVocabulary(datasetFacets(catalog.data, undefined));
  if (labels.length === 0) return;
  const vectors = await embed(labels, `${catalog.data.name}-labels`);
  const dims = vectors.length / labels.length;
  const words = new LabelWords(labels, vectors, dims);
  const wanted = [...new Set(queries.flatMap((q) => words.wordsToLookUp(q)))];
  if (wanted.length > 0) {
    const rows = await embed(wanted, `${catalog.data.name}-query-words`);
    wanted.forEach((w, i) => {
      catalog.wordVectors.set(w, rows.slice(i * dims, (i + 1) * dims));
    });
  }
  catalog.labelWords = words;
}
