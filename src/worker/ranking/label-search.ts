/**
 * Search's query words read as the catalog's labels (recommend/label-words.ts), in the worker: the
 * labels counted while the keyword index was built (catalog-keywords.ts) are embedded once per
 * index by the model's own encoder, and each query's words as they come (recent ones kept).
 */
import { DEFAULT_MODEL, type Encoder } from '../../encoder/index.ts';
import { type KeywordIndex, LabelWords } from '../../recommend/index.ts';
import { keywordLabels } from '../catalog/catalog-keywords.ts';

/** Query words whose vectors are kept (a shopper refines a query a word at a time). */
const WORD_CACHE = 256;

/** Label vectors per keyword index, and recent query words' vectors. */
export class LabelSearch {
  private readonly built = new WeakMap<KeywordIndex, Promise<LabelWords | undefined>>();
  private readonly ready = new WeakMap<KeywordIndex, LabelWords>();
  private readonly spelled = new WeakMap<KeywordIndex, LabelWords | undefined>();
  private readonly words = new Map<string, Float32Array>();

  /** `model`: the encoder without a projection (encoder-loader.ts `model`), loaded on first use. */
  constructor(private readonly model: () => Promise<Encoder>) {}

  /**
   * The labels of `index`'s catalog as search words if they are embedded; else their embedding
   * starts in the background (Steam's 376 labels held by 5 or more games: ~1.7 s in one thread,
   * bench/search-labels.ts), so no search waits for it, and a search that comes before (or runs
   * another model than the default) reads only labels typed as one word (`LabelWords.spelled`).
   * `prepareSearch` (the search box's focus) waits for the embedding with `prepare`. Undefined for
   * a catalog without labels.
   */
  labelWordsNow(index: KeywordIndex): LabelWords | undefined {
    void this.prepare(index);
    const ready = this.ready.get(index);
    if (ready) return ready;
    if (!this.spelled.has(index)) {
      const labels = keywordLabels(index) ?? [];
      this.spelled.set(index, labels.length ? LabelWords.spelled(labels) : undefined);
    }
    return this.spelled.get(index);
  }

  /**
   * Embeds `index`'s labels once (later calls share the work); resolves to them, or to undefined
   * without labels, when embedding failed, or with another model than the default: the cosine
   * threshold (label-words.ts) was chosen on the default model's scale. Search then reads queries
   * as typed. A failure is not retried for that index (the next catalog's index tries again).
   */
  prepare(index: KeywordIndex): Promise<LabelWords | undefined> {
    let words = this.built.get(index);
    if (!words) {
      const labels = keywordLabels(index) ?? [];
      words =
        labels.length === 0
          ? Promise.resolve(undefined)
          : this.model()
              .then(async (encoder) => {
                if (encoder.spec.id !== DEFAULT_MODEL) return undefined;
                const made = new LabelWords(labels, await encoder.embed(labels), encoder.dims);
                this.ready.set(index, made);
                return made;
              })
              .catch(() => undefined);
      this.built.set(index, words);
    }
    return words;
  }

  /** `words` embedded by the model's own encoder, one row each; recent words come from the cache. */
  async embedWords(words: readonly string[]): Promise<Float32Array> {
    const encoder = await this.model();
    const d = encoder.dims;
    const found = new Map<string, Float32Array>();
    for (const w of words) {
      const v = this.words.get(w);
      if (v) found.set(w, v);
    }
    const missing = [...new Set(words.filter((w) => !found.has(w)))];
    if (missing.length > 0) {
      const rows = await encoder.embed(missing);
      missing.forEach((w, i) => {
        found.set(w, rows.slice(i * d, (i + 1) * d));
      });
    }
    const out = new Float32Array(words.length * d);
    words.forEach((w, i) => {
      const v = found.get(w)!;
      this.remember(w, v);
      out.set(v, i * d);
    });
    return out;
  }

  private remember(word: string, vector: Float32Array): void {
    this.words.delete(word);
    this.words.set(word, vector);
    if (this.words.size > WORD_CACHE) this.words.delete(this.words.keys().next().value!);
  }
}
