import { describe, expect, it } from 'vitest';
import { build, DIMS, MODEL, makeItems, unitVector } from '../../test/artifact-fixtures.ts';
import { ErrorCodes } from '../errors.ts';
import { coarseVectorInto, encodeCoarse } from './coarse.ts';
import { HEADER_BYTES, SECTION_ENTRY_BYTES } from './format.ts';
import { encodeMagnitudes, joinCodes } from './magnitudes.ts';
import { parseArtifactManifest, serializeArtifactManifest } from './manifest.ts';
import { quantize } from './quantize.ts';
import { decodeArtifact } from './read.ts';
import { describeTextRule } from './text-rule.ts';
import { writeArtifact } from './write.ts';

const KEYS = ['sku-2', 'sku-10', 'b', 'é-accent', 'a', '42', 'zz', '😀'];

async function roundTrip(written: Awaited<ReturnType<typeof build>>, binary = written.binary) {
  const manifest = parseArtifactManifest(JSON.parse(written.manifestText), 'manifest.json');
  return decodeArtifact(manifest, new Map([[written.binaryName, binary]]));
}

async function expectInvalid(promise: Promise<unknown>, pattern: RegExp): Promise<void> {
  await expect(promise).rejects.toMatchObject({ code: ErrorCodes.ARTIFACT_INVALID, message: expect.stringMatching(pattern) });
}

