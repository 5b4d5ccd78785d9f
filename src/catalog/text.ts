import { createError, ErrorCodes } from '../errors.ts';
import type { CatalogItem, TextRule } from '../types/index.ts';
import { capLength, cleanText } from './clean.ts';

/**
 * The default text rule:
 *
 * 1. The fields `title`, `name`, `brand`, `category`, `tags`, `description` are taken, in that order,
 *    as bare values. Lists are joined with ", ".
 * 2. Then (`flattenOthers: true`) every other field, in the item's own key order, except `id`, `url`,
 *    `image`, `price`, identifier-like names (`sku`, `asin`, `brand_id`, `imdbId`, ...; see
 *    `isIdentifierKey`) and anything in `exclude`, as `key: value`. Nested objects become
 *    `parent.child: value`; lists are joined with ", "; numbers and booleans are written as text;
 *    `null`, `undefined`, empty strings and empty lists are skipped.
 * 3. In every value, HTML tags are stripped (with the content of `<script>` and `<style>`), the
 *    entities `&amp; &lt; &gt; &quot; &#39; &nbsp;` and numeric ones like `&#233;` are decoded, and
 *    runs of whitespace become one space.
 * 4. The parts are joined with ". " (just " " after a part that already ends with `.`, `!`, `?`, `…`
 *    or `。`); a part identical to an earlier one is dropped.
 * 5. The result is capped at `maxLength` characters (1,000), cut at a word boundary when possible and
 *    never inside an emoji or other surrogate pair.
 *
 * `id`, `url`, `image` and `price` can still be embedded by listing them in `fields`.
 *
 * Example: the item
 * ```
 * { id: 1, title: 'Trail Shoe', brand: 'Acme', tags: ['running', 'trail'],
 *   description: '<p>Light &amp; fast</p>', color: 'red', specs: { weight: '250g' } }
 * ```
 * gives the text
 * ```
 * Trail Shoe. Acme. running, trail. Light & fast. color: red. specs.weight: 250g
 * ```
 */
export const DEFAULT_TEXT_RULE: Readonly<Required<TextRule>> = Object.freeze({
  fields: Object.freeze(['title', 'name', 'brand', 'category', 'tags', 'description']),
  flattenOthers: true,
  exclude: Object.freeze([]),
  maxLength: 1000,
});

/** Fields that identify, link or price an item: noise for a text encoder (and for keyword search). */
export const NEVER_FLATTENED: readonly string[] = Object.freeze(['id', 'url', 'image', 'price']);

/**
 * Identifier-like field names, skipped by flattening at any depth: `sku`, `asin`, `ean`, `gtin13`,
 * `isbn`, `mpn`, `uuid`, and names ending in `_id`, `-id`, `Id` or their plurals (`brand_id`,
 * `imdbId`, `tag_ids`). Their values are codes, not words: measured with `npm run eval`,
 * embedding them (e.g. `asin: B0000AG93P. category_id: 6`) cost similar() and forYou() HR@10 on
 * both Office and MovieLens (see docs/quality.md).
 */
const CODE_NAME = /^(?:ids?|sku|asin|ean|upc|gtin\d*|isbn\d*|mpn|uuid|guid)$/i;
const CAMEL_ID = /[a-z0-9](?:Id|Ids)$/;

/** True for a field name that holds a code rather than descriptive text. */
export function isIdentifierKey(key: string): boolean {
  return CODE_NAME.test(key) || /[_-]ids?$/i.test(key) || CAMEL_ID.test(key);
}
// Deeper nesting in a catalog is almost always machine data, not descriptive text.
const MAX_DEPTH = 6;

/** A rule with defaults applied and lookups prepared, so a 10,000-item catalog resolves it once. */
export interface ResolvedTextRule {
  fields: readonly string[];
  flattenOthers: boolean;
  /** Top-level names skipped by the flattening step. */
  skipTop: ReadonlySet<string>;
  /** Exact top-level names and dotted paths from `exclude`. */
  exclude: ReadonlySet<string>;
  maxLength: number;
}

