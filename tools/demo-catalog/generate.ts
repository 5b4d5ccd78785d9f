/**
 * Generates the offline demo shop catalog of "Northwind Outfitters", a fictional outdoor & home
 * store. Every word comes from the hand-written vocabulary in ./vocab (no outside data).
 *
 *   npx tsx tools/demo-catalog/generate.ts
 *
 * Writes (byte-identical on every run: one seeded PRNG, no clock, no locale-dependent calls):
 *   public/demo/catalog.json         the catalog, a JSON array of CatalogItem (one item per line)
 *   public/demo/catalog-broken.json  the first 100 items plus 6 deliberately bad entries (below)
 *   public/demo/img/<slug>.svg       one placeholder image per subcategory
 *
 * catalog-broken.json holds nw-0001..nw-0100 in order with six extra entries spliced in. By
 * 0-based array index (106 entries in all):
 *   [10] the string "this entry is not an item"        invalid: not an object (ITEM_NOT_OBJECT)
 *   [26] an item with no `id` field                      invalid: missing id (ITEM_ID_INVALID)
 *   [42] an item whose id is "nw-0005" (again)           invalid: duplicate id (ITEM_ID_DUPLICATE);
 *                                                        the first "nw-0005" at index 4 is the real one
 *   [58] item "nw-9004" whose price is the string "49.99"   invalid: field type (ITEM_FIELD_TYPE)
 *   [74] item "nw-9005" titled `<img src=x onerror=alert(1)>`   VALID: the title must render as text
 *   [90] item "nw-9006" whose url is `javascript:alert(1)`      VALID: its link must not be rendered
 * The spliced entries other than the string are copies of catalog items nw-0101..nw-0105 with the
 * changes above, so every other field is well-formed.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brandsFor } from './brands.ts';
import { Rng } from './prng.ts';
import { shade, subcategorySvg } from './svg.ts';
import { describe, fill, lowerNoun } from './text.ts';
import type { CatalogItem, DeptVocab, NounVocab, SubVocab } from './types.ts';
import { climbing } from './vocab/climbing.ts';
import { cooking } from './vocab/cooking.ts';
import { cycling } from './vocab/cycling.ts';
import { footwear } from './vocab/footwear.ts';
import { garden } from './vocab/garden.ts';
import { kids } from './vocab/kids.ts';
import { kitchen } from './vocab/kitchen.ts';
import { lighting } from './vocab/lighting.ts';
import { office } from './vocab/office.ts';
import { packs } from './vocab/packs.ts';
import { sleeping } from './vocab/sleeping.ts';
import { tents } from './vocab/tents.ts';

const SEED = 0x4e57_0001;
const MIN_ITEMS = 600;
const DEPARTMENTS: DeptVocab[] = [footwear, tents, sleeping, packs, cooking, climbing, cycling, kitchen, office, lighting, garden, kids];

const OUT_DIR = fileURLToPath(new URL('../../public/demo/', import.meta.url));
const IMG_DIR = join(OUT_DIR, 'img');

export function slugify(name: string): string {
  return name
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/'/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

function asNoun(n: string | NounVocab): NounVocab {
  return typeof n === 'string' ? { name: n } : n;
}

/** A price inside the subcategory's range, skewed to the cheaper end, ending in .99/.95/.49/.89. */
function makePrice(rng: Rng, [lo, hi]: [number, number]): number {
  const dollars = Math.floor(lo + (hi - lo) * rng.float() ** 1.4);
  const cents = rng.pick([0.99, 0.99, 0.95, 0.49, 0.89]);
  return Number((Math.max(1, dollars - 1) + cents).toFixed(2));
}

/** Mostly 3.5-4.9 stars, with a tail of poorly rated items. */
function makeRating(rng: Rng): number {
  const r = rng.chance(0.12) ? 1 + rng.float() * 2.4 : 3.5 + rng.float() * 1.5;
  return Math.min(5, Math.max(1, Math.round(r * 10) / 10));
}

