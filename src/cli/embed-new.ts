/**
 * Embeds the texts a build has no code for, in chunks so memory stays flat for any catalog size:
 * texts are sorted by length once (as the encoder sorts each call), so chunking costs no extra
 * padding, and each chunk's float vectors become int8 codes before the next chunk runs.
 */
import { type ItemCode, quantize } from '../artifact/quantize.ts';
import type { Encoder } from '../encoder/encoder.ts';

// 8,192 texts x 512 dims x 4 bytes = 16 MiB of floats in flight, whatever the catalog size.
const CHUNK = 8192;

/** Codes for each `hash -> text` of `todo` (by `code`: `quantizeWithLength` for projected vectors); `onProgress` gets texts done and the total. */
export async function embedNew(
  encoder: Encoder,
  todo: ReadonlyMap<string, string>,
  onProgress: (done: number, total: number) => void,
  code: (vector: Float32Array) => ItemCode = quantize,
): Promise<Map<string, ItemCode>> {
  const jobs = [...todo].map(([hash, text]) => ({ hash, text }));
  jobs.sort((a, b) => a.text.length - b.text.length || (a.hash < b.hash ? -1 : a.hash > b.hash ? 1 : 0));
  const dims = encoder.dims;
  const out = new Map<string, ItemCode>();
  for (let start = 0; start < jobs.length; start += CHUNK) {
    const chunk = jobs.slice(start, start + CHUNK);
    const vectors = await encoder.embed(
      chunk.map((j) => j.text),
      { onProgress: (done) => onProgress(start + done, jobs.length) },
    );
    chunk.forEach((job, i) => {
      out.set(job.hash, code(vectors.subarray(i * dims, (i + 1) * dims)));
    });
  }
  return out;
}
