/**
 * The unchanged-catalog path: a returning visit that fetches the very bytes its snapshot was built
 * from keeps the stored entries and report, without validating again; changed bytes or another
 * text rule take the full path. In Node: real storage on fake-indexeddb, a real HTTP catalog.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { engineConfig, fakeEngine } from '../../../test/helpers/fake-engine.ts';
import { type FileServer, startFileServer } from '../../../test/helpers/file-server.ts';
import * as validate from '../../catalog/validate.ts';
import type { CatalogReport, TextRule } from '../../types/index.ts';

vi.mock('../../catalog/validate.ts', { spy: true });

const DIMS = 16;
const MODEL = 'fake-model';

function catalog(edit = ''): unknown[] {
  const items: unknown[] = Array.from({ length: 30 }, (_, i) => ({ id: `p${i}`, title: `lamp model ${i}${i === 4 ? edit : ''}` }));
  items.push({ title: 'no id' }); // one problem, so the report has something to carry
  return items;
}

let server: FileServer;
beforeAll(async () => {
  server = await startFileServer('application/json');
});
afterAll(() => server.close());

async function visit(factory: IDBFactory, textRule?: TextRule) {
  const fake = await fakeEngine(factory, MODEL, DIMS);
  const reports: CatalogReport[] = [];
  const status = await fake.engine.init(
    engineConfig(MODEL, { catalog: `${server.base}/catalog.json`, ...(textRule ? { textRule } : {}) }),
    (e) => {
      if (e.type === 'report') reports.push(e.report);
    },
  );
  await fake.engine.destroy();
  return { status, reports, embedded: fake.embedded() };
}

describe('a returning visit with the same catalog bytes', () => {
  it('keeps the stored entries and report without validating; changed bytes or text rule validate again', async () => {
    const factory = new IDBFactory();
    const validations = () => vi.mocked(validate.validateCatalog).mock.calls.length;
    server.files.set('/catalog.json', JSON.stringify(catalog()));

    const first = await visit(factory);
    expect(first.status).toMatchObject({ items: 30, embedded: 30 });
    expect(first.reports).toHaveLength(1);
    expect(first.reports[0]!.skipped).toBe(1);

    let before = validations();
    const same = await visit(factory);
    expect(validations()).toBe(before);
    expect(same.status).toMatchObject({ phase: 'ready', items: 30, embedded: 0, fromCache: 30 });
    expect(same.reports).toEqual([first.reports[0]]);
    expect(same.status.report).toEqual(first.reports[0]);

    before = validations();
    server.files.set('/catalog.json', JSON.stringify(catalog(' with a new shade')));
    const edited = await visit(factory);
    expect(validations()).toBe(before + 1);
    expect(edited.embedded).toHaveLength(1);
    expect(edited.embedded[0]).toContain('lamp model 4 with a new shade');

    before = validations();
    const otherRule = await visit(factory, { fields: ['id', 'title'], flattenOthers: false });
    expect(validations()).toBe(before + 1);
    expect(otherRule.embedded).toHaveLength(30);
  });
});