/** The options a `TextRule` has. */
const TEXT_RULE_KEYS = ['fields', 'flattenOthers', 'exclude', 'maxLength'];

/**
 * What is wrong with `value` as a `TextRule` (not an object, an unknown key such as a misspelt
 * `feilds`, which would otherwise leave the default fields in force silently, or an option of the
 * wrong type), or undefined when it is a valid rule. The page and the build CLI check with it
 * before anything is embedded.
 */
export function textRuleProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return 'must be an object such as { "fields": ["title", "description"] }';
  const unknown = Object.keys(value).find((k) => !TEXT_RULE_KEYS.includes(k));
  if (unknown !== undefined) return `has an unknown key ${JSON.stringify(unknown)} (known: ${TEXT_RULE_KEYS.join(', ')})`;
  try {
    resolveTextRule(value as TextRule);
  } catch (err) {
    return `is invalid: ${(err as Error).message}`;
  }
  return undefined;
}

/**
 * Applies the defaults of `DEFAULT_TEXT_RULE` to `rule`; throws `INVALID_OPTION` when an option has
 * the wrong type.
 */
export function resolveTextRule(rule: TextRule = {}): ResolvedTextRule {
  const fields = rule.fields ?? DEFAULT_TEXT_RULE.fields;
  const exclude = rule.exclude ?? DEFAULT_TEXT_RULE.exclude;
  const maxLength = rule.maxLength ?? DEFAULT_TEXT_RULE.maxLength;
  const flattenOthers = rule.flattenOthers ?? DEFAULT_TEXT_RULE.flattenOthers;
  if (!isStringList(fields)) throw createError(ErrorCodes.INVALID_OPTION, `text rule option "fields" must be a list of field names`);
  if (!isStringList(exclude)) throw createError(ErrorCodes.INVALID_OPTION, `text rule option "exclude" must be a list of field names`);
  if (typeof flattenOthers !== 'boolean')
    throw createError(ErrorCodes.INVALID_OPTION, `text rule option "flattenOthers" must be true or false`);
  if (!Number.isInteger(maxLength) || maxLength < 1)
    throw createError(ErrorCodes.INVALID_OPTION, `text rule option "maxLength" must be a positive integer, got ${String(maxLength)}`);
  const excluded = new Set(exclude);
  return {
    fields: fields.filter((f) => !excluded.has(f)),
    flattenOthers,
    skipTop: new Set([...NEVER_FLATTENED, ...fields, ...exclude]),
    exclude: excluded,
    maxLength,
  };
}

/**
 * The text to embed for `item` under `rule` (see `DEFAULT_TEXT_RULE` for the steps and defaults).
 * Returns `''` when the item has nothing to embed. Throws `INVALID_OPTION` for a malformed rule.
 */
export function itemText(item: CatalogItem, rule?: TextRule): string {
  return textWithRule(item, resolveTextRule(rule));
}

/** `itemText` with a rule already resolved by `resolveTextRule`, for loops over a whole catalog. */
export function textWithRule(item: CatalogItem, r: ResolvedTextRule): string {
  const parts = new PartList(r.maxLength);
  for (const field of r.fields) {
    if (parts.full) break;
    parts.add(inline(item[field], r.exclude, field, 0, [], parts.room));
  }
  if (r.flattenOthers) {
    for (const key of Object.keys(item)) {
      if (parts.full) break;
      if (!r.skipTop.has(key) && !isIdentifierKey(key)) flatten(item[key], key, r.exclude, parts, 0, []);
    }
  }
  return capLength(parts.join(), r.maxLength);
}

const SENTENCE_END = /[.!?…。！？]$/;

/** Collects distinct non-empty parts and stops accepting once the cap is certainly exceeded. */
class PartList {
  private readonly parts: string[] = [];
  private length = 0;
  constructor(private readonly maxLength: number) {}

  get full(): boolean {
    return this.length > this.maxLength;
  }

  /** Characters a next part can still contribute before the cap (at least 1, so a part is tried). */
  get room(): number {
    return Math.max(1, this.maxLength - this.length + 1);
  }

