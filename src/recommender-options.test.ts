/** createRecommender's options are checked on the page; here the text rule, whose keys were not. */
import { describe, expect, it } from 'vitest';
import { invalidOptionMessage } from '../test/invalid-option.ts';
import { checkOptions } from './recommender-options.ts';

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
