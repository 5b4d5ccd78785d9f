/**
 * `runBuild` reads `--interactions` before any model work: these builds point at a models folder
 * that does not exist, so reaching the model at all would fail with MODEL_FAILED instead.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ErrorCodes } from '../errors.ts';
import { type BuildIO, LEARNED_PRIVACY_WARNING, runBuild } from './build.ts';
import type { BuildOptions } from './options.ts';

const dir = mkdtempSync(join(tmpdir(), 'inpage-rec-build-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  writeFileSync(join(dir, name), text);
  return join(dir, name);
};
const catalog = file(
  'catalog.json',
  JSON.stringify([
    { id: 'nw-0001', title: 'Teapot' },
    { id: 'nw-0002', title: 'Cups' },
    { id: 'nw-0003', title: 'Tray' },
    { title: 'no id' },
  ]),
);

function build(interactions: string, events?: string[]) {
  const warnings: string[] = [];
  const io: BuildIO = { log() {}, warn: (line) => warnings.push(line), progress: () => ({ update() {}, stop() {} }) };
  const options: BuildOptions = {
    source: catalog,
    out: join(dir, 'out'),
    model: 'use-lite-en',
    dtype: 'q8',
    textRule: {},
    batchSize: 32,
    allowRemoteModels: false,
    dims: 'auto',
    modelsDir: join(dir, 'no-models-here'),
    full: false,
    maxProblems: 20,
    interactions,
    learn: true,
    floatActivations: false,
    ...(events ? { events } : {}),
  };
  return { warnings, result: runBuild(options, io).catch((e: unknown) => e as Error & { code: string }) };
}

describe('runBuild with --interactions', () => {
  it('fails on a bad interactions file before loading the model, writing nothing', async () => {
    const allBad = await build(file('bad.csv', 'o1\no2\n')).result;
    expect(allBad).toMatchObject({ code: ErrorCodes.CATALOG_UNREADABLE, message: expect.stringMatching(/line 1: column 2/) });
    const unknown = await build(file('skus.csv', 'o1,SKU-1\no1,SKU-2\n')).result;
    expect(unknown).toMatchObject({ code: ErrorCodes.UNKNOWN_ITEM, message: expect.stringMatching(/"SKU-1".*"nw-0001"/) });
    const events = await build(file('views.csv', 'o1,nw-0001,1,view\n'), ['purchase']).result;
    expect(events).toMatchObject({ code: ErrorCodes.INVALID_OPTION });
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  it('a usable file is read and its warnings given before the model is needed', async () => {
    const rows = ['o1,nw-0001', 'o1,nw-0002', 'o2,nw-0001', 'o2,nw-0002', 'o3,x', 'o3,y', 'o3,z', 'o3,v', 'o3,w', 'o4,bad,ts'];
    const { warnings, result } = build(file('ok.csv', rows.join('\n')));
    expect(await result).toMatchObject({ code: ErrorCodes.MODEL_FAILED });
    expect(warnings).toEqual([
      'warning: --interactions line 10: column 3 (ts) must be a number or an ISO 8601 date, got "ts"',
      expect.stringMatching(/^warning: --interactions: 5 of 9 rows \(56%\) name items not in the catalog, e\.g\. "x", "y"/),
      LEARNED_PRIVACY_WARNING, // learn: true
    ]);
  });
});
