/**
 * Adversarial catalog fields: whatever an item holds, turning it into text costs work bounded by
 * the text cap, not by the input. The bound asserted is the one the library promises: at most
 * 5 ms per KB of input for each item (a 1 MB string of unclosed tags took 86 s before the cap).
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_TEXT_RULE, itemText } from './text.ts';
import { validateCatalog } from './validate.ts';

const MB = 1 << 20;
const repeat = (unit: string, bytes: number) => unit.repeat(Math.ceil(bytes / unit.length));

/** Bytes of the values' text, walked without recursion (JSON.stringify overflows on deep nesting). */
function approxBytes(root: unknown): number {
  let bytes = 0;
  const stack: unknown[] = [root];
  while (stack.length) {
    const v = stack.pop();
    if (typeof v === 'string') bytes += v.length;
    else if (v && typeof v === 'object') {
      for (const [k, child] of Object.entries(v)) {
        bytes += k.length + 4;
        stack.push(child);
      }
    } else bytes += 8;
  }
  return bytes;
}

function deep(levels: number): Record<string, unknown> {
  let node: Record<string, unknown> = { leaf: 'bottom' };
  for (let i = 0; i < levels; i++) node = { level: node, note: `<i>${i}` };
  return node;
}

const CASES: [string, () => Record<string, unknown>][] = [
  ['1 MB of unclosed <b tags', () => ({ description: repeat(`<b${'x'.repeat(98)}`, MB) })],
  ['1 MB of unclosed <script>', () => ({ description: repeat('<script>alert(1) ', MB) })],
  ['1 MB of unclosed comments', () => ({ description: repeat('<!-- note ', MB) })],
  ['1 MB of unbalanced attribute quotes', () => ({ description: repeat('<a href="x y ', MB) })],
  ['1 MB of entity-like noise', () => ({ title: repeat('&#99999999&amp&#x;', MB) })],
  ['1 MB of lone surrogates', () => ({ title: repeat('\ud800a\udc00b', MB) })],
  ['a 200k-element tag list', () => ({ tags: Array.from({ length: 200_000 }, (_, i) => `<u>tag${i}`) })],
  ['an object with 100k keys', () => ({ specs: Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`k${i}`, `<p>v${i}`])) })],
  ['5,000 levels of nesting', () => ({ extra: deep(5000) })],
  ['nested lists of 1 MB strings', () => ({ sizes: [[repeat('<em', MB / 4)], [[repeat('<p>', MB / 4)]]] })],
];

describe('adversarial fields', () => {
  for (const [name, make] of CASES) {
    it(`${name}: bounded time, capped text`, async () => {
      const item = { id: 'x', ...make() };
      const kb = Math.max(1, approxBytes(item) / 1024);
      const t0 = performance.now();
      const text = itemText(item);
      const { entries, report } = await validateCatalog([item], { modelKey: 'm:1:q8' });
      const ms = performance.now() - t0;
      expect(text.length).toBeLessThanOrEqual(DEFAULT_TEXT_RULE.maxLength);
      expect(report.skipped + entries.length).toBe(1);
      expect(ms, `${ms.toFixed(1)} ms for ${kb.toFixed(0)} KB`).toBeLessThanOrEqual(5 * kb);
    });
  }
});
