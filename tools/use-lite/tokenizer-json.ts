/**
 * Expresses the USE-lite SentencePiece vocabulary as a Hugging Face `tokenizer.json` (Unigram model)
 * plus `tokenizer_config.json`, so transformers.js tokenizes exactly like the original TF.js package.
 *
 * The original tokenizer (`@energetic-ai/embeddings`): NFKC, every " " becomes U+2581 and one U+2581
 * is prepended (only when the text is non-empty), then a Viterbi over piece scores on the whole
 * string (no pre-tokenizer split), unknown characters become id 0 and runs of them are fused.
 */

/** One vocabulary entry of the original package: the piece and its log-probability score. */
export type VocabEntry = [piece: string, score: number];

/** How many leading entries the original keeps out of its trie (unk, <s>, </s>, 3 extras). */
export const RESERVED_PIECES = 6;

/** The longest input, in tokens, the converted model accepts; longer inputs are truncated. */
export const MAX_TOKENS = 512;

/**
 * Score given to the reserved pieces so that the lattice never picks them for ordinary text,
 * as the original never can (they are not in its trie). Must stay far below every real score.
 */
const RESERVED_SCORE = -1000;

/** Builds the `tokenizer.json` object. */
export function buildTokenizerJson(vocab: VocabEntry[]): object {
  const pieces = vocab.map(([piece, score], i): VocabEntry => [piece, i > 0 && i < RESERVED_PIECES ? RESERVED_SCORE : score]);
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: [{ id: 0, content: vocab[0]![0], single_word: false, lstrip: false, rstrip: false, normalized: false, special: true }],
    normalizer: {
      type: 'Sequence',
      normalizers: [
        { type: 'NFKC' },
        { type: 'Replace', pattern: { String: ' ' }, content: '\u2581' },
        { type: 'Prepend', prepend: '\u2581' },
      ],
    },
    pre_tokenizer: null,
    post_processor: null,
    decoder: { type: 'Metaspace', replacement: '\u2581', prepend_scheme: 'always', split: true },
    model: { type: 'Unigram', unk_id: 0, vocab: pieces, byte_fallback: false },
  };
}

/** Builds `tokenizer_config.json`: id 0 pads (the graph treats id 0 as "no token" anyway). */
export function buildTokenizerConfig(vocab: VocabEntry[]): object {
  return {
    tokenizer_class: 'PreTrainedTokenizer',
    model_max_length: MAX_TOKENS,
    unk_token: vocab[0]![0],
    pad_token: vocab[0]![0],
    padding_side: 'right',
    clean_up_tokenization_spaces: false,
  };
}
