/**
 * The shipped search, three ways, over the eval's catalogs: `hybrid` runs the search mode's ranker
 * (RANKERS.search: keyword and vector hits, the fusion, the cut-off, exactly as a page runs it),
 * `keyword` the catalog's KeywordIndex alone and `vector` the flat index alone with the embedded
 * query; k = 10 each.
 */
import { RANKERS } from '../../src/modes/rankers.ts';
import { DATASETS_DIR } from '../../test/paths.ts';
import { type EmbeddedTexts, embedCached } from '../../tools/embed-cache.ts';
import { type Dataset, datasetDirs, loadDataset } from '../dataset.ts';
import { embeddedItems } from '../embedded-items.ts';
import type { ItemVectors } from '../methods.ts';
import { EvalCatalog, evalOptions, rankRows } from '../mode-context.ts';
import { datasetTexts } from '../texts.ts';
import type { SearchMethod } from './evaluate.ts';
import { embedLabelWords } from './label-words.ts';
import { hasJudgedQueries, judgedQueries } from './queries.ts';
import type { JudgedQuery } from './types.ts';

/** A catalog with its judged queries, the queries' vectors filled in. */
export interface TruthCatalog {
  catalog: EvalCatalog;
  queries: JudgedQuery[];
}

/** How many results every method returns. */
export const TRUTH_K = 10;

/**
 * The catalog of `data` as the rankers see it, with its judged queries embedded by `embed` (the
 * item encoder; row i of the result embeds texts[i]), and the catalog's labels and the queries'
 * looked-up words by `embedModel` (the model without a projection, as a page embeds them;
 * default `embed`).
 */
export async function truthCatalog(
  data: Dataset,
  vectors: ItemVectors,
  texts: readonly string[],
  embed: (texts: string[], name: string) => Promise<Float32Array>,
  embedModel: (texts: string[], name: string) => Promise<Float32Array> = embed,
): Promise<TruthCatalog> {
  const catalog = new EvalCatalog(data, vectors, texts);
  const queries = judgedQueries(data);
  const unique = [...new Set(queries.map((q) => q.text))];
  const embedded = await embed(unique, `${data.name}-truth-queries`);
  const d = vectors.dims;
  unique.forEach((text, i) => {
    catalog.queryVectors.set(text, embedded.slice(i * d, (i + 1) * d));
  });
  // Labels and query words in the model's own space, as a page embeds them (not `vectors`' projection).
  await embedLabelWords(catalog, unique, embedModel);
  return { catalog, queries };
}

/**
 * Every catalog under `dirs` (default: the shared datasets) that has judged queries, its items and
 * queries embedded by the cached encoder (q8). `loaded` sees each one with its texts and raw
 * embedding as it comes (the server eval loads them into a database).
 */
export async function truthCatalogs(
  dirs: readonly string[] = [DATASETS_DIR],
  loaded?: (c: TruthCatalog, texts: readonly string[], embedded: EmbeddedTexts) => Promise<void>,
): Promise<TruthCatalog[]> {
  const embed = async (texts: string[], name: string) => (await embedCached(texts, { name, dtype: 'q8' })).vectors;
  const out: TruthCatalog[] = [];
  for (const dir of datasetDirs(dirs)) {
    const data = loadDataset(dir);
    if (!hasJudgedQueries(data)) continue;
    const { texts } = datasetTexts(data, undefined);
    const { vectors, embedded } = await embeddedItems(data, texts, (done, total) => {
      if (done % 1024 < 32) console.error(`${data.name}: embedded ${done}/${total}`);
    });
    const c = await truthCatalog(data, vectors, texts, embed);
    await loaded?.(c, texts, embedded);
    out.push(c);
  }
  return out;
}

/** The catalog a query belongs to. */
function catalogOf(catalogs: readonly TruthCatalog[], q: JudgedQuery): EvalCatalog {
  const found = catalogs.find((c) => c.catalog.data.name === q.dataset);
  if (!found) throw new Error(`no catalog for the query "${q.text}" of ${q.dataset}`);
  return found.catalog;
}

/** The shipped methods: hybrid (the search ranker), keyword only, vector only. */
export function shippedMethods(catalogs: readonly TruthCatalog[], k = TRUTH_K): Record<'keyword' | 'vector' | 'hybrid', SearchMethod> {
  const none = new Set<string>();
  return {
    keyword: async (q) => {
      const catalog = catalogOf(catalogs, q);
      return catalog.rows(catalog.keyword.search(q.text, k, undefined, none));
    },
    vector: async (q) => {
      const catalog = catalogOf(catalogs, q);
      const v = catalog.queryVectors.get(q.text);
      if (!v) throw new Error(`no vector for "${q.text}"`);
      return catalog.rows(catalog.vectors.index.search(v, k));
    },
    hybrid: async (q) => {
      const catalog = catalogOf(catalogs, q);
      return rankRows(catalog, RANKERS.search, catalog.context(), q.text, evalOptions(k));
    },
  };
}
