import { describe, expect, it } from 'vitest';
import type { Encoder } from '../encoder/encoder.ts';
import { projectedEncoder } from '../encoder/projected.ts';
import { modelKey, projectedModel } from '../model-key.ts';
import { fitProjection } from '../vector-index/projection.ts';
import { dequantizeInto, describeTextRule, quantize, quantizeWithLength, writeArtifact } from './index.ts';
import { parseArtifactManifest, serializeArtifactManifest } from './manifest.ts';
import { decodeProjection, encodeProjection, projectionEntry } from './projection-file.ts';

const rows = Float32Array.from({ length: 30 * 12 }, (_, i) => Math.cos(i * 0.91) + (i % 12 === 3 ? 1.5 : 0));
const projection = fitProjection(rows, 12, 4);

describe('the projection file', () => {
  it('round-trips byte for byte, and is named by its SHA-256', async () => {
    const bytes = encodeProjection(projection);
    expect(bytes.byteLength).toBe(16 + 4 * 4 * 12);
    expect(decodeProjection(bytes, 'p.bin')).toEqual(projection);
    const entry = await projectionEntry(bytes, 12);
    expect(entry).toMatchObject({
      inDims: 12,
      file: { name: `projection-${entry.file.sha256.slice(0, 16)}.bin`, bytes: bytes.byteLength },
    });
  });

  it('refuses what is not one, naming the file', () => {
    const bytes = encodeProjection(projection);
    expect(() => decodeProjection(bytes.slice(0, 10), 'x.bin')).toThrow('x.bin is not a projection file: 10 bytes');
    const magic = bytes.slice();
    magic[0] = 0;
    expect(() => decodeProjection(magic, 'x.bin')).toThrow('wrong magic');
    expect(() => decodeProjection(bytes.slice(0, bytes.byteLength - 4), 'x.bin')).toThrow('204 bytes for 12 -> 4 dimensions');
    const nan = bytes.slice();
    new DataView(nan.buffer).setFloat32(16, Number.NaN, true);
    expect(() => decodeProjection(nan, 'x.bin')).toThrow('value 0 is not finite');
  });
});

describe('a manifest with a projection', () => {
  async function manifest(overrides: Record<string, unknown> = {}) {
    const entry = await projectionEntry(encodeProjection(projection), 12);
    const key = modelKey(projectedModel('m', entry.file.sha256), 4, 'q8');
    const model = { id: 'm', dtype: 'q8' as const, dims: 4, key, file: 'f.onnx', sha256: '0'.repeat(64), projection: entry };
    const items = [{ key: 'a', hash: '0'.repeat(32), ...quantize([0.5, 0.5, 0.5, 0.5]) }];
    const written = await writeArtifact({ model, textRule: await describeTextRule(), generator: 'test', items });
    const json = JSON.parse(written.manifestText) as { model: Record<string, unknown> };
    json.model = { ...json.model, ...overrides };
    return { written, json };
  }

  it('reads back as written, its key naming the projection', async () => {
    const { written, json } = await manifest();
    const parsed = parseArtifactManifest(json, 'manifest.json');
    expect(parsed.model.projection).toEqual(written.manifest.model.projection);
    expect(serializeArtifactManifest(parsed)).toBe(written.manifestText);
  });

  it('refuses a key that does not name it, a projection that does not reduce, or another file name', async () => {
    const { json } = await manifest({ key: 'm:4:q8' });
    expect(() => parseArtifactManifest(json, 'manifest.json')).toThrow('does not match id, dims, dtype and projection');
    const good = (await manifest()).json.model.projection as { inDims: number; file: unknown };
    const wide = (await manifest({ projection: { ...good, inDims: 4 } })).json;
    expect(() => parseArtifactManifest(wide, 'manifest.json')).toThrow(
      '"model.projection.inDims" must be more than "model.dims" (4), got 4',
    );
    const named = (await manifest({ projection: { ...good, file: { ...(good.file as object), name: 'vectors-1.bin' } } })).json;
    expect(() => parseArtifactManifest(named, 'manifest.json')).toThrow('"model.projection.file.name" must be "projection-*.bin"');
  });
});

describe('projectedEncoder', () => {
  const base = {
    spec: { id: 'm' },
    dims: 12,
    dtype: 'q8',
    runs: 0,
    embed: async (texts: readonly string[]) => rows.slice(0, texts.length * 12),
  } as unknown as Encoder;

  it('gives the projected rows, keeping their length (a query far from the catalog scores low)', async () => {
    const encoder = projectedEncoder(base, projection);
    expect(encoder.dims).toBe(4);
    const out = await encoder.embed(['a', 'b']);
    expect(out).toHaveLength(8);
    let norm = 0;
    for (let k = 0; k < 4; k++) norm += out[k]! ** 2;
    let raw = 0;
    for (let k = 0; k < 12; k++) raw += rows[k]! ** 2;
    expect(Math.sqrt(norm)).toBeLessThanOrEqual(Math.sqrt(raw) + 1e-6);
  });

  it('refuses a projection for another width', () => {
    expect(() => projectedEncoder({ ...base, dims: 10 } as Encoder, projection)).toThrow(
      'the projection reads 12 dimensions, the encoder "m" gives 10',
    );
  });
});

describe('quantizeWithLength', () => {
  it("keeps a projected vector's exact length and the int8 code's direction", () => {
    const v = Float32Array.from({ length: 16 }, (_, i) => Math.sin(i + 1) * 0.2);
    const length = Math.hypot(...v);
    const coded = quantizeWithLength(v);
    expect(coded.code).toEqual(quantize(v).code);
    const out = new Float32Array(16);
    dequantizeInto(coded.code, 0, 16, coded.scale, out, 0, false);
    expect(Math.hypot(...out)).toBeCloseTo(length, 6);
    // The max-abs scale rounds the length too.
    const plain = quantize(v);
    dequantizeInto(plain.code, 0, 16, plain.scale, out, 0, false);
    expect(Math.abs(Math.hypot(...out) - length)).toBeGreaterThan(1e-6);
    expect(quantizeWithLength(new Float32Array(4))).toEqual(quantize(new Float32Array(4)));
  });
});
