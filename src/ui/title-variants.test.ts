import { describe, expect, it } from 'vitest';
import { titleVariants } from './title-variants.ts';

describe('titleVariants', () => {
  it('shows what differs when titles look alike on a card', () => {
    expect(
      titleVariants([
        'Car Mechanic Simulator 2018 - Ford DLC',
        'Car Mechanic Simulator 2018 - Dodge DLC',
        'Car Mechanic Simulator 2018',
        'Stardew Valley',
      ]),
    ).toEqual(['Ford DLC', 'Dodge DLC', undefined, undefined]);
  });

  it('cuts at a word boundary, ignores case, and leaves short shared starts alone', () => {
    expect(titleVariants(['HP 62 Black Ink Cartridge, Standard', 'hp 62 black ink cartridge, XL High Yield'])).toEqual([
      'Standard',
      'XL High Yield',
    ]);
    expect(titleVariants(['Tent 2 person', 'Tent 4 person'])).toEqual([undefined, undefined]);
    expect(titleVariants(['Ultralight Backpacking Tent, Green', 'Ultralight Backpacking Tent, Blue'])).toEqual(['Green', 'Blue']);
    expect(titleVariants(['Ultralight Backpacking Tent Green', 'Ultralight Backpacking Tents'])).toEqual([undefined, undefined]);
  });

  it('gives nothing for identical titles or a lone title', () => {
    expect(titleVariants(['Same Long Title For Two Products', 'Same Long Title For Two Products'])).toEqual([undefined, undefined]);
    expect(titleVariants(['Only One'])).toEqual([undefined]);
  });
});