function makeTags(rng: Rng, dept: DeptVocab, sub: SubVocab, noun: NounVocab): string[] {
  const tags = new Set<string>(rng.sample(sub.tags, rng.int(2, 4)));
  tags.add(dept.tag);
  if (rng.chance(0.5)) tags.add(lowerNoun(noun.name).toLowerCase());
  if (rng.chance(0.3)) tags.add(rng.pick(dept.adjectives));
  for (const t of sub.tags) if (tags.size < 3) tags.add(t);
  return [...tags].slice(0, 6);
}

type Draft = Omit<CatalogItem, 'id' | 'url'>;

function generateItems(rng: Rng): CatalogItem[] {
  const subs = DEPARTMENTS.flatMap((dept) => dept.subs.map((sub) => ({ dept, sub })));
  const counts = subs.map(() => 12 + rng.int(0, 3));
  for (let i = 0; counts.reduce((a, b) => a + b, 0) < MIN_ITEMS + 20; i++) counts[i % counts.length]! += 1;

  const titles = new Set<string>();
  const drafts: Draft[] = [];
  subs.forEach(({ dept, sub }, s) => {
    const brands = brandsFor(dept.name);
    const slug = slugify(sub.name);
    for (let k = 0; k < (counts[s] ?? 0); k++) {
      let title = '';
      let brand = '';
      let model = '';
      let noun: NounVocab = { name: '' };
      let bound: { v?: string } = {};
      for (let attempt = 0; attempt < 60 && (title === '' || titles.has(title)); attempt++) {
        brand = rng.pick(brands);
        model = rng.pick(dept.models.filter((m) => !m.split(' ').some((w) => brand.split(' ').includes(w))));
        noun = asNoun(rng.pick(sub.nouns));
        bound = {};
        const variant = fill(rng.pick(noun.variants ?? sub.variants ?? ['']), rng, bound);
        title = [brand, model, noun.name, variant].filter((p) => p !== '').join(' ');
      }
      for (let n = 2; titles.has(title); n++) title = `${title.replace(/ Mk \d+$/, '')} Mk ${n}`;
      titles.add(title);
      drafts.push({
        title,
        description: describe({ brand, model, noun, sub, adjectives: dept.adjectives, bound: bound.v }, rng),
        category: `${dept.name} > ${sub.name}`,
        brand,
        price: makePrice(rng, noun.price ?? sub.price),
        tags: makeTags(rng, dept, sub, noun),
        image: `/demo/img/${slug}.svg`,
        rating: makeRating(rng),
        inStock: rng.chance(0.86),
      });
    }
  });

  // Shuffle so that ids (and the first 100 items used by catalog-broken.json) span all departments.
  return rng.shuffle(drafts).map((d, i) => {
    const id = `nw-${String(i + 1).padStart(4, '0')}`;
    return {
      id,
      title: d.title,
      description: d.description,
      category: d.category,
      brand: d.brand,
      price: d.price,
      tags: d.tags,
      url: `/demo/product.html?id=${id}`,
      image: d.image,
      rating: d.rating,
      inStock: d.inStock,
    };
  });
}

function check(items: CatalogItem[]): void {
  const fail = (msg: string): never => {
    throw new Error(`catalog check failed: ${msg}`);
  };
  if (items.length < MIN_ITEMS) fail(`only ${items.length} items`);
  if (new Set(items.map((i) => i.id)).size !== items.length) fail('duplicate ids');
  if (new Set(items.map((i) => i.title)).size !== items.length) fail('duplicate titles');
  for (const it of items) {
    if (!(it.price > 0) || Number(it.price.toFixed(2)) !== it.price) fail(`${it.id} price ${it.price}`);
    if (!(it.rating >= 1 && it.rating <= 5)) fail(`${it.id} rating ${it.rating}`);
    if (it.tags.length < 3 || it.tags.length > 6) fail(`${it.id} has ${it.tags.length} tags`);
    if (/\{|\}/.test(it.title + it.description)) fail(`${it.id} has an unexpanded placeholder`);
    const sentences = it.description.split(/(?<=[.!?]) (?=[A-Z0-9])/).length;
    if (sentences < 2 || sentences > 3) fail(`${it.id} has ${sentences} sentences: ${it.description}`);
  }
  const slugs = DEPARTMENTS.flatMap((d) => d.subs.map((s) => slugify(s.name)));
  if (new Set(slugs).size !== slugs.length) fail('duplicate subcategory slugs');
}

