/**
 * The text rule an artifact was built with, as the manifest records it: the resolved options and a
 * fingerprint that also covers the rule's code. The content hash of each item already catches a
 * changed text item by item; the fingerprint lets a reader tell up front that a page's rule (or
 * library version) would give different texts, i.e. that most of the artifact would be re-embedded.
 */
import { resolveTextRule, textWithRule } from '../catalog/text.ts';
import { sha256Hex } from '../digest/sha256.ts';
import type { CatalogItem, TextRule } from '../types/index.ts';
import type { ArtifactTextRule } from './format.ts';

/**
 * Items that exercise every step of the rule (field order, HTML and entities, identifier-like keys,
 * nesting, lists, numbers and booleans, duplicates, the length cap): when a library change alters
 * the text of any of them, the fingerprint changes without anyone remembering to bump a version.
 */
const PROBES: CatalogItem[] = [
  {
    id: 1,
    title: 'Trail Shoe',
    name: 'Trail Shoe',
    brand: 'Acme',
    category: 'Shoes',
    tags: ['running', 'trail'],
    description: '<p>Light &amp; fast&#233;</p><script>alert(1)</script><b>x</b>y',
    color: 'red',
    specs: { weight: '250g', brand_id: 7, size: [42, 43], inner: { fabric: 'mesh', ean: '123' } },
    sku: 'A-1',
    imdbId: 'tt1',
    price: 9.5,
    url: 'https://example.test/1',
    image: '/1.png',
    rating: 4.5,
    waterproof: true,
    empty: '',
    none: null,
  },
  { id: 'b', description: '  Café\tcrème ☕  ', notes: 'end.', more: 'after a full stop' },
  { id: 3, title: `${'word '.repeat(150)}${'z'.repeat(400)}😀 tail` },
];

/** The manifest's `textRule` for `rule` (defaults applied). Throws `INVALID_OPTION` for a bad rule. */
export async function describeTextRule(rule?: TextRule): Promise<ArtifactTextRule> {
  const resolved = resolveTextRule(rule);
  const options = {
    fields: [...resolved.fields],
    flattenOthers: resolved.flattenOthers,
    // A set: its order means nothing, so it must not change the fingerprint.
    exclude: [...resolved.exclude].sort(),
    maxLength: resolved.maxLength,
  };
  const texts = PROBES.map((item) => textWithRule(item, resolved));
  const fingerprint = await sha256Hex(new TextEncoder().encode(JSON.stringify({ options, texts })));
  return { fingerprint, rule: options };
}
