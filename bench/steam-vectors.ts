/**
 * Real 512-d vectors for the index and IndexedDB sections: Steam catalog texts embedded in Node by
 * the library's encoder (q8, the browser default), cached on disk by tools/embed-cache.ts so only
 * the first run pays for the model (~3 min for all 32k texts on 2 cores).
 */
import { embedCached } from '../tools/embed-cache.ts';
import { steamTexts } from './steam.ts';

/** Where the vectors are and how they were made. */
export interface RealVectors {
  /** Raw float32 file, row-major (rows x dims): what the bench worker fetches. */
  file: string;
  rows: number;
  dims: number;
  fromCache: boolean;
  embedMs: number;
}

/** Embeds the first `limit` Steam texts (or reads them from the cache). */
export async function steamVectors(limit: number, log: (line: string) => void): Promise<RealVectors> {
  const texts = steamTexts(limit);
  let lastLog = 0;
  const result = await embedCached(texts, {
    name: 'steam-games-catalog',
    onProgress: (done, total) => {
      if (performance.now() - lastLog < 15_000) return;
      lastLog = performance.now();
      log(`  embedding Steam texts: ${done} / ${total}`);
    },
  });
  return { file: result.file, rows: texts.length, dims: result.dims, fromCache: result.fromCache, embedMs: Math.round(result.ms) };
}