/** One JSON value per line: compact, but still readable and diff-friendly. */
function toJsonLines(entries: unknown[]): string {
  return `[\n${entries.map((e) => `  ${JSON.stringify(e)}`).join(',\n')}\n]\n`;
}

/** The broken catalog described at the top of this file. */
function brokenCatalog(items: CatalogItem[]): unknown[] {
  const base = (n: number): CatalogItem => ({ ...(items[n] as CatalogItem), tags: [...(items[n] as CatalogItem).tags] });
  const { id: _dropped, ...missingId } = base(100);
  const duplicate = { ...base(101), id: 'nw-0005', url: '/demo/product.html?id=nw-0005' };
  const stringPrice = { ...base(102), id: 'nw-9004', url: '/demo/product.html?id=nw-9004', price: '49.99' };
  const htmlTitle = { ...base(103), id: 'nw-9005', url: '/demo/product.html?id=nw-9005', title: '<img src=x onerror=alert(1)>' };
  const jsUrl = { ...base(104), id: 'nw-9006', url: 'javascript:alert(1)' };
  /** Bad entry to splice in after the first `after` catalog items. */
  const splices: { after: number; index: number; entry: unknown }[] = [
    { after: 10, index: 10, entry: 'this entry is not an item' },
    { after: 25, index: 26, entry: missingId },
    { after: 40, index: 42, entry: duplicate },
    { after: 55, index: 58, entry: stringPrice },
    { after: 70, index: 74, entry: htmlTitle },
    { after: 85, index: 90, entry: jsUrl },
  ];
  const out: unknown[] = [];
  for (let i = 0; i < 100; i++) {
    for (const s of splices) if (s.after === i) out.push(s.entry);
    out.push(items[i]);
  }
  for (const s of splices) if (out[s.index] !== s.entry) throw new Error(`broken entry not at index ${s.index}`);
  return out;
}

function main(): void {
  const rng = new Rng(SEED);
  const items = generateItems(rng);
  check(items);

  mkdirSync(IMG_DIR, { recursive: true });
  for (const f of readdirSync(IMG_DIR)) if (f.endsWith('.svg')) rmSync(join(IMG_DIR, f));
  let images = 0;
  for (const dept of DEPARTMENTS) {
    for (const [k, sub] of dept.subs.entries()) {
      // Each subcategory gets its own shade of the department colour.
      const color = shade(dept.color, [0, -0.14, 0.1, -0.26, 0.18][k % 5] ?? 0);
      const svg = subcategorySvg({ department: dept.name, subcategory: sub.name, color, icon: dept.icon });
      writeFileSync(join(IMG_DIR, `${slugify(sub.name)}.svg`), svg);
      images++;
    }
  }
  writeFileSync(join(OUT_DIR, 'catalog.json'), toJsonLines(items));
  const broken = brokenCatalog(items);
  writeFileSync(join(OUT_DIR, 'catalog-broken.json'), toJsonLines(broken));

  const categories = new Set(items.map((i) => i.category)).size;
  console.log(`${items.length} items in ${categories} categories -> public/demo/catalog.json`);
  console.log(`${broken.length} entries (100 items + 6 bad) -> public/demo/catalog-broken.json`);
  console.log(`${images} images -> public/demo/img/`);
}

main();
