/**
 * The field checks the manifest reader (manifest.ts) is made of: each returns the value typed or
 * calls `fail` with the field's name and what it got.
 */
import { describeValue } from '../errors.ts';

/** A parsed JSON object. */
export type Json = Record<string, unknown>;

/** Throws the error naming the manifest's file and what is wrong with it. */
export type Fail = (problem: string) => never;

const HEX64 = /^[0-9a-f]{64}$/;

/** `v` as an object, or the failure naming the field. */
export function obj(v: unknown, name: string, fail: Fail): Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
    ? (v as Json)
    : fail(`${label(name)} must be an object, got ${describeValue(v)}`);
}

/** `v` as a list. */
export function list(v: unknown, name: string, fail: Fail): unknown[] {
  return Array.isArray(v) ? v : fail(`${label(name)} must be a list, got ${describeValue(v)}`);
}

/** `v` as a non-empty string. */
export function str(v: unknown, name: string, fail: Fail): string {
  return typeof v === 'string' && v !== '' ? v : fail(`${label(name)} must be a non-empty string, got ${describeValue(v)}`);
}

/** `v` as a whole number >= 0. */
export function int(v: unknown, name: string, fail: Fail): number {
  return Number.isSafeInteger(v) && (v as number) >= 0
    ? (v as number)
    : fail(`${label(name)} must be a whole number >= 0, got ${describeValue(v)}`);
}

/** `v` as 64 lowercase hex characters (a SHA-256). */
export function hex64(v: unknown, name: string, fail: Fail): string {
  return typeof v === 'string' && HEX64.test(v) ? v : fail(`${label(name)} must be 64 lowercase hex characters, got ${describeValue(v)}`);
}

function label(name: string): string {
  return name === 'the manifest' ? name : `"${name}"`;
}
