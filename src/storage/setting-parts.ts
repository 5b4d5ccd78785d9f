/**
 * A big settings value written as several records, one after the other, so IndexedDB's copies of
 * it are never all alive at once.
 *
 * `put` clones its value when it is called (V8's serialisation, then Chromium's wrapping of a value
 * over 64 KB), and the copies live until the write is sent and a full GC frees their wrappers. The
 * word-overlap index of 32k Steam items (11 MB of arrays, 32k keys and hashes) written as one value
 * lifted the phone's renderer by 25-30 MB within 50 ms (docs/notes/first-visit-memory.md). Here a
 * long `Uint32Array`, `Uint16Array` or string array anywhere in the value is cut into parts of
 * ~1 MB, each written and awaited with a request for a full GC after it (memory/collect-garbage.ts);
 * the head record, written last under the key itself, holds the rest of the value and names the
 * parts.
 *
 * A torn write (the tab closed between parts) leaves parts of another write beside the head, or an
 * older head, and two workers writing at once interleave their parts: every part carries the id of
 * its write, and a read with any part missing or of another id gives `undefined`, as a missing
 * value does (the word-overlap index is then built again), never a value mixed from two writes.
 */
import { collectGarbage } from '../memory/collect-garbage.ts';

/** What parts need of a store. */
export interface Settings {
  getSetting<T>(key: string): Promise<T | undefined>;
  setSetting(key: string, value: unknown): Promise<void>;
}

/** 32-bit values per part: 1 MiB (16-bit values: twice as many). */
const PART_VALUES = 262_144;

/** Strings per part (keys and 64-character content hashes: ~0.5-2 MB). */
const PART_STRINGS = 16_384;

/** The record under the key itself. */
interface Head {
  inParts: 1;
  id: string;
  parts: number;
  /** The value with each cut array replaced by a `Cut`. */
  value: unknown;
}

/** Where a cut array went: parts `first` .. `first + count - 1`, `length` elements in all. */
interface Cut {
  cut: 'u32' | 'u16' | 'strings';
  length: number;
  first: number;
  count: number;
}

/** One part: a slice of a cut array. */
interface Part {
  id: string;
  data: Uint32Array | Uint16Array | string[];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
/** An object literal's kind of object: walked field by field (typed arrays and arrays are leaves). */
const isPlain = (v: unknown): v is Record<string, unknown> => isObject(v) && Object.getPrototypeOf(v) === Object.prototype;
const isHead = (v: unknown): v is Head => isObject(v) && v.inParts === 1 && typeof v.id === 'string' && Number.isInteger(v.parts);
const isCut = (v: unknown): v is Cut =>
  isObject(v) && (v.cut === 'u32' || v.cut === 'u16' || v.cut === 'strings') && Number.isInteger(v.first);
const partKey = (key: string, i: number) => `${key}#${i}`;
const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string');

/**
 * Writes `value` under `key` as parts (see the module comment). Plain objects are walked; their
 * long `Uint32Array`s, `Uint16Array`s and string arrays are cut, anything else stays in the head. Parts an earlier,
 * larger value left are deleted once the new head is written.
 */
export async function setInParts(settings: Settings, key: string, value: unknown): Promise<void> {
  const before = await settings.getSetting<unknown>(key);
  const id = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
  const slices: (() => Part['data'])[] = [];
  const cut = (kind: Cut['cut'], array: Part['data'], per: number): Cut => {
    const first = slices.length;
    // Copied when written, not before: a view would be cloned with its whole buffer.
    for (let from = 0; from < array.length; from += per) slices.push(() => array.slice(from, from + per));
    return { cut: kind, length: array.length, first, count: slices.length - first };
  };
  const walk = (v: unknown): unknown => {
    if (v instanceof Uint32Array && v.length > PART_VALUES) return cut('u32', v, PART_VALUES);
    if (v instanceof Uint16Array && v.length > 2 * PART_VALUES) return cut('u16', v, 2 * PART_VALUES);
    if (Array.isArray(v) && v.length > PART_STRINGS && isStrings(v)) return cut('strings', v, PART_STRINGS);
    if (isPlain(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  const head: Head = { inParts: 1, id, parts: 0, value: walk(value) };
  for (const [i, slice] of slices.entries()) {
    await settings.setSetting(partKey(key, i), { id, data: slice() } satisfies Part);
    collectGarbage();
  }
  head.parts = slices.length;
  await settings.setSetting(key, head);
  for (let i = slices.length; i < (isHead(before) ? before.parts : 0); i++) await settings.setSetting(partKey(key, i), undefined);
}

/**
 * The value `setInParts` wrote under `key`, put back together; a value written whole is returned as
 * it is. `undefined` when nothing is stored or a part is missing or of another write.
 */
export async function getFromParts(settings: Settings, key: string): Promise<unknown> {
  const head = await settings.getSetting<unknown>(key);
  if (!isHead(head)) return head;
  const parts = await Promise.all(Array.from({ length: head.parts }, (_, i) => settings.getSetting<Part>(partKey(key, i))));
  if (!parts.every((p): p is Part => isObject(p) && p.id === head.id)) return undefined;
  let torn = false;
  const join = (c: Cut): Part['data'] | undefined => {
    const pieces = parts.slice(c.first, c.first + c.count).map((p) => p.data);
    if (pieces.reduce((n, p) => n + p.length, 0) !== c.length) return undefined;
    if (c.cut === 'strings') return pieces.every(isStrings) ? pieces.flat() : undefined;
    const Kind = c.cut === 'u16' ? Uint16Array : Uint32Array;
    const typed = pieces.filter((p): p is Uint16Array | Uint32Array => p instanceof Kind);
    if (typed.length !== pieces.length) return undefined;
    const out = new Kind(c.length);
    let at = 0;
    for (const p of typed) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  };
  const rebuild = (v: unknown): unknown => {
    if (isCut(v)) {
      const joined = join(v);
      torn ||= joined === undefined;
      return joined;
    }
    if (isPlain(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, rebuild(x)]));
    return v;
  };
  const value = rebuild(head.value);
  return torn ? undefined : value;
}

/** Deletes what `setInParts` wrote under `key` (or a value written whole). */
export async function removeParts(settings: Settings, key: string): Promise<void> {
  const head = await settings.getSetting<unknown>(key);
  await settings.setSetting(key, undefined);
  for (let i = 0; i < (isHead(head) ? head.parts : 0); i++) await settings.setSetting(partKey(key, i), undefined);
}
