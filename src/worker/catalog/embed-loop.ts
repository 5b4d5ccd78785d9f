/**
 * The embed loop: encodes the entries that have no vector yet, batch by batch. Each batch is
 * handed to `onBatch` (which indexes and persists it) before the next one starts, so a reload in
 * the middle resumes where it stopped and results improve while the rest is still embedding.
 */
import type { CatalogEntry } from '../../catalog/index.ts';
import type { Encoder } from '../../encoder/index.ts';

/** The loop's source of vectors, batch size, and what it does at each step. */
export interface EmbedLoopSteps {
  /** The encoder, loaded on first need (a warm visit with every vector cached never loads it). */
  encoder(): Promise<Encoder>;
  /** Texts per model run. */
  batchSize: number;
  /** Called once the encoder is loaded, before the first batch. */
  onStart(): void;
  /** Called with each embedded batch and its vectors (`batch.length * dims` floats). */
  onBatch(batch: CatalogEntry[], vectors: Float32Array): Promise<void>;
  /** Called with items done so far and the total: before the first batch and after each one. */
  onProgress(done: number, total: number): void;
}

/** Embeds `todo` in batches; resolves with the milliseconds spent. */
export async function runEmbedLoop(todo: readonly CatalogEntry[], steps: EmbedLoopSteps): Promise<number> {
  if (todo.length === 0) return 0;
  const encoder = await steps.encoder();
  steps.onStart();
  const t0 = performance.now();
  const size = steps.batchSize;
  steps.onProgress(0, todo.length);
  for (let start = 0; start < todo.length; start += size) {
    const batch = todo.slice(start, start + size);
    const vectors = await encoder.embed(
      batch.map((e) => e.text),
      { batchSize: size },
    );
    await steps.onBatch(batch, vectors);
    steps.onProgress(Math.min(start + size, todo.length), todo.length);
  }
  return performance.now() - t0;
}
