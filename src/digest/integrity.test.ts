import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { INTEGRITY_PATTERN, integrityOf } from './integrity.ts';

describe('integrityOf', () => {
  it('is the SRI sha256 form of the bytes, as openssl dgst -sha256 -binary | base64 gives it', async () => {
    const bytes = new TextEncoder().encode('{"format":"inpage-rec-vectors"}');
    const pin = await integrityOf(bytes);
    expect(pin).toBe(`sha256-${createHash('sha256').update(bytes).digest('base64')}`);
    expect(pin).toMatch(INTEGRITY_PATTERN);
    expect('sha256-abc').not.toMatch(INTEGRITY_PATTERN);
  });
});
