/**
 * Encoder throughput of the library's path against raw onnxruntime-node, for
 * test/artifact-measure.ts: same model file, same texts, same length-sorted batches, default
 * session options (ORT's own thread pool on every core).
 */
import { join } from 'node:path';
import { AutoTokenizer, env } from '@huggingface/transformers';
import * as ort from 'onnxruntime-node';
import { createEncoder } from '../src/encoder/encoder.ts';
import { capCodePoints, isBlank } from '../src/encoder/text-input.ts';
import { MODELS_DIR } from './paths.ts';

/** Raw onnxruntime-node inputs for `texts`, batched as the encoder batches them (length-sorted, blanks dropped). */
async function rawFeeds(texts: string[], batchSize: number) {
  env.allowLocalModels = true;
  env.localModelPath = `${MODELS_DIR}/`;
  env.allowRemoteModels = false;
  const tokenizer = await AutoTokenizer.from_pretrained('use-lite-en');
  const todo = texts.map((t) => capCodePoints(t, 512 * 16)).filter((t) => !isBlank(t));
  todo.sort((a, b) => a.length - b.length);
  const batches: { texts: string[]; feed: Record<string, ort.Tensor> }[] = [];
  for (let i = 0; i < todo.length; i += batchSize) {
    const batch = todo.slice(i, i + batchSize);
    const enc = tokenizer(batch, { padding: true, truncation: true, max_length: 512, add_special_tokens: false }) as unknown as Record<
      string,
      { data: BigInt64Array; dims: number[] }
    >;
    const feed = {
      input_ids: new ort.Tensor('int64', enc.input_ids!.data, enc.input_ids!.dims),
      attention_mask: new ort.Tensor('int64', enc.attention_mask!.data, enc.attention_mask!.dims),
    };
    batches.push({ texts: batch, feed });
  }
  return batches;
}

const MODEL_FILE = join(MODELS_DIR, 'use-lite-en', 'onnx', 'model_quantized.onnx');

/** Raw onnxruntime-node items/s on `texts`: only `session.run` is timed (tokenising is not). */
export async function rawOrt(texts: string[], batchSize: number): Promise<number> {
  const batches = await rawFeeds(texts, batchSize);
  const session = await ort.InferenceSession.create(MODEL_FILE);
  // No untimed warm-up run: the CLI's encoder time includes its session's first run too.
  const start = performance.now();
  for (const b of batches) await session.run(b.feed);
  const ms = performance.now() - start;
  await session.release();
  return batches.reduce((n, b) => n + b.texts.length, 0) / (ms / 1000);
}

/**
 * The same comparison paired batch by batch in one process, so load from other processes hits
 * both sides alike: each batch runs raw (`session.run` on pre-tokenised input) and through the
 * library's encoder (`embed` of the same 32 texts: tokenise, run, pool), alternating which goes
 * first. After one untimed warm-up batch each.
 */
export async function pairedBatches(texts: string[], batchSize: number) {
  const batches = await rawFeeds(texts, batchSize);
  const session = await ort.InferenceSession.create(MODEL_FILE);
  const encoder = await createEncoder({ modelBase: MODELS_DIR, dtype: 'q8', batchSize });
  await session.run(batches[0]!.feed);
  await encoder.embed(batches[0]!.texts);
  let raw = 0;
  let lib = 0;
  for (const [i, b] of batches.entries()) {
    const timeRaw = async () => {
      const t = performance.now();
      await session.run(b.feed);
      raw += performance.now() - t;
    };
    const timeLib = async () => {
      const t = performance.now();
      await encoder.embed(b.texts);
      lib += performance.now() - t;
    };
    if (i % 2 === 0) {
      await timeRaw();
      await timeLib();
    } else {
      await timeLib();
      await timeRaw();
    }
  }
  const n = batches.reduce((sum, b) => sum + b.texts.length, 0);
  const { tokenizeMs, inferenceMs } = encoder.timings;
  await encoder.dispose();
  await session.release();
  return {
    texts: n,
    rawItemsPerSecond: n / (raw / 1000),
    libraryItemsPerSecond: n / (lib / 1000),
    libraryOverRaw: raw / lib,
    tokenizeShare: tokenizeMs / (tokenizeMs + inferenceMs),
  };
}
