/**
 * Browser side of `npm run bench:encoder`: runs the library's Encoder in a worker, exactly as the
 * product's worker does, and reports items/second per dtype and batch size. Exposed over comlink,
 * as the product worker is; encoder-bench.page.ts calls `run` once per worker.
 */
import { expose } from 'comlink';
import { createEncoder } from '../../src/encoder/index.ts';
import { timeEmbed } from '../time-embed.ts';

export interface EncoderBenchRequest {
  texts: string[];
  dtypes: ('fp32' | 'q8')[];
  batchSizes: number[];
  /** Texts timed per batch size (batch 1 gets fewer: it is slow and its rate stabilises fast). */
  counts: Record<number, number>;
  modelBase: string;
  wasmBase: string;
  /** Default 'wasm' (benchmarks); the WebGPU correctness test passes 'auto' or 'webgpu'. */
  device?: 'auto' | 'wasm' | 'webgpu';
  /** WASM threads (used when cross-origin isolated); default the product's (all cores but one). */
  threads?: number;
  /** When set, also returns the embeddings of these texts (for correctness checks). */
  embedTexts?: string[];
}

/** What `run` resolves to; a failure rejects instead (comlink carries the error to the page). */
export interface EncoderBenchAnswer {
  ok: true;
  results: Record<string, unknown>[];
  crossOriginIsolated: boolean;
  userAgent: string;
}

/** The worker's API. */
export interface EncoderBenchApi {
  run(req: EncoderBenchRequest): Promise<EncoderBenchAnswer>;
}

async function run(req: EncoderBenchRequest): Promise<EncoderBenchAnswer> {
  const results = [];
  for (const dtype of req.dtypes) {
    const t0 = performance.now();
    const encoder = await createEncoder({
      modelBase: req.modelBase,
      wasmBase: req.wasmBase,
      dtype,
      device: req.device ?? 'wasm',
      ...(req.threads ? { threads: req.threads } : {}),
    });
    if (req.embedTexts) {
      const vectors = await encoder.embed(req.embedTexts);
      results.push({ dtype, backend: encoder.backend, vectors: Array.from(vectors) });
      await encoder.dispose();
      continue;
    }
    const loadMs = performance.now() - t0;
    await encoder.embed(req.texts.slice(0, 32), { batchSize: 32 }); // warm-up: first runs allocate
    for (const batchSize of req.batchSizes) {
      const texts = req.texts.slice(0, req.counts[batchSize] ?? req.texts.length);
      results.push({
        dtype,
        ...(await timeEmbed(encoder, texts, batchSize)),
        loadMs: Math.round(loadMs),
        backend: encoder.backend,
      });
    }
    await encoder.dispose();
  }
  return { ok: true, results, crossOriginIsolated: self.crossOriginIsolated, userAgent: navigator.userAgent };
}

expose({ run } satisfies EncoderBenchApi);
