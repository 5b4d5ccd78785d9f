/** The Encoder's own behaviour: edge input, truncation, batching order, progress, cancellation. */
import { beforeAll, describe, expect, it } from 'vitest';
import { createEncoder, type Encoder, pool } from '../src/encoder/index.ts';
import { InpageRecError } from '../src/errors.ts';
import { MODELS_DIR } from './paths.ts';

let enc: Encoder;
beforeAll(async () => {
  enc = await createEncoder({ modelBase: MODELS_DIR, dtype: 'fp32', batchSize: 4 });
});

const row = (m: Float32Array, i: number) => m.subarray(i * enc.dims, (i + 1) * enc.dims);
const norm = (v: Float32Array) => Math.sqrt(v.reduce((s, x) => s + x * x, 0));

describe('edge input', () => {
  it('gives the zero vector to empty, whitespace-only and control-only text', async () => {
    const out = await enc.embed(['', '   ', '\t\n\r', '\u0000\u0001\u200b']);
    for (let i = 0; i < 4; i++) expect(norm(row(out, i))).toBe(0);
  });

  it('gives finite unit vectors to control characters, emoji and other scripts', async () => {
    const texts = ['bell\u0007 and null\u0000 inside', '👟🏃‍♀️🔥', 'Привет мир', 'مرحبا بالعالم', '中文文本', 'हिन्दी पाठ', 'e\u0301'];
    const out = await enc.embed(texts);
    texts.forEach((t, i) => {
      const v = row(out, i);
      expect(v.every(Number.isFinite), t).toBe(true);
      expect(norm(v), t).toBeCloseTo(1, 5);
    });
  });

  it('truncates text past 512 tokens deterministically: what follows the limit changes nothing', async () => {
    const long = 'hiking boots with waterproof leather and a grippy sole '.repeat(120);
    const [a, b] = [await enc.embed([long]), await enc.embed([`${long} completely different ending about kitchen knives`])];
    expect(Array.from(a)).toEqual(Array.from(b));
    const huge = await enc.embed(['x '.repeat(500_000)]);
    expect(norm(huge)).toBeCloseTo(1, 5);
  });

  it('returns rows in input order even though batches are sorted by length', async () => {
    const texts = ['a very long description of a camping stove with many words in it', 'tent', 'sleeping bag for winter', 'mug'];
    const together = await enc.embed(texts);
    for (let i = 0; i < texts.length; i++) {
      const alone = await enc.embed([texts[i]!]);
      for (let d = 0; d < enc.dims; d++) expect(Math.abs(together[i * enc.dims + d]! - alone[d]!)).toBeLessThan(1e-5);
    }
  });
});

describe('progress and cancellation', () => {
  it('reports monotonic progress ending at the total, one model run per batch', async () => {
    const seen: number[] = [];
    const runsBefore = enc.runs;
    await enc.embed(
      Array.from({ length: 10 }, (_, i) => `item number ${i}`),
      {
        onProgress: (d, t) => {
          expect(t).toBe(10);
          seen.push(d);
        },
      },
    );
    expect(seen.at(-1)).toBe(10);
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
    expect(enc.runs - runsBefore).toBe(3); // ceil(10 / 4)
  });

  it('stops between batches when the signal aborts', async () => {
    const ctrl = new AbortController();
    const p = enc.embed(
      Array.from({ length: 40 }, (_, i) => `text ${i}`),
      { signal: ctrl.signal, onProgress: (d) => d >= 8 && ctrl.abort() },
    );
    await expect(p).rejects.toMatchObject({ code: 'ABORTED' });
    await expect(p).rejects.toBeInstanceOf(InpageRecError);
  });
});

describe('pool', () => {
  it('mean-pools only unmasked tokens and normalises', () => {
    const hidden = { dims: [1, 3, 2], data: new Float32Array([1, 0, 3, 0, 100, 100]) };
    const mask = { dims: [1, 3], data: new BigInt64Array([1n, 1n, 0n]) };
    expect(Array.from(pool(hidden, mask, { pooling: 'mean', normalize: false }).data)).toEqual([2, 0]);
    expect(Array.from(pool(hidden, mask, { pooling: 'mean', normalize: true }).data)).toEqual([1, 0]);
    expect(Array.from(pool(hidden, mask, { pooling: 'cls', normalize: false }).data)).toEqual([1, 0]);
  });
});
