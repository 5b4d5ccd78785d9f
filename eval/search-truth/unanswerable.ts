/**
 * Unanswerable queries: real shopper queries for things a catalog does not have. Each was checked
 * by hand (docs/search-truth.md): the top 10 of keyword search and of vector search were read, and
 * a query was dropped when an item could serve it, even as a game about the thing (Steam has
 * "Lawn Mowing Simulator"; checking dropped "coffee maker", "hiking boots", "car tires", "garden
 * hose", "diapers", "wedding dress" and "sticky notes" there). MovieLens has "Shampoo" (1975),
 * "Perfume" (2006) and "The Lawnmower Man", so those were never MovieLens queries.
 */
import type { Dataset } from '../dataset.ts';
import { type JudgedQuery, splitOf } from './types.ts';

/** Queries by dataset name, `;`- or line-separated. */
const QUERIES: Readonly<Record<string, string>> = {
  'amazon-office-2014': `
hiking boots; dog food; electric guitar; racing game; running shoes; lipstick; baby stroller; lawn mower; bicycle helmet
coffee beans; tennis racket; car tires; fishing rod; yoga mat; winter jacket; sunglasses; perfume; cat litter; garden hose
frying pan; toothpaste; shampoo; protein powder; skateboard; camping tent; kayak paddle; golf clubs; red wine; video game console
wedding dress; diapers; dumbbells; motor oil; ski goggles; horror movie; romantic comedy movie; aquarium filter; guitar strings
`,
  'steam-games-catalog': `
printer toner; office chair; baby stroller; dog food; running shoes; ink cartridge; stapler; winter jacket; lipstick; toothpaste
shampoo; cat litter; vacuum cleaner; protein powder; yoga mat; printer paper; ballpoint pens; desk lamp; air fryer; sunglasses
perfume; bicycle helmet; usb cable; phone case; paper shredder; label maker; envelopes; multivitamins; dumbbells
electric toothbrush; laptop stand
`,
  'movielens-latest-small': `
printer ink; office chair; hiking boots; dog food; laptop charger; stapler; toner cartridge; running shoes; paper shredder; lipstick
baby stroller; garden hose; yoga mat; winter jacket; vacuum cleaner; frying pan; toothpaste; phone case; sticky notes; desk lamp
protein powder; cat litter; wireless mouse; usb cable; label maker; ballpoint pens; printer paper; diapers; air fryer; dumbbells
bicycle helmet; hair dryer; dishwasher; microwave oven; hdmi cable; iphone charger; ps5 controller
`,
};

/** The unanswerable queries of `data` (none for a dataset without a list). */
export function unanswerableQueries(data: Dataset): JudgedQuery[] {
  const texts = (QUERIES[data.name] ?? '')
    .split(/[;\n]/)
    .map((q) => q.trim())
    .filter(Boolean);
  return texts.map((text, i) => ({
    id: `${data.name}/unanswerable/${i}`,
    dataset: data.name,
    text,
    kind: 'unanswerable' as const,
    split: splitOf(text),
    grades: new Map(),
    rule: 'the catalog has nothing of the kind (checked by hand): nothing is relevant',
  }));
}
