/**
 * The ranking requests the retrieval endpoint accepts: one JSON object per POST, checked field by
 * field before any SQL is built. Anything else is refused with `INVALID_OPTION` naming the field.
 *
 *     { "mode": "similar",     "item": "p1",  "k": 8, "filter": {...}, "exclude": ["p2"] }
 *     { "mode": "complements", "item": "p1",  "k": 8, "filter": {...}, "exclude": [...] }
 *     { "mode": "forYou", "profile": [512 numbers] | null, "k": 8, "filter": {...}, "exclude": [...] }
 *     { "mode": "search", "query": "red racing game", "vector": [512 numbers]?, "k": 8, "filter": {...}, "exclude": [...] }
 *     { "mode": "vectors", "items": ["p1", "p7"] }
 *
 * The first four rank (`k` 1-100, default 8; `filter` the page's filter language; `exclude` at most
 * 1,000 ids). "vectors" takes only `mode` and `items` (1 to `MAX_VECTOR_IDS` ids, no `k`, `filter`
 * or `exclude`) and answers the stored vectors of those items, so a page can build a "for you"
 * profile from items in the visitor's history that it has not cached (similar and complements
 * answers carry their item's vector too, as `anchor`: handler.ts).
 *
 * What a server learns from each is documented in docs/guide/remote.md: for "for you", a profile
 * vector (the mean of the visitor's recent items' vectors) and the ids to leave out, never the
 * events themselves; for "vectors", the ids asked for (items in the visitor's history whose vectors
 * the page lacks; the same ids a page sends as the "for you" exclude list).
 */
import { createError, describeValue, ErrorCodes } from '../errors.ts';
import type { Filter } from '../types/index.ts';
import { MAX_EXCLUDE, MAX_ID_LENGTH, MAX_QUERY_LENGTH, MAX_REMOTE_K, MAX_VECTOR_IDS } from '../types/remote-limits.ts';
import { compileFilter } from '../vector-index/index.ts';

export { MAX_EXCLUDE, MAX_ID_LENGTH, MAX_QUERY_LENGTH, MAX_REMOTE_K, MAX_VECTOR_IDS };

/** Fields every request may carry. */
interface Common {
  k: number;
  filter?: Filter;
  exclude: string[];
}

/**
 * A checked ranking request (`parseRequest` has filled in the defaults: `k` 8, `exclude` []):
 * answered `{ items, anchor? }` (queries.ts `RankAnswer`).
 */
export type RankRequest =
  | (Common & { mode: 'similar' | 'complements'; item: string })
  | (Common & { mode: 'forYou'; profile: number[] | null })
  | (Common & { mode: 'search'; query: string; vector?: number[] });

/** A checked "vectors" request: the ids whose stored vectors to send (queries.ts `VectorsAnswer`). */
export interface VectorsRequest {
  mode: 'vectors';
  items: string[];
}

/** A checked request, of any mode. */
export type RemoteRequest = RankRequest | VectorsRequest;

/** The fields every ranking mode takes. */
const COMMON = ['mode', 'k', 'filter', 'exclude'];
/** The modes, with every field each takes. */
const FIELDS: Record<RemoteRequest['mode'], readonly string[]> = {
  similar: [...COMMON, 'item'],
  complements: [...COMMON, 'item'],
  forYou: [...COMMON, 'profile'],
  search: [...COMMON, 'query', 'vector'],
  vectors: ['mode', 'items'],
};

function fail(problem: string): never {
  throw createError(ErrorCodes.INVALID_OPTION, `request: ${problem}`);
}

