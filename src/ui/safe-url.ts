/**
 * Catalog data is untrusted: only http(s) URLs are ever rendered as links or images. Everything
 * else (`javascript:`, `data:`, `vbscript:`, malformed) yields undefined and is not rendered.
 */
export function safeHttpUrl(value: unknown, base: string = globalThis.document?.baseURI ?? 'http://localhost/'): string | undefined {
  if (typeof value !== 'string' || !value.trim()) return undefined;
  try {
    const url = new URL(value.trim(), base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}
