/**
 * Subresource-Integrity-style pins (`sha256-<base64>`), as a page writes them for a prebuilt
 * vectors manifest (`vectorsIntegrity`). The manifest lists the SHA-256 of every file and section,
 * so pinning it pins the whole artifact: a page that pins it trusts only the build it names.
 */
import { sha256Digest } from './sha256.ts';

/** Pins a page may give: SRI's sha256 form. */
export const INTEGRITY_PATTERN = /^sha256-[A-Za-z0-9+/]{43}=$/;

/** The `sha256-<base64>` pin of `bytes`. */
export async function integrityOf(bytes: Uint8Array): Promise<string> {
  const digest = await sha256Digest(bytes);
  let binary = '';
  for (const b of digest) binary += String.fromCharCode(b);
  return `sha256-${btoa(binary)}`;
}
