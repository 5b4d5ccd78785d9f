/** One timed `embed` call, measured the same way in Node and in the browser worker. */
import type { Encoder } from '../src/encoder/index.ts';

export interface EmbedTiming {
  batchSize: number;
  items: number;
  ms: number;
  itemsPerSecond: number;
  tokenizeMs: number;
  inferenceMs: number;
  poolMs: number;
}

/** Embeds `texts` at `batchSize` and reports throughput and where the time went. */
export async function timeEmbed(encoder: Encoder, texts: string[], batchSize: number): Promise<EmbedTiming> {
  const before = { ...encoder.timings };
  const start = performance.now();
  await encoder.embed(texts, { batchSize });
  const ms = performance.now() - start;
  return {
    batchSize,
    items: texts.length,
    ms: Math.round(ms),
    itemsPerSecond: Math.round((texts.length / ms) * 10_000) / 10,
    tokenizeMs: Math.round(encoder.timings.tokenizeMs - before.tokenizeMs),
    inferenceMs: Math.round(encoder.timings.inferenceMs - before.inferenceMs),
    poolMs: Math.round(encoder.timings.poolMs - before.poolMs),
  };
}
