/** A dataset's items embedded by the real encoder, ready to rank: the setup the eval's scripts and quality tests share. */
import { type EmbeddedTexts, embedCached } from '../tools/embed-cache.ts';
import type { Dataset } from './dataset.ts';
import { ItemVectors } from './methods.ts';
import { datasetFacets, datasetNames } from './texts.ts';

/**
 * `data`'s items embedded from `texts` (row i is item i) by the real encoder in Node (q8, cached
 * under .cache/vectors), as a flat index with word overlap over the same texts; `embedded` is the
 * raw embedding (vectors, dims, whether it came from the cache). `onProgress` hears the encoder's
 * progress when the texts are not cached yet.
 */
export async function embeddedItems(
  data: Dataset,
  texts: string[],
  onProgress?: (done: number, total: number) => void,
): Promise<{ vectors: ItemVectors; embedded: EmbeddedTexts }> {
  const embedded = await embedCached(texts, { name: data.name, dtype: 'q8', ...(onProgress ? { onProgress } : {}) });
  const vectors = new ItemVectors(
    data.items.map((i) => i.id),
    embedded.vectors,
    embedded.dims,
    'flat',
    texts,
    datasetNames(data),
    datasetFacets(data, undefined),
  );
  return { vectors, embedded };
}