  add(part: string): void {
    // A scan, not a Set: an item has a few dozen parts at most (the cap stops them), and comparing
    // strings of other lengths costs nothing, where a Set hashes every part whole (descriptions too).
    if (part === '' || this.parts.includes(part)) return;
    this.parts.push(part);
    this.length += part.length + 2;
  }

  join(): string {
    // The separator depends on how the previous part ends, tested on that part: testing the text
    // joined so far would flatten it at every part (quadratic garbage, ~6 KB per Steam item).
    const pieces: string[] = [];
    let previous = '';
    for (const part of this.parts) {
      if (previous !== '') pieces.push(SENTENCE_END.test(previous) ? ' ' : '. ');
      pieces.push(part);
      previous = part;
    }
    return pieces.join('');
  }
}

/** Adds `path: value` parts for a field, recursing into nested objects. */
function flatten(value: unknown, path: string, exclude: ReadonlySet<string>, parts: PartList, depth: number, stack: object[]): void {
  if (exclude.has(path) || depth > MAX_DEPTH) return;
  if (isRecord(value)) {
    if (stack.includes(value)) return;
    stack.push(value);
    for (const key of Object.keys(value)) {
      if (parts.full) break;
      if (!isIdentifierKey(key)) flatten(value[key], `${path}.${key}`, exclude, parts, depth + 1, stack);
    }
    stack.pop();
    return;
  }
  const text = inline(value, exclude, path, depth, stack, parts.room);
  if (text !== '') parts.add(`${path}: ${text}`);
}

/**
 * One value as a single run of text: lists joined with ", ", objects as `key: value; key: value`.
 * `room` is how many characters the caller can still use: lists and objects stop once they have
 * that many, and a string is cut to `RAW_PER_VISIBLE * room` characters BEFORE its HTML is
 * stripped, so the work per item is bounded by the cap, not by the input (a 1 MB description of
 * unclosed tags took 86 s through the tag regexes; now the regexes see at most 8 KB of it).
 */
function inline(value: unknown, exclude: ReadonlySet<string>, path: string, depth: number, stack: object[], room: number): string {
  if (typeof value === 'string') return cleanText(clip(value, RAW_PER_VISIBLE * room));
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (value === null || typeof value !== 'object' || depth > MAX_DEPTH || stack.includes(value)) return '';
  stack.push(value);
  const out: string[] = [];
  let used = 0;
  if (Array.isArray(value)) {
    for (const v of value) {
      if (used > room) break;
      const text = inline(v, exclude, path, depth + 1, stack, room - used);
      if (text === '') continue;
      out.push(text);
      used += text.length + 2;
    }
    stack.pop();
    return out.join(', ');
  }
  if (isRecord(value)) {
    for (const key of Object.keys(value)) {
      if (used > room) break;
      const childPath = `${path}.${key}`;
      if (exclude.has(childPath) || isIdentifierKey(key)) continue;
      const text = inline(value[key], exclude, childPath, depth + 1, stack, room - used);
      if (text === '') continue;
      out.push(`${key}: ${text}`);
      used += key.length + text.length + 4;
    }
  }
  stack.pop();
  return out.join('; ');
}

/**
 * Markup allowance: a string may be this many times longer than the text it can still contribute,
 * so a description that is up to 7/8 markup still fills its share before the cut. (The shared
 * datasets hold almost no HTML -- 2 strings with a `<`, no markup overhead -- so this is a bound
 * chosen for CMS exports, not a measured ratio; what it costs is the tail of heavier markup.)
 */
const RAW_PER_VISIBLE = 8;

/** `text` cut to at most `max` code units, never leaving half a surrogate pair at the end. */
function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const code = text.charCodeAt(max - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max);
}

/**
 * An object with fields: a plain object or a class instance, not an array, Date, Map or null.
 * Tested by tag rather than prototype so objects from another realm (an iframe) still qualify.
 */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && Object.prototype.toString.call(value) === '[object Object]';
}

function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}
