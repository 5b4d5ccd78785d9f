import { describe, expect, it } from 'vitest';
import { KeywordIndex, keywordDoc } from './index.ts';
import { letterTriples, WordShape } from './word-shape.ts';

describe('WordShape', () => {
  const shape = new WordShape(['bike', 'cycling', 'bicycles', 'lamp', 'model-x2', 'camping', 'recycle']);
  it('marks the start and end of a word in its triples', () => {
    expect(letterTriples('bike')).toEqual(['^bi', 'bik', 'ike', 'ke$']);
  });
  it("tells a word of the catalog's language from a keyboard mash by its letters", () => {
    expect(shape.plausible('bicycle')).toBe(true); // 7 of 8 triples are the catalog's
    expect(shape.plausible('qwxz')).toBe(false);
    expect(shape.plausible('asdfgh')).toBe(false);
    expect(shape.plausible('x2')).toBe(false); // too short, and not letters only
  });
});

describe('KeywordIndex.looksLikeWords', () => {
  const docs = ['Trail Bike 29', 'Cycling Gloves', 'Tricycle Pump', 'Camping Lamp', 'Recycled Bottle'].map((title, i) =>
    keywordDoc({ id: `p${i}`, title }),
  );
  it('every unknown word must look like a word; a later add() is seen', () => {
    const index = new KeywordIndex(docs);
    expect(index.recognises('bicycle')).toBe(false);
    expect(index.looksLikeWords('bicycle')).toBe(true);
    expect(index.looksLikeWords('bicycle qwxz')).toBe(false);
    expect(index.looksLikeWords('the')).toBe(false); // stopwords only: nothing to judge
    expect(index.looksLikeWords('kayak')).toBe(false);
    index.add([keywordDoc({ id: 'k', title: 'Kayak Paddle' })]);
    expect(index.looksLikeWords('kayak')).toBe(true);
  });
});
