/**
 * A first visit that fetches a big artifact by sections leaves the learned space out of the
 * download (`LATER_SECTIONS`, artifact-sections.ts) and fetches it after: the engine in Node with
 * the fake encoder, an artifact with a `learned` section (test/helpers/prebuilt-fixture.ts) served
 * over HTTP on 127.0.0.1 by a server that holds the learned section's range until the test lets it go.
 */
import 'fake-indexeddb/auto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { IDBFactory } from 'fake-indexeddb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineConfig, fakeEngine } from '../../../test/helpers/fake-engine.ts';
import { listenLocal } from '../../../test/helpers/file-server.ts';
import { DIMS, items, MODEL, publish } from '../../../test/helpers/prebuilt-fixture.ts';
import { randomUnitVectors } from '../../../test/helpers/vectors.ts';
import { parseArtifactManifest } from '../../artifact/index.ts';
import { encodeLearned } from '../../learn/section.ts';
import type { EngineEvent } from '../protocol.ts';
import { LATER_SECTIONS } from './artifact-sections.ts';

const catalog = items(30);
const files = new Map<string, Uint8Array | string>();
/** The binary's section by its offset, and the binary's requests by section name. */
let sectionAt = new Map<number, string>();
const requests: string[] = [];
let release = () => {};
let held = Promise.resolve();
let closeServer: () => Promise<void> = async () => {};
let base = '';

/** Answers every request at once, except the learned section's range, which waits for `release`. */
function answer(req: IncomingMessage, res: ServerResponse): void {
  const path = new URL(req.url ?? '/', 'http://x').pathname;
  const body = files.get(path);
  if (body === undefined) return void res.writeHead(404).end();
  const bytes = Buffer.from(body);
  const range = /^bytes=(\d+)-(\d+)$/.exec(req.headers.range ?? '');
  if (!path.endsWith('.bin')) return void res.writeHead(200).end(bytes);
  if (!range) {
    requests.push('whole');
    return void res.writeHead(200).end(bytes);
  }
  const [from, to] = [Number(range[1]), Number(range[2])];
  const name = sectionAt.get(from) ?? `bytes ${from}`;
  requests.push(name);
  const send = () => res.writeHead(206, { 'content-range': `bytes ${from}-${to}/${bytes.byteLength}` }).end(bytes.subarray(from, to + 1));
  if (name === 'learned') void held.then(send);
  else send();
}

beforeAll(async () => {
  ({ base, close: closeServer } = await listenLocal(createServer(answer)));
  files.set('/catalog.json', JSON.stringify(catalog));
  const map = { inDims: DIMS, outDims: 4, weights: randomUnitVectors(1, 4 * DIMS, 3) };
  const learned = encodeLearned({ map, sides: 2, count: 30, vectors: [randomUnitVectors(30, 4, 1), randomUnitVectors(30, 4, 2)] });
  await publish({ files, base, requests: [], close: async () => {} }, 'a', catalog, { sections: { learned } });
  const manifest = parseArtifactManifest(JSON.parse(String(files.get('/a/manifest.json'))), 'manifest.json');
  sectionAt = new Map(manifest.sections.map((x) => [x.offset, x.name]));
});
afterAll(() => closeServer());

describe('sections fetched after a download by sections', () => {
  it('the learned space does not hold back the artifact: ready and "for you" without it, then it comes in with a refresh', async () => {
    expect(LATER_SECTIONS).toContain('learned');
    held = new Promise((ok) => {
      release = ok;
    });
    requests.length = 0;
    // A first visit whose artifact is fetched by sections whatever its size (`headMinBytes: 0`).
    const { engine } = await fakeEngine(new IDBFactory(), MODEL, DIMS, 'shop', { headMinBytes: 0 });
    const events: EngineEvent[] = [];
    const config = engineConfig(MODEL, { catalog: `${base}/catalog.json`, assetsBase: `${base}/`, vectors: `${base}/a/manifest.json` });
    const status = await engine.init(config, (e) => events.push(e));
    // Every vector from the artifact while the learned section is still held.
    expect(status).toMatchObject({ phase: 'ready', items: 30, fromArtifact: 30, embedded: 0 });
    expect(status.learned).toBeUndefined();
    await engine.track({ type: 'view', itemId: 'p0' });
    const before = await engine.forYou({ k: 3 });
    expect(before.every((r) => !r.warming && r.because?.id === 'p0')).toBe(true);
    // Asked for after the rest, once.
    expect(requests.at(-1)).toBe('learned');
    expect(requests.filter((r) => r === 'learned')).toHaveLength(1);
    expect(requests).not.toContain('whole');

    release();
    await engine.context!.prebuilt.revalidated;
    expect((await engine.status()).learned).toEqual({ dims: 4, items: 30, placed: 0 });
    // Lists shown before are asked again.
    expect(events.some((e) => e.type === 'refresh' && e.reason === 'catalog')).toBe(true);
    expect(requests.filter((r) => r === 'learned')).toHaveLength(1);
    await engine.destroy();
  });
});
