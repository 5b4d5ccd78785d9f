import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FileServer, startFileServer } from '../../../test/helpers/file-server.ts';
import { describeTextRule, quantize, writeArtifact } from '../../artifact/index.ts';
import { decodeProjection, encodeProjection, projectionEntry } from '../../artifact/projection-file.ts';
import { integrityOf } from '../../digest/integrity.ts';
import { modelKey, projectedModel } from '../../model-key.ts';
import { fitProjection } from '../../vector-index/projection.ts';
import type { EngineConfig } from '../protocol.ts';
import { readArtifactSpace } from './artifact-space.ts';

let server: FileServer;
beforeAll(async () => {
  server = await startFileServer();
});
afterAll(() => server.close());

const rows = Float32Array.from({ length: 40 * 16 }, (_, i) => Math.sin(i * 0.37) + (i % 16 === 0 ? 2 : 0));
const projection = fitProjection(rows, 16, 8);
const bytes = encodeProjection(projection);

/** Publishes a one-item artifact under `/<dir>/`, projected or not; returns its manifest URL and text. */
async function publish(dir: string, projected: boolean, fileBytes = bytes): Promise<{ url: string; text: string }> {
  const entry = await projectionEntry(bytes, 16);
  const dims = projected ? 8 : 16;
  const key = modelKey(projectedModel('fake-model', projected ? entry.file.sha256 : undefined), dims, 'q8');
  const model = {
    id: 'fake-model',
    dtype: 'q8' as const,
    dims,
    key,
    file: 'm.onnx',
    sha256: '0'.repeat(64),
    ...(projected ? { projection: entry } : {}),
  };
  const items = [{ key: 'a', hash: '0'.repeat(32), ...quantize(new Float32Array(dims).fill(0.5)) }];
  const written = await writeArtifact({ model, textRule: await describeTextRule(), generator: 'test', items });
  server.files.set(`/${dir}/manifest.json`, written.manifestText);
  server.files.set(`/${dir}/${written.binaryName}`, written.binary);
  if (projected) server.files.set(`/${dir}/${entry.file.name}`, fileBytes);
  return { url: `${server.base}/${dir}/manifest.json`, text: written.manifestText };
}

function visit(url: string, extra: Partial<EngineConfig> = {}, settings = new Map<string, unknown>()) {
  const config = { vectors: url, model: 'fake-model', dtype: 'q8', ...extra } as EngineConfig;
  const store = {
    getSetting: async <T>(key: string) => settings.get(key) as T | undefined,
    setSetting: async (key: string, value: unknown) => void settings.set(key, value),
  };
  return { config, store, settings } as unknown as Parameters<typeof readArtifactSpace>[0] & { settings: Map<string, unknown> };
}

describe('the space of prebuilt vectors, read before the engine opens', () => {
  it('a projected build: the projection file, checked, and kept for the next visit', async () => {
    const { url } = await publish('p', true);
    const v = visit(url);
    const read = await readArtifactSpace(v);
    expect(read.space?.sha256).toBe((await projectionEntry(bytes, 16)).file.sha256);
    expect(read.space?.projection).toEqual(decodeProjection(bytes, 'x'));
    // The manifest's one request, handed on to the artifact download.
    expect((await read.manifest!).ok).toBe(true);
    expect(v.settings.get(`space:${url}`)).toEqual(read.space);
  });

  it('a build without one, no vectors at all, or another model: the encoder space', async () => {
    const { url } = await publish('raw', false);
    const v = visit(url);
    expect((await readArtifactSpace(v)).space).toBeUndefined();
    expect(v.settings.get(`space:${url}`)).toBeNull();
    expect(await readArtifactSpace(visit(''))).toEqual({ space: undefined, manifest: undefined });
    const { url: p } = await publish('other', true);
    expect((await readArtifactSpace(visit(p, { model: 'another-model' }))).space).toBeUndefined();
  });

  it('a projection file that does not match its manifest, or a manifest the page does not pin: no space', async () => {
    const { url } = await publish('bad', true, bytes.slice().fill(1, 20, 24));
    expect((await readArtifactSpace(visit(url))).space).toBeUndefined();
    const { url: pinned, text } = await publish('pinned', true);
    expect((await readArtifactSpace(visit(pinned, { vectorsIntegrity: 'sha256-AAAA' }))).space).toBeUndefined();
    const pin = await integrityOf(new TextEncoder().encode(text));
    expect((await readArtifactSpace(visit(pinned, { vectorsIntegrity: pin }))).space).toBeDefined();
  });

  it('a returning visit goes on in the space it stored, without waiting; the manifest is kept for the next one', async () => {
    const { url } = await publish('moved', false);
    const stored = { sha256: 'f'.repeat(64), projection };
    const v = visit(url, {}, new Map([[`space:${url}`, stored]]));
    expect((await readArtifactSpace(v)).space).toEqual(stored);
    // The build has no projection now: the next visit's space.
    await new Promise((ok) => setTimeout(ok, 100));
    expect(v.settings.get(`space:${url}`)).toBeNull();
    // Offline: the stored space stands.
    const offline = visit(`${server.base}/nowhere/manifest.json`, {}, new Map([[`space:${server.base}/nowhere/manifest.json`, stored]]));
    expect((await readArtifactSpace(offline)).space).toEqual(stored);
  });
  it('a returning visit in the same space does not fetch the projection file again', async () => {
    const { url } = await publish('same', true);
    const first = visit(url);
    const read = await readArtifactSpace(first);
    const file = `/same/${(await projectionEntry(bytes, 16)).file.name}`;
    expect(server.requests.filter((r) => r === file)).toHaveLength(1);
    const again = visit(url, {}, first.settings);
    expect((await readArtifactSpace(again)).space).toEqual(read.space);
    await new Promise((ok) => setTimeout(ok, 100));
    expect(server.requests.filter((r) => r === file)).toHaveLength(1);
    expect(again.settings.get(`space:${url}`)).toEqual(read.space);
  });
});
