/**
 * The page's metadata filters (src/vector-index/filter.ts) as a SQL condition on the items' jsonb,
 * with the same meaning: equality (an array field: any element equals), `in`, numeric ranges and
 * `not`; a missing attribute fails all but `not`. Field names and values are parameters, never
 * spliced into the statement. Call it with a filter `parseRequest` has checked.
 */
import type { Filter } from '../types/index.ts';

const RANGE_SQL = { gte: '>=', gt: '>', lte: '<=', lt: '<' } as const;

/**
 * The condition for `filter` over the column `item` (jsonb), appending its values to `params`
 * (placeholders continue from `params.length`). `TRUE` for no filter.
 */
export function filterSql(filter: Filter | undefined, params: unknown[]): string {
  if (!filter) return 'TRUE';
  const parts = Object.entries(filter).map(([field, condition]) => {
    params.push(field);
    return condition_(`item -> $${params.length}`, condition, params);
  });
  return parts.length === 0 ? 'TRUE' : parts.map((p) => `(${p})`).join(' AND ');
}

/** One field's condition on the jsonb value `value` (never NULL: missing attributes give false). */
function condition_(value: string, condition: unknown, params: unknown[]): string {
  const add = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  if (condition === null || typeof condition !== 'object') {
    // jsonb containment: a scalar contains only itself, an array contains each of its elements.
    return `COALESCE(${value} @> ${add(JSON.stringify(condition))}::jsonb, false)`;
  }
  const record = condition as Record<string, unknown>;
  if ('in' in record) {
    return `COALESCE(EXISTS (SELECT 1 FROM jsonb_array_elements(${add(JSON.stringify(record.in))}::jsonb) AS s(x) WHERE ${value} @> s.x), false)`;
  }
  if ('not' in record) return `NOT ${condition_(value, record.not, params)}`;
  const bounds = (Object.keys(RANGE_SQL) as (keyof typeof RANGE_SQL)[])
    .filter((op) => record[op] !== undefined)
    .map((op) => `(${value} #>> '{}')::float8 ${RANGE_SQL[op]} ${add(record[op])}::float8`);
  // CASE, not AND: Postgres may evaluate AND's operands in any order, and "Free"::float8 fails.
  return `CASE WHEN jsonb_typeof(${value}) = 'number' THEN COALESCE(${bounds.join(' AND ')}, false) ELSE false END`;
}
