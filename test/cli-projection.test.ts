/**
 * `inpage-rec build --dims`: the bundled CLI with the real model on demo items (as test/cli.test.ts),
 * its vectors projected to fewer dimensions (src/cli/projection-step.ts). The cases run in order
 * and share one work folder.
 */
import { cpSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeCatalogPart } from '../src/artifact/catalog-parts.ts';
import { decodeProjection } from '../src/artifact/projection-file.ts';
import { quantizeWithLength } from '../src/artifact/quantize.ts';
import { decodeStarter, STARTER_ITEMS } from '../src/artifact/starter-file.ts';
import { writeArtifact } from '../src/artifact/write.ts';
import { validateCatalog } from '../src/catalog/validate.ts';
import { writeOutput } from '../src/cli/output.ts';
import { AUTO_DIMS, AUTO_PROJECT_MIN_ITEMS, buildDims } from '../src/cli/projection-step.ts';
import { STARTER_MIN_ITEMS } from '../src/cli/starter-step.ts';
import { createEncoder } from '../src/encoder/encoder.ts';
import { projectedEncoder } from '../src/encoder/projected.ts';
import { artifactBytes, readArtifactDir, readSummary } from './cli-helpers.ts';
import { cliWorkspace, demoItems, type Item, KEY } from './cli-workspace.ts';
import { MODELS_DIR } from './paths.ts';

const ws = cliWorkspace('cli-projection');
const { path, build, writeCatalog } = ws;
const items = demoItems(40);
const DIMS = 32;

const cosine = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! ** 2;
    nb += b[i]! ** 2;
  }
  return dot / Math.sqrt(na * nb);
};

