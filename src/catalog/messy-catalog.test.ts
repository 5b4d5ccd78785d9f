/**
 * A real, messy catalog: the 32,135-item Steam catalog from ../shared (read at run time, never
 * copied). 1,913 of its items hold a price like "Free To Play"; each keeps everything but that
 * field and is reported by item and field. Only 3 records are skipped, and only because they have
 * no identity to recommend them by: two with an empty id, one repeating an earlier item's id.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATASETS_DIR } from '../../test/paths.ts';
import { ErrorCodes } from '../errors.ts';
import { loadCatalog } from './load.ts';
import { validateCatalog } from './validate.ts';

const STEAM = join(DATASETS_DIR, 'steam-games-catalog', 'derived', 'items.jsonl');

describe.skipIf(!existsSync(STEAM))('the Steam catalog (skipped: ../shared/datasets is absent)', () => {
  it('keeps every item with an id (32,132 of 32,135); fields of the wrong type are left out and reported', async () => {
    const body = readFileSync(STEAM, 'utf8');
    const raw = await loadCatalog('steam/items.jsonl', { fetch: async () => new Response(body) });
    const { entries, report } = await validateCatalog(raw, { modelKey: 'use-lite-en:512:q8' });
    expect(report).toMatchObject({ total: 32_135, valid: 32_132, skipped: 3 });
    expect(entries).toHaveLength(32_132);
    const skipped = report.problems.filter((p) => p.severity === 'error').map((p) => p.code);
    expect(skipped).toEqual([ErrorCodes.ITEM_ID_INVALID, ErrorCodes.ITEM_ID_DUPLICATE, ErrorCodes.ITEM_ID_INVALID]);
    const fieldProblems = report.problems.filter((p) => p.code === ErrorCodes.ITEM_FIELD_TYPE);
    expect(fieldProblems.length).toBeGreaterThan(1_900);
    expect(fieldProblems.every((p) => p.severity === 'warning' && p.field !== '' && p.id !== undefined)).toBe(true);
    const priced = fieldProblems.find((p) => p.field === 'price')!;
    expect(entries.find((e) => e.key === priced.id)!.item).not.toHaveProperty('price');
  });
});
