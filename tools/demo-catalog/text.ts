/**
 * Text building for the demo catalog: placeholder expansion, a/an fixing and the sentence
 * templates that turn a subcategory's vocabulary into 2-3 sentence product descriptions.
 */
import type { Rng } from './prng.ts';
import type { NounVocab, SubVocab } from './types.ts';

const RANGE = /^(-?\d+(?:\.\d+)?)-(-?\d+(?:\.\d+)?)$/;

function decimals(s: string): number {
  const dot = s.indexOf('.');
  return dot < 0 ? 0 : s.length - dot - 1;
}

/**
 * Expands `{a-b}` ranges and `{x|y|z}` alternatives (see types.ts). A placeholder written with a
 * leading `=`, e.g. `{=20|26|30}`, also stores its value in `bound.v` so spec sentences can repeat
 * it as `{v}` (a "26 L" pack then says "It holds 26 L", not some other number).
 */
export function fill(template: string, rng: Rng, bound?: { v?: string }): string {
  return template.replace(/\{([^{}]+)\}/g, (whole, raw: string) => {
    if (raw.startsWith('=')) {
      const value = fill(`{${raw.slice(1)}}`, rng);
      if (bound) bound.v = value;
      return value;
    }
    const body = raw;
    const range = RANGE.exec(body);
    if (range) {
      const lo = range[1] as string;
      const hi = range[2] as string;
      const places = Math.max(decimals(lo), decimals(hi));
      const scale = 10 ** places;
      const value = rng.int(Math.round(Number(lo) * scale), Math.round(Number(hi) * scale)) / scale;
      return value.toFixed(places);
    }
    if (body.includes('|')) return rng.pick(body.split('|'));
    throw new Error(`bad placeholder ${whole} in "${template}"`);
  });
}

/** Words after which "a" stays "a" although they start with a vowel letter. */
const A_NOT_AN = /^(one|uni|use|usb|uv|uiaa|uti|u-|eu|ur)/i;
/** Words after which "a" becomes "an" although they start with a consonant letter. */
const AN_CONSONANT = /^(hour|honest|hdpe|fsc|led\b|r-|x-|8|1[18](?!\d))/i;

/** Fixes "a"/"an" before the following word. */
export function fixArticles(text: string): string {
  return text.replace(/\b([Aa])(n?) (?=([\w-]+))/g, (_whole, a: string, _n: string, word: string) => {
    const vowel = /^[aeiou]/i.test(word) ? !A_NOT_AN.test(word) : AN_CONSONANT.test(word);
    return `${a}${vowel ? 'n' : ''} `;
  });
}

/** Lower-cases a title-cased noun for use inside a sentence, keeping acronyms ("USB", "GTX"). */
export function lowerNoun(noun: string): string {
  return noun
    .split(' ')
    .map((w) => (w.length > 1 && w === w.toUpperCase() ? w : w.toLowerCase()))
    .join(' ');
}

/** "Saltmarsh" -> "Saltmarsh's", "Northwind Outfitters" -> "Northwind Outfitters'". */
export function possessive(name: string): string {
  return name.endsWith('s') ? `${name}'` : `${name}'s`;
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export interface DescribeInput {
  brand: string;
  model: string;
  noun: NounVocab;
  sub: SubVocab;
  adjectives: string[];
  /** The value bound by the title variant (`{=...}`), if any; replaces `{v}` in specs. */
  bound?: string | undefined;
}

/** Opening sentences: name the product, its main use and one or two selling points. */
const OPENERS: string[] = [
  'The {model} is a {adj} {noun} built for {use}.',
  'Built for {use}, this {adj} {noun} pairs {material} with {feature}.',
  '{brands} {model} {noun} combines {material} with {feature}.',
  'Made with {material}, the {model} {noun} is a {adj} pick for {use}.',
  'Meet the {model}: a {adj} {noun} with {feature}.',
  'This {noun} from {brand} is designed for {use} and built around {material}.',
  'If your plans include {use}, the {model} {noun} is a {adj} companion.',
  'The {model} is our take on a {adj} {noun} for {use}.',
];

/** Feature sentences (feature2..4 are distinct from the opener's feature). */
const FEATURE_LINES: string[] = [
  'It adds {feature2} and {feature3}.',
  'Details include {feature2}, {feature3} and {feature4}.',
  'You also get {feature2} plus {feature3}.',
  'Other touches: {feature2} and {feature3}.',
  'Look closer and you will find {feature2} and {material2}.',
];

/** Closing sentences about a second use case. */
const CLOSERS: string[] = [
  'A dependable choice for {use2}.',
  'It is just as good for {use2}.',
  'Customers also love it for {use2}.',
  'Also a favorite for {use2}.',
  'It works well for {use2}, too.',
];

/**
 * A 2-3 sentence description: an opener, then a spec sentence (dimensions, weight, capacity) and a
 * feature or use-case sentence in a varying order. All vocabulary comes from the subcategory, so
 * items of one subcategory share many words and differ from other subcategories.
 */
export function describe(input: DescribeInput, rng: Rng): string {
  const { sub, noun } = input;
  const features = rng.sample(noun.features ?? sub.features, 4);
  const materials = rng.sample(noun.materials ?? sub.materials, 2);
  const uses = rng.sample(sub.uses, 2);
  const allSpecs = noun.specs && noun.specs.length > 0 ? noun.specs : sub.specs;
  const specs = input.bound === undefined ? allSpecs.filter((s) => !s.includes('{v}')) : allSpecs;
  if (specs.length === 0) throw new Error(`${sub.name} / ${noun.name}: every spec needs a bound {v}`);
  const slots: Record<string, string> = {
    model: input.model,
    brand: input.brand,
    brands: possessive(input.brand),
    noun: lowerNoun(noun.name),
    adj: rng.pick(input.adjectives.filter((a) => !noun.name.toLowerCase().includes(a))),
    use: uses[0] ?? '',
    use2: uses[1] ?? uses[0] ?? '',
    material: materials[0] ?? '',
    material2: materials[1] ?? '',
    feature: features[0] ?? '',
    feature2: features[1] ?? '',
    feature3: features[2] ?? '',
    feature4: features[3] ?? '',
  };
  /** Templates whose slots are all filled (a product type may have only 2-3 features). */
  const usable = (ts: string[]): string[] => ts.filter((t) => [...t.matchAll(/\{(\w+)\}/g)].every((m) => slots[m[1] as string] !== ''));
  const render = (t: string): string =>
    capitalize(
      fill(
        t.replace(/\{(\w+)\}/g, (w, k: string) => (k in slots ? (slots[k] as string) : w)),
        rng,
      ),
    );

  const opener = render(rng.pick(usable(OPENERS)));
  const featureLines = usable(FEATURE_LINES);
  const spec = fill(rng.pick(specs).replace(/\{v\}/g, input.bound ?? ''), rng);
  const shape = featureLines.length > 0 ? rng.int(0, 3) : rng.pick([0, 2]);
  let sentences: string[];
  if (shape === 0) sentences = [opener, spec];
  else if (shape === 1) sentences = [opener, render(rng.pick(featureLines)), spec];
  else if (shape === 2) sentences = [opener, spec, render(rng.pick(CLOSERS))];
  else sentences = [opener, spec, render(rng.pick(featureLines))];
  return fixArticles(sentences.join(' '));
}