describe('inpage-rec build --dims', () => {
  it('projects a build without it: nothing embedded again, cosines kept, a smaller binary', async () => {
    const source = writeCatalog('catalog.json', items);
    expect((await build(source, path('raw'), '--no-progress')).code).toBe(0);
    cpSync(path('raw'), path('out'), { recursive: true });
    const run = await build(source, path('out'), '--no-progress', '--dims', String(DIMS));
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const raw = await readArtifactDir(path('raw'));
    const out = await readArtifactDir(path('out'));
    const projection = out.manifest.model.projection!;
    expect(out.manifest.model).toMatchObject({
      id: 'use-lite-en',
      dims: DIMS,
      key: `use-lite-en+p${projection.file.sha256.slice(0, 16)}:${DIMS}:q8`,
    });
    expect(projection).toMatchObject({ inDims: 512, file: { name: `projection-${projection.file.sha256.slice(0, 16)}.bin` } });
    expect(readSummary(`${path('out')}.json`)).toMatchObject({ count: 40, embedded: 0, reused: 40, model: out.manifest.model.key });
    // Content hashes name the projected key; the vectors keep the raw cosines (40 items fit in 32
    // directions only approximately: within .05 for every pair).
    const { entries } = await validateCatalog(items, { modelKey: out.manifest.model.key });
    expect([...out.hashes].sort()).toEqual(entries.map((e) => e.hash).sort());
    let worst = 0;
    for (let i = 0; i < 40; i++)
      for (let j = i + 1; j < 40; j++)
        worst = Math.max(worst, Math.abs(cosine(out.vector(i), out.vector(j)) - cosine(raw.vector(i), raw.vector(j))));
    expect(worst).toBeLessThan(0.05);
    expect(out.manifest.files[0]!.bytes).toBeLessThan(raw.manifest.files[0]!.bytes / 5);
  });

  it("the page's projection of an item's text is the build's (the encoder a page with this build runs)", async () => {
    const out = await readArtifactDir(path('out'));
    const file = out.manifest.model.projection!.file.name;
    const projection = decodeProjection(new Uint8Array(readFileSync(path(`out/${file}`))), file);
    const encoder = projectedEncoder(await createEncoder({ modelBase: MODELS_DIR, dtype: 'q8' }), projection);
    const { entries } = await validateCatalog(items, { modelKey: out.manifest.model.key });
    const vectors = await encoder.embed(entries.map((e) => e.text));
    await encoder.dispose();
    expect(encoder.dims).toBe(DIMS);
    const length = (v: Float32Array) => Math.hypot(...v);
    entries.forEach((e, i) => {
      const page = vectors.subarray(i * DIMS, (i + 1) * DIMS);
      const built = out.vector(out.keys.indexOf(e.key));
      expect(cosine(page, built), e.key).toBeGreaterThan(0.999);
      // Both keep the length the projection left (model-key.ts isProjectedKey): scores stay on the raw scale.
      expect(Math.abs(length(page) - length(built)), e.key).toBeLessThan(0.005);
      expect(length(built), e.key).toBeLessThanOrEqual(1.001);
    });
  });

  it('deterministic, and incremental: a changed item is the one embedded, the projection and the rest kept', async () => {
    // Two cold builds (a build over the raw one above projects its int8 codes instead, FIT_CODE_BITS).
    for (const dir of ['cold', 'cold-again'])
      expect((await build(path('catalog.json'), path(dir), '--no-progress', '--dims', String(DIMS), '--full')).code).toBe(0);
    expect(artifactBytes(path('cold'))).toEqual(artifactBytes(path('cold-again')));
    expect((await readArtifactDir(path('cold'))).manifest.code).toBe('int10-item-scale');
    const before = await readArtifactDir(path('out'));
    const changed = items.map((it, i) => (i === 7 ? { ...(it as Item), description: 'Now a ceramic teapot.' } : it));
    expect((await build(writeCatalog('changed.json', changed), path('out'), '--no-progress', '--dims', String(DIMS))).code).toBe(0);
    const after = await readArtifactDir(path('out'));
    expect(after.manifest.model).toEqual(before.manifest.model);
    expect(readSummary(`${path('out')}.json`)).toMatchObject({ embedded: 1, reused: 39, patches: [{ count: 1 }] });
    const id = items[7]!.id as string;
    for (const [i, key] of after.keys.entries()) {
      const j = before.keys.indexOf(key);
      const row = (a: typeof after, r: number) => Array.from(a.codes.subarray(r * DIMS, (r + 1) * DIMS)).join();
      const same = row(after, i) === row(before, j);
      expect(same, key).toBe(key !== id);
    }
    // Without --dims (auto), a build keeps the previous build's projection, whatever the catalog's size.
    expect((await build(path('changed.json'), path('out'), '--no-progress')).code).toBe(0);
    expect((await readArtifactDir(path('out'))).manifest.model).toEqual(after.manifest.model);
    expect(readSummary(`${path('out')}.json`)).toMatchObject({ embedded: 0, reused: 40 });
    // Back to the full vectors (--dims none): everything embedded again, and the projection file is gone.
    expect((await build(path('changed.json'), path('out'), '--no-progress', '--dims', 'none')).code).toBe(0);
    expect((await readArtifactDir(path('out'))).manifest.model.key).toBe(KEY);
    expect(readdirSync(path('out')).filter((f) => f.startsWith('projection-'))).toEqual([]);
  });

  it('a previous projected build coded in int8 (before 10-bit codes) is not reused: everything embedded again, in 10 bits', async () => {
    const cold = await readArtifactDir(path('cold'));
    const items8 = cold.keys.map((key, i) => ({ key, hash: cold.hashes[i]!, ...quantizeWithLength(cold.vector(i), 8) }));
    const { model, textRule } = cold.manifest;
    const written = await writeArtifact({ model, textRule, generator: 'older inpage-rec', items: items8 });
    const file = model.projection!.file.name;
    await writeOutput(path('old8'), written, [], [], undefined, [{ name: file, bytes: readFileSync(path(`cold/${file}`)) }]);
    const run = await build(path('catalog.json'), path('old8'), '--no-progress', '--dims', String(DIMS));
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('codes its vectors in 8 bits; embedding everything');
    expect(readSummary(`${path('old8')}.json`)).toMatchObject({
      embedded: 40,
      previous: expect.stringMatching(/8 bits per dimension.*writes 10/),
    });
    const after = await readArtifactDir(path('old8'));
    expect(after.manifest).toMatchObject({ code: 'int10-item-scale', model });
    // Embedded through the kept projection: the cold build's vectors, up to its 12-bit fit codes' rounding.
    for (const [i, key] of after.keys.entries())
      expect(cosine(after.vector(i), cold.vector(cold.keys.indexOf(key))), key).toBeGreaterThan(0.9999);
  });

  it('auto (the default): 128 from 5,000 catalog records, else none, unless the previous build projected', async () => {
    const base = (await readArtifactDir(path('raw'))).manifest.model;
    const fresh = { out: path('nowhere'), full: false };
    expect(await buildDims('auto', fresh, base, AUTO_PROJECT_MIN_ITEMS - 1)).toBeUndefined();
    expect(await buildDims('auto', fresh, base, AUTO_PROJECT_MIN_ITEMS)).toBe(AUTO_DIMS);
    expect(AUTO_DIMS).toBe(128);
    expect(await buildDims('none', fresh, base, 50_000)).toBeUndefined();
    expect(await buildDims(64, fresh, base, 10)).toBe(64);
    await build(path('catalog.json'), path('auto-kept'), '--no-progress', '--dims', String(DIMS));
    expect(await buildDims('auto', { out: path('auto-kept'), full: false }, base, 40)).toBe(DIMS);
    expect(await buildDims('auto', { out: path('auto-kept'), full: true }, base, 40)).toBeUndefined();
    // Another model file's projection is not kept.
    expect(await buildDims('auto', { out: path('auto-kept'), full: false }, { ...base, sha256: 'f'.repeat(64) }, 40)).toBeUndefined();
  });

  it('from 5,000 items (auto): projected to 128, with a starter file beside the manifest; nothing embedded again', async () => {
    // 5,000 records of the 40 texts (copies with their own ids): the raw build has every text.
    const copies = Array.from({ length: STARTER_MIN_ITEMS }, (_, i) => ({ ...(items[i % 40] as Item), id: `c${i}` }));
    cpSync(path('raw'), path('big'), { recursive: true });
    const run = await build(writeCatalog('big.json', copies), path('big'), '--no-progress');
    expect(run.code).toBe(0);
    expect(readSummary(`${path('big')}.json`)).toMatchObject({ count: STARTER_MIN_ITEMS, embedded: 0 });
    const big = await readArtifactDir(path('big'));
    expect(big.manifest).toMatchObject({ code: 'int10-item-scale', model: { dims: AUTO_DIMS } });
    const starter = big.manifest.starter!;
    expect(starter).toMatchObject({ basis: 'sample', count: STARTER_ITEMS });
    const file = new Uint8Array(readFileSync(path(`big/${starter.file.name}`)));
    const decoded = await decodeStarter(file, starter, starter.file.name);
    expect(decoded.items.every((item) => copies.some((c) => c.id === item.id))).toBe(true);
    // And its catalog in parts, in the artifact's row order: every record once.
    const parts = big.manifest.catalogParts!;
    expect(parts.files).toHaveLength(Math.ceil(STARTER_MIN_ITEMS / parts.rows));
    const read = await Promise.all(
      parts.files.map((f, i) => decodeCatalogPart(new Uint8Array(readFileSync(path(`big/${f.name}`))), parts, i, big.keys, f.name)),
    );
    expect(read.flat().map((r) => r.id)).toEqual(big.keys);
    expect(read.flat().find((r) => r.id === 'c41')).toEqual(copies[41]);
    // The 40-item builds above have neither.
    expect((await readArtifactDir(path('out'))).manifest.starter).toBeUndefined();
    expect((await readArtifactDir(path('out'))).manifest.catalogParts).toBeUndefined();
  });

  it('--dims must be fewer than the model gives, and at least 16', async () => {
    const tooMany = await build(path('catalog.json'), path('bad'), '--no-progress', '--dims', '512');
    expect(tooMany.code).toBe(1);
    expect(tooMany.stderr).toContain("--dims must be fewer than the model's 512 dimensions, got 512");
    const tooFew = await build(path('catalog.json'), path('bad'), '--no-progress', '--dims', '8');
    expect(tooFew.code).toBe(1);
    expect(tooFew.stderr).toContain('--dims must be a whole number >= 16, got "8"');
    expect(readdirSync(ws.work)).not.toContain('bad');
  });
});