/** Checks a parsed request body against the shapes above; `dims` is the length a vector must have. */
export function parseRequest(value: unknown, dims: number): RemoteRequest {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(`must be a JSON object, got ${describeValue(value)}`);
  const body = value as Record<string, unknown>;
  const mode = body.mode;
  if (typeof mode !== 'string' || !Object.hasOwn(FIELDS, mode))
    fail(`"mode" must be one of ${Object.keys(FIELDS).join(', ')}, got ${describeValue(mode)}`);
  const m = mode as RemoteRequest['mode'];
  for (const field of Object.keys(body)) {
    if (!FIELDS[m].includes(field)) fail(`unknown field ${JSON.stringify(field.slice(0, 40))} for mode "${m}"`);
  }
  if (m === 'vectors') return { mode: m, items: vectorIds(body.items) };
  const common: Common = {
    k: kOf(body.k),
    exclude: idList(body.exclude),
    ...(body.filter === undefined ? {} : { filter: filterOf(body.filter) }),
  };
  switch (m) {
    case 'similar':
    case 'complements':
      return { ...common, mode: m, item: id(body.item, '"item"') };
    case 'forYou':
      return { ...common, mode: m, profile: body.profile === null ? null : vectorOf(body.profile, '"profile"', dims) };
    case 'search': {
      if (typeof body.query !== 'string' || body.query.length > MAX_QUERY_LENGTH)
        fail(`"query" must be a string of at most ${MAX_QUERY_LENGTH} characters`);
      return {
        ...common,
        mode: m,
        query: body.query,
        ...(body.vector === undefined ? {} : { vector: vectorOf(body.vector, '"vector"', dims) }),
      };
    }
  }
}

function kOf(v: unknown): number {
  if (v === undefined) return 8;
  if (!Number.isInteger(v) || (v as number) < 1 || (v as number) > MAX_REMOTE_K)
    fail(`"k" must be a whole number from 1 to ${MAX_REMOTE_K}, got ${describeValue(v)}`);
  return v as number;
}

function id(v: unknown, name: string): string {
  if (typeof v === 'number' && Number.isSafeInteger(v)) return String(v);
  if (typeof v !== 'string' || v === '' || v.length > MAX_ID_LENGTH)
    fail(`${name} must be an id (a string of 1 to ${MAX_ID_LENGTH} characters), got ${describeValue(v)}`);
  return v;
}

function idList(v: unknown): string[] {
  if (v === undefined) return [];
  if (!Array.isArray(v) || v.length > MAX_EXCLUDE) fail(`"exclude" must be a list of at most ${MAX_EXCLUDE} ids`);
  return v.map((x, i) => id(x, `"exclude[${i}]"`));
}

function vectorIds(v: unknown): string[] {
  if (!Array.isArray(v) || v.length < 1 || v.length > MAX_VECTOR_IDS) fail(`"items" must be a list of 1 to ${MAX_VECTOR_IDS} ids`);
  return v.map((x, i) => id(x, `"items[${i}]"`));
}

function vectorOf(v: unknown, name: string, dims: number): number[] {
  if (!Array.isArray(v) || v.length !== dims || !v.every((x) => typeof x === 'number' && Number.isFinite(x))) {
    fail(`${name} must be a list of ${dims} finite numbers`);
  }
  return v as number[];
}

/** How deeply a filter may nest (`not` of `not`...): deeper ones are refused before any recursion. */
const MAX_FILTER_DEPTH = 4;

/** True when `v` nests objects or arrays more than `levels` deep (the recursion stops there). */
function tooDeep(v: unknown, levels: number): boolean {
  if (typeof v !== 'object' || v === null) return false;
  return levels === 0 || Object.values(v).some((x) => tooDeep(x, levels - 1));
}

/** A filter as the page's filters are (vector-index/filter.ts), checked by the same compiler. */
function filterOf(v: unknown): Filter {
  if (tooDeep(v, MAX_FILTER_DEPTH)) fail(`"filter" may nest at most ${MAX_FILTER_DEPTH} levels`);
  try {
    compileFilter(v as Filter, () => undefined);
  } catch (err) {
    fail(`"filter": ${(err as Error).message}`);
  }
  const filter = v as Record<string, unknown>;
  if (Object.keys(filter).length > 16) fail('"filter" may have at most 16 fields');
  return filter as Filter;
}
