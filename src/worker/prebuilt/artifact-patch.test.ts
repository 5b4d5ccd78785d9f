/**
 * Patches through the engine (artifact-patch.ts): a returning visitor takes the items changed since
 * the build it adopted from the patch, never the new binary; a visit with nothing missing moves it
 * to the published build; a refused patch refuses the build it leads to.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FileServer, startFileServer } from '../../../test/helpers/file-server.ts';
import { items, publish, settledCheck, start } from '../../../test/helpers/prebuilt-fixture.ts';
import { ErrorCodes } from '../../errors.ts';
import type { CatalogItem } from '../../types/index.ts';

let server: FileServer;
beforeAll(async () => {
  server = await startFileServer();
});
afterAll(() => server.close());

/** `catalog` with the titles of `ids` rewritten (`round` tells rewrites apart). */
const edited = (catalog: CatalogItem[], ids: string[], round = 1) =>
  catalog.map((item) => (ids.includes(String(item.id)) ? { ...item, title: `${String(item.title)} v${round}` } : item));
const binaries = (dir: string) => server.requests.filter((p) => p.startsWith(`/${dir}/vectors-`));
const patches = (dir: string) => server.requests.filter((p) => p.startsWith(`/${dir}/patch-`));

/** One visit of `catalog` on `factory`'s IndexedDB: its ready status and events, the engine closed after. */
async function visit(factory: IDBFactory, catalog: CatalogItem[], url: string) {
  server.requests.length = 0;
  const v = await start(server, factory, catalog, url);
  const ready = await v.ready;
  v.engine.destroy();
  return { ready, events: v.events };
}

describe('patches for returning visitors', () => {
  it('the changed items come from the patch, not the new binary; the visitor then holds the new build', async () => {
    const factory = new IDBFactory();
    const one = items(40);
    const url = await publish(server, 'p1', one);
    expect((await visit(factory, one, url)).ready).toMatchObject({ fromArtifact: 40, embedded: 0 });
    expect(binaries('p1')).toHaveLength(1);

    const two = edited(one, ['p3', 'p17', 'p30']);
    await publish(server, 'p1', two, { patch: true });
    const second = await visit(factory, two, url);
    expect(second.ready).toMatchObject({ items: 40, indexed: 40, fromArtifact: 3, embedded: 0 });
    expect(second.events.filter((e) => e.type === 'warning' || e.type === 'error')).toEqual([]);
    expect(binaries('p1')).toEqual([]);
    expect(patches('p1')).toHaveLength(1);
    // One manifest request: the revalidation's, read again for the patch.
    expect(server.requests.filter((p) => p === '/p1/manifest.json')).toHaveLength(1);

    // The next build's patch starts from the build the patch brought this visitor to.
    const three = edited(two, ['p5'], 2);
    await publish(server, 'p1', three, { patch: true });
    expect((await visit(factory, three, url)).ready).toMatchObject({ fromArtifact: 1, embedded: 0 });
    expect(binaries('p1')).toEqual([]);
    expect(patches('p1')).toHaveLength(1);
  });

  it('a visit with nothing missing moves the visitor to the published build, so the next patch covers it', async () => {
    const factory = new IDBFactory();
    const one = items(30);
    const url = await publish(server, 'p2', one);
    await visit(factory, one, url);
    // A rebuild that changed no item's text (new site signals, say): another binary, nothing to fetch.
    await publish(server, 'p2', one, {
      patch: true,
      interactions: [
        { session: 's', item: 'p1' },
        { session: 's', item: 'p2' },
      ],
    });
    const same = await visit(factory, one, url);
    expect(same.ready).toMatchObject({ fromArtifact: 0, embedded: 0 });
    // No patch and no vectors (the binary is asked only for its new signals section, by range).
    expect(patches('p2')).toEqual([]);
    // The build after has a patch from that build only: the visitor takes it.
    const two = edited(one, ['p4']);
    await publish(server, 'p2', two, { patch: true });
    expect((await visit(factory, two, url)).ready).toMatchObject({ fromArtifact: 1, embedded: 0 });
    expect(binaries('p2')).toEqual([]);
    expect(patches('p2')).toHaveLength(1);
  });

  it('a patch refused by the sample check refuses its build: a later visit does not take that build whole', async () => {
    const factory = new IDBFactory();
    const one = items(40);
    const url = await publish(server, 'p3', one);
    await visit(factory, one, url);
    const two = edited(one, ['p1', 'p2', 'p4', 'p5', 'p7', 'p8', 'p10', 'p11', 'p13', 'p14']);
    // Forged: every vector shifted to the next item, hashes right.
    await publish(server, 'p3', two, { patch: true, vectors: (truth) => truth.map((_, i) => truth[(i + 1) % truth.length]!) });
    server.requests.length = 0;
    const v = await start(server, factory, two, url, { preloadModel: true });
    expect(await v.ready).toMatchObject({ fromArtifact: 10 });
    expect(patches('p3')).toHaveLength(1);
    expect(await settledCheck(v.engine)).toBe('refused');
    v.engine.destroy();
    // A new item would come from that build's binary: it is embedded instead.
    const three = [...two, { id: 'p-new', title: 'tent new', category: 'tent' }];
    const later = await visit(factory, three, url);
    expect(later.ready).toMatchObject({ fromArtifact: 0 });
    expect(later.events).toContainEqual(
      expect.objectContaining({
        type: 'warning',
        code: ErrorCodes.ARTIFACT_MISMATCH,
        message: expect.stringContaining('failed an earlier check'),
      }),
    );
  });
});
