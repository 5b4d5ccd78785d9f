/**
 * Metadata filters: a small declarative language over item attributes, compiled once per search
 * into a key predicate that the scan calls only for rows that could enter the top-k.
 *
 *   { category: 'shoes' }                       equality (array fields: any element equals)
 *   { tags: { in: ['sale', 'new'] } }           membership (array fields: any element is in the set)
 *   { price: { gte: 10, lt: 50 } }              numeric range (non-numbers never match)
 *   { brand: { not: 'acme' } }                  negation of any condition
 *
 * All fields of a filter must match (AND). A missing attribute equals nothing, so it fails
 * equality, membership and ranges, and passes `not`.
 */
import { createError, describeValue, ErrorCodes } from '../errors.ts';
import type { Filter, FilterValue } from '../types/index.ts';
import type { RowFilter } from './types.ts';

/** Looks up an item's attributes by key (undefined for an item without any). */
export type AttributeLookup = (key: string) => Readonly<Record<string, unknown>> | undefined;

type Test = (value: unknown) => boolean;

const RANGE_OPS = ['gte', 'gt', 'lte', 'lt'] as const;

/**
 * Compiles `filter` into a key predicate. Throws InpageRecError INVALID_OPTION naming the field
 * on an unknown operator or a wrong operand type, so a typo fails loudly instead of matching
 * nothing.
 */
export function compileFilter(filter: Filter, attributes: AttributeLookup): RowFilter {
  if (filter === null || typeof filter !== 'object' || Array.isArray(filter))
    throw createError(ErrorCodes.INVALID_OPTION, 'filter must be an object of field conditions');
  if (typeof attributes !== 'function') throw createError(ErrorCodes.INVALID_OPTION, 'compileFilter needs an attribute lookup function');
  const fields: string[] = [];
  const tests: Test[] = [];
  for (const [field, condition] of Object.entries(filter)) {
    fields.push(field);
    tests.push(compileCondition(field, condition));
  }
  const n = fields.length;
  return (key) => {
    const attrs = attributes(key);
    for (let i = 0; i < n; i++) {
      if (!tests[i]!(attrs?.[fields[i]!])) return false;
    }
    return true;
  };
}

function compileCondition(field: string, condition: unknown): Test {
  if (isScalar(condition)) return equals(field, condition);
  if (typeof condition !== 'object' || Array.isArray(condition)) {
    throw createError(
      ErrorCodes.INVALID_OPTION,
      `filter field "${field}": expected a value or an operator object, got ${describeValue(condition, 'typed')}`,
    );
  }
  const ops = Object.keys(condition);
  const record = condition as Record<string, unknown>;
  if (ops.length === 0) throw createError(ErrorCodes.INVALID_OPTION, `filter field "${field}": empty condition object`);
  if (ops.includes('in') || ops.includes('not')) {
    if (ops.length !== 1)
      throw createError(
        ErrorCodes.INVALID_OPTION,
        `filter field "${field}": "${ops.includes('in') ? 'in' : 'not'}" cannot be combined with other operators`,
      );
    if (ops[0] === 'in') return membership(field, record.in);
    const inner = compileCondition(field, record.not);
    return (value) => !inner(value);
  }
  for (const op of ops) {
    if (!(RANGE_OPS as readonly string[]).includes(op)) {
      throw createError(
        ErrorCodes.INVALID_OPTION,
        `filter field "${field}": unknown operator "${op}" (known: in, not, ${RANGE_OPS.join(', ')})`,
      );
    }
  }
  return range(field, record);
}

function equals(field: string, expected: FilterValue): Test {
  if (typeof expected === 'number' && Number.isNaN(expected))
    throw createError(ErrorCodes.INVALID_OPTION, `filter field "${field}": NaN never equals anything`);
  return (value) => value === expected || (Array.isArray(value) && value.includes(expected));
}

function membership(field: string, operand: unknown): Test {
  if (!Array.isArray(operand))
    throw createError(ErrorCodes.INVALID_OPTION, `filter field "${field}": "in" needs an array, got ${describeValue(operand, 'typed')}`);
  for (const v of operand) {
    if (!isScalar(v))
      throw createError(
        ErrorCodes.INVALID_OPTION,
        `filter field "${field}": "in" values must be strings, numbers, booleans or null, got ${describeValue(v, 'typed')}`,
      );
  }
  const set = new Set<unknown>(operand);
  return (value) => {
    if (!Array.isArray(value)) return set.has(value);
    for (const v of value) if (set.has(v)) return true;
    return false;
  };
}

function range(field: string, cond: Record<string, unknown>): Test {
  const bound = (op: string): number => {
    const v = cond[op];
    if (v === undefined) return NaN;
    if (typeof v !== 'number' || Number.isNaN(v))
      throw createError(ErrorCodes.INVALID_OPTION, `filter field "${field}": "${op}" needs a number, got ${describeValue(v, 'typed')}`);
    return v;
  };
  // Absent bounds become +/-Infinity so the predicate is a fixed chain of comparisons; the strict
  // ones keep flags so an attribute of exactly -Infinity/Infinity still passes an absent gt/lt.
  const gte = orElse(bound('gte'), -Infinity);
  const gt = orElse(bound('gt'), -Infinity);
  const lte = orElse(bound('lte'), Infinity);
  const lt = orElse(bound('lt'), Infinity);
  const strictLow = cond.gt !== undefined;
  const strictHigh = cond.lt !== undefined;
  return (value) =>
    typeof value === 'number' &&
    value >= gte && // false for NaN, so NaN attributes never match
    (!strictLow || value > gt) &&
    value <= lte &&
    (!strictHigh || value < lt);
}

function orElse(v: number, fallback: number): number {
  return Number.isNaN(v) ? fallback : v;
}

function isScalar(v: unknown): v is FilterValue {
  return v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
}
