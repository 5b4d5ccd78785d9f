import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveOptions } from './options.ts';

const dir = mkdtempSync(join(tmpdir(), 'inpage-rec-options-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const config = (value: unknown) => {
  const file = join(dir, `${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value));
  return file;
};

describe('build options', () => {
  it('defaults to the browser defaults', async () => {
    expect(await resolveOptions('c.json', { out: 'o' })).toEqual({
      source: 'c.json',
      out: 'o',
      model: 'use-lite-en',
      dtype: 'q8',
      textRule: {},
      batchSize: 32,
      allowRemoteModels: false,
      full: false,
      maxProblems: 20,
      learn: false,
      dims: 'auto',
      floatActivations: false,
    });
  });

  it('runs int8 activations unless --float-activations', async () => {
    expect((await resolveOptions('c.json', { out: 'o', floatActivations: true })).floatActivations).toBe(true);
  });

  it('takes createRecommender keys from --config, with flags winning and browser-only keys ignored', async () => {
    const file = config({
      catalog: '/c.json',
      index: 'flat',
      dtype: 'fp32',
      batchSize: 8,
      textRule: { fields: ['title'], exclude: ['sku'] },
    });
    const o = await resolveOptions('c.json', { out: 'o', config: file, textFields: 'name, brand', batchSize: '16' });
    expect(o).toMatchObject({ dtype: 'fp32', batchSize: 16, textRule: { fields: ['name', 'brand'], exclude: ['sku'] } });
  });

  it('names the flag or key at fault', async () => {
    await expect(resolveOptions('c', { out: 'o', batchSize: '0' })).rejects.toThrow(/--batch-size must be a whole number >= 1, got "0"/);
    await expect(resolveOptions('c', { out: 'o', textFields: ' , ' })).rejects.toThrow(/--text-fields needs at least one field/);
    await expect(resolveOptions('c', { out: 'o', dtype: 'int4' })).rejects.toThrow(/--dtype must be q8 or fp32/);
    await expect(resolveOptions('c', { out: 'o', config: config('{ not json') })).rejects.toThrow(/could not be read as JSON/);
    await expect(resolveOptions('c', { out: 'o', config: config({ modle: 'x' }) })).rejects.toThrow(/unknown keys "modle"/);
    await expect(resolveOptions('c', { out: 'o', config: config({ textRule: { feilds: ['title'] } }) })).rejects.toThrow(
      /--config "textRule" has an unknown key "feilds"/,
    );
    await expect(resolveOptions('c', { out: 'o', config: config({ textRule: ['title'] }) })).rejects.toThrow(
      /"textRule" must be an object/,
    );
  });

  it('--dims: auto (default), none or a whole number of at least 16; none beside --to', async () => {
    expect(await resolveOptions('c.json', { out: 'o', dims: '128' })).toMatchObject({ dims: 128 });
    expect(await resolveOptions('c.json', { out: 'o' })).toMatchObject({ dims: 'auto' });
    expect(await resolveOptions('c.json', { out: 'o', dims: 'none' })).toMatchObject({ dims: 'none' });
    expect(await resolveOptions('c.json', { out: 'o', to: './db' })).toMatchObject({ dims: 'none' });
    expect(await resolveOptions('c.json', { out: 'o', dims: 'auto', to: './db' })).toMatchObject({ dims: 'none' });
    await expect(resolveOptions('c.json', { out: 'o', dims: 'most' })).rejects.toThrow(
      '--dims must be auto, none or a whole number >= 16, got "most"',
    );
    await expect(resolveOptions('c.json', { out: 'o', dims: '12' })).rejects.toThrow('--dims must be a whole number >= 16, got "12"');
    await expect(resolveOptions('c.json', { out: 'o', dims: '128', to: './db' })).rejects.toThrow('--dims and --to cannot be combined yet');
  });

  it('--learned-space turns training on, and only with --interactions', async () => {
    expect(await resolveOptions('c.json', { out: 'o', interactions: 'i.csv', learnedSpace: true })).toMatchObject({ learn: true });
    expect(await resolveOptions('c.json', { out: 'o', interactions: 'i.csv' })).toMatchObject({ learn: false });
    await expect(resolveOptions('c.json', { out: 'o', learnedSpace: true })).rejects.toMatchObject({
      code: 'INVALID_OPTION',
      message: expect.stringMatching(/--learned-space .* pass --interactions/),
    });
  });

  it('--epsilon sets the privacy budget of the signals: a number in (0, 8], only with --interactions', async () => {
    expect(await resolveOptions('c', { out: 'o', interactions: 'i.csv', epsilon: '0.5' })).toMatchObject({ epsilon: 0.5 });
    expect(await resolveOptions('c', { out: 'o', interactions: 'i.csv' })).not.toHaveProperty('epsilon');
    for (const bad of ['0', '-1', '9', 'one', ''])
      await expect(resolveOptions('c', { out: 'o', interactions: 'i.csv', epsilon: bad })).rejects.toMatchObject({
        code: 'INVALID_OPTION',
        message: expect.stringMatching(/^--epsilon must be a number in \(0, 8\]/),
      });
    await expect(resolveOptions('c', { out: 'o', epsilon: '1' })).rejects.toThrow(/--epsilon .* pass --interactions/);
  });

  it('--interactions takes a path; an empty one is an error, not a build without signals', async () => {
    expect(await resolveOptions('c', { out: 'o', interactions: 'orders.csv' })).toMatchObject({ interactions: 'orders.csv' });
    await expect(resolveOptions('c', { out: 'o', interactions: '' })).rejects.toThrow(/--interactions needs a file path/);
    await expect(resolveOptions('c', { out: 'o', to: ' ' })).rejects.toThrow(/--to needs a database/);
    expect(await resolveOptions('c', { out: 'o', to: 'postgres://h/db' })).toMatchObject({ to: 'postgres://h/db' });
    await expect(resolveOptions('c', { out: 'o', interactions: '  ' })).rejects.toMatchObject({ code: 'INVALID_OPTION' });
  });

  it('--events is a comma-separated list of event names for --interactions', async () => {
    const o = await resolveOptions('c', { out: 'o', interactions: 'orders.csv', events: ' purchase, cart,,purchase ' });
    expect(o.events).toEqual(['purchase', 'cart']);
    expect((await resolveOptions('c', { out: 'o', interactions: 'orders.csv' })).events).toBeUndefined();
    await expect(resolveOptions('c', { out: 'o', interactions: 'orders.csv', events: ' , ' })).rejects.toThrow(
      /--events needs at least one event name, e\.g\. --events purchase,cart; got " , "/,
    );
    await expect(resolveOptions('c', { out: 'o', interactions: 'orders.csv', events: '' })).rejects.toMatchObject({
      code: 'INVALID_OPTION',
    });
    await expect(resolveOptions('c', { out: 'o', events: 'purchase' })).rejects.toThrow(/--events filters the --interactions file/);
  });
  it('--columns maps the parts to header names for --interactions', async () => {
    const o = await resolveOptions('c', { out: 'o', interactions: 'orders.csv', columns: 'session=Name,item=Lineitem sku' });
    expect(o.columns).toEqual({ session: 'Name', item: 'Lineitem sku' });
    expect((await resolveOptions('c', { out: 'o', interactions: 'orders.csv' })).columns).toBeUndefined();
    await expect(resolveOptions('c', { out: 'o', interactions: 'orders.csv', columns: 'item=sku' })).rejects.toMatchObject({
      code: 'INVALID_OPTION',
      message: expect.stringMatching(/--columns needs at least session= and item=/),
    });
    await expect(resolveOptions('c', { out: 'o', columns: 'session=a,item=b' })).rejects.toThrow(
      /--columns names the --interactions file's columns/,
    );
  });
});
