/** createRecommender's options are checked on the page; here the text rule, whose keys were not. */
import { describe, expect, it } from 'vitest';
import { invalidOptionMessage } from '../test/invalid-option.ts';
import { checkOptions, engineConfig } from './recommender-options.ts';

const fails = (options: unknown) => invalidOptionMessage(() => checkOptions(options));

describe('checkOptions: textRule', () => {
  it('accepts a valid rule, and refuses a misspelt key that would silently leave the default fields', () => {
    expect(() => checkOptions({ catalog: [], textRule: { fields: ['title', 'brand'], exclude: ['sku'], maxLength: 500 } })).not.toThrow();
    expect(fails({ catalog: [], textRule: { feilds: ['brand'] } })).toMatch(
      /^createRecommender: option "textRule" has an unknown key "feilds" \(known: fields, flattenOthers, exclude, maxLength\)/,
    );
  });

  it('refuses options of the wrong type on the page, naming them, before a worker starts', () => {
    expect(fails({ catalog: [], textRule: { fields: 'title' } })).toMatch(
      /option "textRule" is invalid: text rule option "fields" must be a list/,
    );
    expect(fails({ catalog: [], textRule: { maxLength: 0 } })).toMatch(/"maxLength" must be a positive integer, got 0/);
    expect(fails({ catalog: [], textRule: ['title'] })).toMatch(/option "textRule" must be an object/);
  });
});

describe('checkOptions: remote', () => {
  it('takes a retrieval endpoint instead of a catalog, and checks its time limit', () => {
    expect(() => checkOptions({ remote: '/api/rec' })).not.toThrow();
    expect(() => checkOptions({ remote: new URL('https://shop.test/api/rec'), catalog: '/c.json', remoteTimeoutMs: 500 })).not.toThrow();
    expect(fails({})).toMatch(/needs a `catalog` \(items or a URL\) or a `remote` endpoint/);
    expect(fails({ remote: '' })).toMatch(/option "remote" must be the URL of a retrieval endpoint, got ""/);
    expect(fails({ remote: '/api', remoteTimeoutMs: 50 })).toMatch(/option "remoteTimeoutMs" must be an integer from 100 to 60000/);
  });

  it("keeps a remote-only page's history under the endpoint's path", () => {
    const config = engineConfig({ remote: 'x' }, undefined, 'https://shop.test/assets/', 'https://shop.test/api/rec');
    expect(config).toMatchObject({ namespace: 'remote:/api/rec', remote: { url: 'https://shop.test/api/rec', timeoutMs: 3000 } });
    expect(config.catalog).toBeUndefined();
  });
});
