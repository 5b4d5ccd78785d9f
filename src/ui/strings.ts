/**
 * Every string the widget shows or announces, by key, with English defaults. A page overrides any
 * of them with `translations` (an attribute holding JSON, a property or a React prop):
 *
 *   { "status.warming": "Préparation : {done} sur {total}…", "heading.for-you": "Pour vous" }
 *
 * A message is a string with `{name}` placeholders, or plural forms chosen by its `{count}` with
 * the locale's plural rules (`Intl.PluralRules`): `{ "one": "...", "few": "...", "other": "..." }`.
 * Numbers are formatted for the locale (`1 234`, `1,234`). Values taken from catalog items (titles)
 * are inserted as text, never HTML.
 */
import { MODE_STRINGS, type ModeStringKey } from '../modes/index.ts';
import { WIDGET_STRINGS, type WidgetStringKey } from './widget-strings.ts';

/**
 * The English defaults; the keys are the whole set a page can translate: every mode's own strings
 * (headings, search form, empty texts: each in its file in src/modes) and the widget's
 * (widget-strings.ts: status line, cards).
 */
export const DEFAULT_STRINGS: Readonly<Record<StringKey, string>> = { ...MODE_STRINGS, ...WIDGET_STRINGS };

/** A key of the string table. */
export type StringKey = ModeStringKey | WidgetStringKey;

/**
 * Keys that, unless a page translates them, take a page's translation of another key before the
 * English default: a page translated before the key existed keeps showing its own language.
 */
const FALLBACK_KEYS: Partial<Record<StringKey, StringKey>> = { 'heading.complements-content': 'heading.similar' };

/** Plural forms of a message, chosen by its `{count}` (`other` is required, as in ICU). */
export type PluralMessage = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };

/** A message: text with `{name}` placeholders, or plural forms. */
export type Message = string | PluralMessage;

/** Overrides for any of the widget's strings. */
export type Translations = Partial<Record<StringKey, Message>>;

/** Values for a message's placeholders. */
export type MessageVars = Record<string, string | number>;

const numberFormats = new Map<string, Intl.NumberFormat>();
const pluralRules = new Map<string, Intl.PluralRules>();

function cached<T>(map: Map<string, T>, locale: string | undefined, make: (l: string | undefined) => T): T {
  const key = locale ?? '';
  let v = map.get(key);
  if (!v) {
    try {
      v = make(locale);
    } catch {
      v = make(undefined); // an invalid locale tag: the browser's own
    }
    map.set(key, v);
  }
  return v;
}

function isPlural(m: unknown): m is PluralMessage {
  return typeof m === 'object' && m !== null && typeof (m as PluralMessage).other === 'string';
}

/**
 * The text of `key` with `vars` filled in, from `table` or the English defaults (`defaults`: the
 * built-in table, or an element class's with its other modes' strings: ui/modes.ts).
 */
export function translate(
  table: Translations | undefined,
  key: StringKey,
  vars: MessageVars = {},
  locale?: string,
  defaults: Readonly<Record<StringKey, string>> = DEFAULT_STRINGS,
): string {
  const fallback = FALLBACK_KEYS[key];
  const own = table?.[key] ?? (fallback ? table?.[fallback] : undefined);
  const message: Message = typeof own === 'string' || isPlural(own) ? own : defaults[key];
  let text: string;
  if (typeof message === 'string') text = message;
  else {
    const count = typeof vars.count === 'number' ? vars.count : Number.NaN;
    const rule = cached(pluralRules, locale, (l) => new Intl.PluralRules(l)).select(count);
    text = message[rule] ?? message.other;
  }
  return text.replace(/\{([\w-]+)\}/g, (whole, name: string) => {
    const v = vars[name];
    if (v === undefined) return whole;
    return typeof v === 'number' ? cached(numberFormats, locale, (l) => new Intl.NumberFormat(l)).format(v) : v;
  });
}

/**
 * Reads a translations value (an object, or JSON text from an attribute). Unknown keys and values
 * of the wrong shape are reported on the console by name and ignored; the rest is kept.
 */
export function parseTranslations(value: unknown, where = 'translations'): Translations {
  let obj = value;
  if (typeof value === 'string') {
    try {
      obj = JSON.parse(value);
    } catch {
      console.warn(`inpage-rec: ${where} is not valid JSON; using the default strings`);
      return {};
    }
  }
  if (obj === null || obj === undefined) return {};
  if (typeof obj !== 'object' || Array.isArray(obj)) {
    console.warn(`inpage-rec: ${where} must be an object of strings by key`);
    return {};
  }
  const out: Translations = {};
  for (const [key, message] of Object.entries(obj)) {
    if (!Object.hasOwn(DEFAULT_STRINGS, key)) console.warn(`inpage-rec: ${where} has an unknown key "${key}" (ignored)`);
    else if (typeof message === 'string' || isPlural(message)) out[key as StringKey] = message;
    else console.warn(`inpage-rec: ${where}["${key}"] must be a string or plural forms with "other" (ignored)`);
  }
  return out;
}
