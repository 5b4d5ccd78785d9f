import { describe, expect, it } from 'vitest';
import { createFakeEncoder } from '../../../test/helpers/fake-encoder.ts';
import type { CatalogEntry } from '../../catalog/index.ts';
import { runEmbedLoop } from './embed-loop.ts';

const entries = (n: number): CatalogEntry[] =>
  Array.from({ length: n }, (_, i) => ({ key: `k${i}`, hash: `h${i}`, item: { id: i }, text: `item ${i}` }));

describe('runEmbedLoop', () => {
  it('embeds in batches, hands each batch over before the next starts, and reports progress', async () => {
    const encoder = createFakeEncoder(4);
    const log: string[] = [];
    await runEmbedLoop(entries(10), {
      encoder: async () => encoder,
      batchSize: 4,
      onStart: () => log.push('start'),
      onBatch: async (batch, vectors) => {
        expect(vectors).toHaveLength(batch.length * 4);
        // The next batch has not been embedded yet when this one is handed over.
        expect(encoder.texts.at(-1)).toBe(batch.at(-1)!.text);
        log.push(`batch ${batch.map((e) => e.key).join(',')}`);
      },
      onProgress: (done, total) => log.push(`${done}/${total}`),
    });
    expect(log).toEqual(['start', '0/10', 'batch k0,k1,k2,k3', '4/10', 'batch k4,k5,k6,k7', '8/10', 'batch k8,k9', '10/10']);
    expect(encoder.runs).toBe(3);
  });

  it('never loads the encoder when there is nothing to embed', async () => {
    let loaded = false;
    const ms = await runEmbedLoop([], {
      encoder: async () => {
        loaded = true;
        return createFakeEncoder(4);
      },
      batchSize: 4,
      onStart: () => undefined,
      onBatch: async () => undefined,
      onProgress: () => undefined,
    });
    expect(loaded).toBe(false);
    expect(ms).toBe(0);
  });
});
