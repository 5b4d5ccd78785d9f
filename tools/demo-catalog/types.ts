/** Shapes shared by the demo catalog generator and its vocabulary files. */

/** Which simple pictogram the subcategory's SVG placeholder draws. */
export type IconKind = 'shoe' | 'tent' | 'moon' | 'pack' | 'pot' | 'mountain' | 'bike' | 'knife' | 'laptop' | 'bulb' | 'leaf' | 'blocks';

/**
 * Vocabulary for one subcategory. Strings in `specs` (and in `nouns`/`features`/`uses`) may hold
 * placeholders that `fill()` in text.ts expands:
 *   {12-40}      an integer in the range        {1.2-2.5}  a number with as many decimals as given
 *   {a|b|c}      one of the alternatives
 */
export interface SubVocab {
  /** Subcategory name, e.g. "Trail Running"; must be unique across the whole store. */
  name: string;
  /** Price range in dollars (inclusive). */
  price: [number, number];
  /**
   * Product nouns used in titles, e.g. "Trail Runner" (title-cased). An object form gives that
   * product type its own title variants and/or spec sentences, overriding the subcategory's.
   */
  nouns: (string | NounVocab)[];
  /** Materials / construction phrases, e.g. "a recycled ripstop upper". */
  materials: string[];
  /** Feature phrases, e.g. "a rock plate under the forefoot". At least 4. */
  features: string[];
  /** Use cases as noun phrases, e.g. "long days on rocky singletrack". At least 3. */
  uses: string[];
  /** Full spec sentences with dimensions, weights or capacities. At least 3. */
  specs: string[];
  /** Tag pool, lower-case. At least 4. */
  tags: string[];
  /** Optional title suffixes (sizes, capacities), e.g. "35L"; may hold placeholders. */
  variants?: string[];
}

/**
 * A product type inside a mixed subcategory (e.g. "Belay Device" among carabiners). Every field
 * it sets replaces the subcategory's field of the same name for items of this type.
 */
export interface NounVocab {
  name: string;
  variants?: string[];
  specs?: string[];
  price?: [number, number];
  materials?: string[];
  features?: string[];
}

/** Vocabulary for one top-level department. */
export interface DeptVocab {
  name: string;
  /** Background colour of the placeholder images (hex). */
  color: string;
  icon: IconKind;
  /** Adjectives that fit every product of the department. */
  adjectives: string[];
  /** Model names for titles, e.g. "Ridgeline"; combined with brand + noun. */
  models: string[];
  /** A tag every item of the department may carry. */
  tag: string;
  subs: SubVocab[];
}

/** One catalog entry as written to public/demo/catalog.json. */
export interface CatalogItem {
  id: string;
  title: string;
  description: string;
  category: string;
  brand: string;
  price: number;
  tags: string[];
  url: string;
  image: string;
  rating: number;
  inStock: boolean;
}
