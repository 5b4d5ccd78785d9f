/**
 * `status()` lists a catalog report's first problems and counts the rest (catalog/report.ts
 * `listedReport`): a page may call it often, and every call copies its answer from the worker. The
 * `report` event and `update()` still carry every problem.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { catalog, visit } from '../../test/helpers/engine-visit.ts';
import { STATUS_PROBLEMS } from '../catalog/report.ts';
import type { CatalogReport } from '../types/index.ts';

/** `catalog(n)` with a price that is not a number on the first `faulty` items: one warning each. */
function withFaultyPrices(n: number, faulty: number) {
  return catalog(n).map((item, i) => (i < faulty ? { ...item, price: `call us (${i})` } : item));
}

describe('status() and the catalog report', () => {
  it(`lists the first ${STATUS_PROBLEMS} problems and counts the rest; the report event has them all`, async () => {
    const v = visit(new IDBFactory(), withFaultyPrices(40, 30));
    const status = await v.ready;
    const report = status.report as CatalogReport;
    expect(report).toMatchObject({ total: 40, valid: 40, skipped: 0, unlisted: 30 - STATUS_PROBLEMS });
    expect(report.problems).toHaveLength(STATUS_PROBLEMS);
    // The first ones in input order, as the full report lists them.
    const event = v.events.find((e) => e.type === 'report');
    const full = event?.type === 'report' ? event.report : undefined;
    expect(full?.problems).toHaveLength(30);
    expect(full?.unlisted).toBeUndefined();
    expect(report.problems).toEqual(full?.problems.slice(0, STATUS_PROBLEMS));
    expect(report.problems.map((p) => p.id)).toEqual(Array.from({ length: STATUS_PROBLEMS }, (_, i) => `p${i}`));
    // update() answers with every problem of the catalog it was given.
    const updated = await v.engine.update(withFaultyPrices(40, 25));
    expect(updated.report.problems).toHaveLength(25);
    expect((await v.engine.status()).report).toMatchObject({ unlisted: 25 - STATUS_PROBLEMS });
  });

  it('a report within the limit is listed whole, with nothing unlisted', async () => {
    const status = await visit(new IDBFactory(), withFaultyPrices(40, STATUS_PROBLEMS)).ready;
    expect(status.report?.problems).toHaveLength(STATUS_PROBLEMS);
    expect(status.report).not.toHaveProperty('unlisted');
  });
});