describe('artifact format', () => {
  it('round-trips keys, hashes and vectors; items sorted by UTF-8 bytes; blank items stay zero', async () => {
    const items = await makeItems(KEYS, ['zz']);
    const written = await build(items);
    const artifact = await roundTrip(written);
    expect(artifact.count).toBe(KEYS.length);
    expect(artifact.dims).toBe(DIMS);
    // '4' < 'a' < 'b' < 's' < 'z' < 'é' (0xC3) < '😀' (0xF0) in UTF-8.
    expect(artifact.keys).toEqual(['42', 'a', 'b', 'sku-10', 'sku-2', 'zz', 'é-accent', '😀']);
    for (const item of items) {
      const i = artifact.keys.indexOf(item.key);
      expect(artifact.hashes[i]).toBe(item.hash);
      const v = artifact.vector(i);
      if (item.key === 'zz') {
        expect([...v].every((x) => x === 0)).toBe(true);
        continue;
      }
      let dot = 0;
      let norm = 0;
      for (let d = 0; d < DIMS; d++) {
        dot += v[d]! * item.vector[d]!;
        norm += v[d]! * v[d]!;
      }
      expect(Math.sqrt(norm)).toBeCloseTo(1, 5);
      // int8 with a per-item scale keeps cosine to the float vector above 0.999.
      expect(dot).toBeGreaterThan(0.999);
    }
    expect(artifact.vectors().subarray(DIMS, 2 * DIMS)).toEqual(artifact.vector(1));
    // Optional sections: none. The code's signs are a section of their own (coarse.ts), read alone by a first visit.
    expect(artifact.sections.size).toBe(0);
    const coarse = encodeCoarse(artifact.codes, artifact.count, DIMS);
    const signs = new Float32Array(DIMS);
    for (let i = 0; i < artifact.count; i++) {
      coarseVectorInto(coarse, i, DIMS, signs);
      artifact.codes.subarray(i * DIMS, (i + 1) * DIMS).forEach((c, d) => {
        expect(signs[d]! > 0, `item ${i} dim ${d}`).toBe(c > 0);
      });
    }
  });

  it('splits codes into signs and 7-bit magnitudes and joins them back exactly, for any dims and every value', () => {
    for (const dims of [1, 7, 8, 9, 16, 511, 512]) {
      const count = 300;
      const codes = Int8Array.from({ length: count * dims }, (_, i) => ((i * 37 + dims) % 255) - 127);
      expect(codes.includes(-127) && codes.includes(127) && codes.includes(0)).toBe(true);
      const magnitudes = encodeMagnitudes(codes, count, dims);
      expect(magnitudes.byteLength).toBe(Math.ceil((dims * 7) / 8) * count);
      expect(joinCodes(encodeCoarse(codes, count, dims), magnitudes, count, dims)).toEqual(codes);
    }
  });

  it('is deterministic: the same items in any order give the same bytes and manifest', async () => {
    const items = await makeItems(KEYS);
    const a = await build(items);
    const b = await build([...items].reverse());
    expect(b.binary).toEqual(a.binary);
    expect(b.manifestText).toBe(a.manifestText);
    expect(a.binaryName).toMatch(/^vectors-[0-9a-f]{16}\.bin$/);
    expect(a.manifestText.endsWith('}\n')).toBe(true);
    expect(serializeArtifactManifest(parseArtifactManifest(JSON.parse(a.manifestText), 'm'))).toBe(a.manifestText);
  });

  it('stays compact: a 512-d item costs 512 code (64 signs + 64 high bits + 384 magnitudes) + 16 hash + 4 scale + 4 key offset + key bytes', async () => {
    const model = { ...MODEL, dims: 512, key: 'test-model:512:q8' };
    const textRule = await describeTextRule();
    const keys = Array.from({ length: 100 }, (_, i) => `k${String(i).padStart(4, '0')}`);
    const items = keys.map((key) => ({ key, hash: '0'.repeat(32), ...quantize(unitVector(key.length, 512)) }));
    const empty = await writeArtifact({ model, textRule, generator: 't', items: [] });
    const full = await writeArtifact({ model, textRule, generator: 't', items });
    expect(empty.binary.byteLength).toBe(HEADER_BYTES + 6 * SECTION_ENTRY_BYTES);
    // Up to 7 bytes of alignment padding after each of the 6 sections.
    const perItem = (full.binary.byteLength - empty.binary.byteLength) / keys.length;
    expect(perItem).toBeGreaterThanOrEqual(512 + 16 + 4 + 4 + 5);
    expect(perItem).toBeLessThanOrEqual(512 + 16 + 4 + 4 + 5 + (6 * 7) / keys.length);
  });

  it('carries optional named sections, verified, in name order, and refuses reserved or bad names', async () => {
    const items = await makeItems(KEYS);
    const signals = new Uint8Array([1, 2, 3, 4, 5]);
    const ivf = new Uint8Array(33).fill(7);
    const written = await build(items, { signals, ivf });
    expect(written.manifest.sections.map((s) => s.name)).toEqual([
      'keys',
      'hashes',
      'scales',
      'coarse',
      'high',
      'magnitudes',
      'ivf',
      'signals',
    ]);
    expect(written.manifest.sections.every((s) => s.offset % 8 === 0)).toBe(true);
    const artifact = await roundTrip(written);
    expect([...artifact.sections.keys()]).toEqual(['ivf', 'signals']);
    expect(artifact.sections.get('signals')).toEqual(signals);
    expect(artifact.sections.get('ivf')).toEqual(ivf);
    await expect(build(items, { codes: signals })).rejects.toThrow(/reserved/);
    await expect(build(items, { high: signals })).rejects.toThrow(/reserved/);
    await expect(build(items, { coarse: signals })).rejects.toThrow(/reserved/);
    await expect(build(items, { 'Bad Name': signals })).rejects.toThrow(/section name/);
  });

  it('refuses bad items when writing, naming the item', async () => {
    const [a, b] = await makeItems(['a', 'b']);
    await expect(build([a!, { ...b!, key: 'a' }])).rejects.toThrow(/item "a" appears twice/);
    await expect(build([{ ...a!, hash: 'xyz' }])).rejects.toThrow(/item "a" has hash "xyz"/);
    await expect(build([{ ...a!, code: new Int8Array(3) }])).rejects.toThrow(/code of 3 values, expected 16/);
    await expect(build([{ ...a!, scale: Number.NaN }])).rejects.toThrow(/scale NaN/);
  });

  it('detects a truncated, extended or corrupted binary, naming the file and the fault', async () => {
    const written = await build(await makeItems(KEYS));
    const name = written.binaryName;
    await expectInvalid(
      roundTrip(written, written.binary.subarray(0, written.binary.byteLength - 10)),
      new RegExp(`"${name}": is truncated: \\d+ of \\d+ bytes`),
    );
    await expectInvalid(roundTrip(written, new Uint8Array([...written.binary, 0])), /bytes, the manifest says/);
    for (const at of [3, 100, written.binary.byteLength - 1]) {
      const corrupt = written.binary.slice();
      corrupt[at]! ^= 0x40;
      await expectInvalid(roundTrip(written, corrupt), new RegExp(`"${name}": is corrupt: its SHA-256 is [0-9a-f]{64}, the manifest says`));
    }
    const manifest = parseArtifactManifest(JSON.parse(written.manifestText), 'manifest.json');
    await expectInvalid(decodeArtifact(manifest, new Map()), /is missing/);
  });

  it('checks the binary structure even when the hashes match (a writer bug, or a hand-made file)', async () => {
    const written = await build(await makeItems(KEYS));
    const { sha256Hex } = await import('../digest/sha256.ts');
    const tamper = async (edit: (bytes: Uint8Array) => void, pattern: RegExp) => {
      const bytes = written.binary.slice();
      edit(bytes);
      const manifest = parseArtifactManifest(JSON.parse(written.manifestText), 'm.json');
      manifest.files[0]!.sha256 = await sha256Hex(bytes);
      for (const s of manifest.sections) s.sha256 = await sha256Hex(bytes.subarray(s.offset, s.offset + s.bytes));
      await expectInvalid(decodeArtifact(manifest, new Map([[written.binaryName, bytes]])), pattern);
    };
    await tamper((b) => b.set([0x58], 0), /does not start with "IPRECVEC"/);
    await tamper((b) => new DataView(b.buffer).setUint32(8, 1, true), /format version 1, expected 2/);
    await tamper((b) => new DataView(b.buffer).setUint32(12, 3, true), /holds 3 items of 16 dims, the manifest says 8 of 16/);
    // Version 1's -128 cannot be written any more: 7-bit magnitudes (high bit and 6 more) of all ones are codes of +-127.
    const saturated = written.binary.slice();
    for (const name of ['high', 'magnitudes']) {
      const s = written.manifest.sections.find((x) => x.name === name)!;
      saturated.fill(0xff, s.offset, s.offset + s.bytes);
    }
    const resealed = parseArtifactManifest(JSON.parse(written.manifestText), 'm.json');
    resealed.files[0]!.sha256 = await sha256Hex(saturated);
    for (const s of resealed.sections) s.sha256 = await sha256Hex(saturated.subarray(s.offset, s.offset + s.bytes));
    const all127 = await decodeArtifact(resealed, new Map([[written.binaryName, saturated]]));
    expect(all127.codes.every((c) => c === 127 || c === -127)).toBe(true);
    const keys = written.manifest.sections.find((s) => s.name === 'keys')!;
    // Key 1 ("a") becomes "0", which sorts before key 0 ("42").
    await tamper((b) => b.set([0x30], keys.offset + 4 * KEYS.length + 2), /"keys" is not strictly sorted at item 1/);
    await tamper((b) => b.set([0xff], keys.offset + 4 * KEYS.length), /invalid UTF-8 in the key of item 0/);
  });

  it('refuses a manifest of another version, format or with missing fields, naming the field', () => {
    const good = { format: 'inpage-rec-vectors', version: 2 };
    expect(() => parseArtifactManifest({ ...good, version: 1 }, 'v.json')).toThrow(/"v.json": format version 1 is not supported/);
    expect(() => parseArtifactManifest({ ...good, format: 'x' }, 'v.json')).toThrow(/"format" must be "inpage-rec-vectors"/);
    expect(() => parseArtifactManifest({ ...good, code: 'int8-item-scale', generator: 'g', count: 1 }, 'v.json')).toThrow(
      /"model" must be an object/,
    );
    expect(() => parseArtifactManifest([], 'v.json')).toThrow(/the manifest must be an object/);
  });

  it('records the optional catalog digest; manifests without it (older builds) stay readable; a bad one is refused', async () => {
    const items = await makeItems(KEYS);
    const plain = await build(items);
    expect(JSON.parse(plain.manifestText)).not.toHaveProperty('catalog');
    expect(parseArtifactManifest(JSON.parse(plain.manifestText), 'm.json')).not.toHaveProperty('catalog');
    const catalog = { sha256: 'c'.repeat(64), bytes: 1234 };
    const written = await writeArtifact({ model: MODEL, textRule: await describeTextRule(), generator: 'g', items, catalog });
    const json = JSON.parse(written.manifestText) as Record<string, unknown>;
    // Written after textRule, in the spec's order; the binary does not depend on it.
    expect(Object.keys(json).slice(4, 6)).toEqual(['textRule', 'catalog']);
    expect(written.binary).toEqual(
      (await writeArtifact({ model: MODEL, textRule: await describeTextRule(), generator: 'g', items })).binary,
    );
    const parsed = parseArtifactManifest(json, 'm.json');
    expect(parsed.catalog).toEqual(catalog);
    expect(serializeArtifactManifest(parsed)).toBe(written.manifestText);
    expect((await roundTrip(written)).manifest.catalog).toEqual(catalog);
    expect(() => parseArtifactManifest({ ...json, catalog: { sha256: 'C'.repeat(64), bytes: 1 } }, 'm.json')).toThrow(
      /"catalog.sha256" must be 64 lowercase hex/,
    );
    expect(() => parseArtifactManifest({ ...json, catalog: { sha256: 'c'.repeat(64) } }, 'm.json')).toThrow(
      /"catalog.bytes" must be a whole number/,
    );
    expect(() => parseArtifactManifest({ ...json, catalog: 'x' }, 'm.json')).toThrow(/"catalog" must be an object/);
  });

  it('refuses a manifest whose section list disagrees with the binary', async () => {
    const written = await build(await makeItems(KEYS), { extra: new Uint8Array(4) });
    const json = JSON.parse(written.manifestText);
    json.sections = json.sections.filter((s: { name: string }) => s.name !== 'extra');
    await expectInvalid(
      decodeArtifact(parseArtifactManifest(json, 'm'), new Map([[written.binaryName, written.binary]])),
      /holds section "extra", which the manifest does not list/,
    );
    const json2 = JSON.parse(written.manifestText);
    json2.sections[0].offset += 8;
    await expectInvalid(
      decodeArtifact(parseArtifactManifest(json2, 'm'), new Map([[written.binaryName, written.binary]])),
      /disagrees with the manifest about section "keys"/,
    );
  });
});

describe('text rule fingerprint', () => {
  it('is stable, ignores the order of exclude, and changes with any option', async () => {
    const base = await describeTextRule();
    expect((await describeTextRule()).fingerprint).toBe(base.fingerprint);
    expect((await describeTextRule({ exclude: ['a', 'b'] })).fingerprint).toBe(
      (await describeTextRule({ exclude: ['b', 'a'] })).fingerprint,
    );
    const variants = [{ fields: ['title'] }, { flattenOthers: false }, { maxLength: 200 }, { exclude: ['color'] }];
    const prints = await Promise.all(variants.map(async (v) => (await describeTextRule(v)).fingerprint));
    expect(new Set([base.fingerprint, ...prints]).size).toBe(variants.length + 1);
    expect(base.rule).toEqual({
      fields: ['title', 'name', 'brand', 'category', 'tags', 'description'],
      flattenOthers: true,
      exclude: [],
      maxLength: 1000,
    });
  });
});
