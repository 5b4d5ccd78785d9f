/**
 * Where the worker, model and WASM files are: next to the library file, unless `assetsBase` says
 * otherwise. Each entry point (ESM or script tag) sets its own URL here.
 */
let base: string | undefined;

/**
 * Set by each entry point to its own URL: assets live in the same folder. (Entry points pass
 * `import.meta.url` as is: bundlers rewrite `new URL('./', import.meta.url)`.)
 */
export function setDefaultAssetsBase(moduleUrl: string): void {
  base ??= new URL('./', moduleUrl).href;
}

/** The folder the first entry point set, if any. */
export function defaultAssetsBase(): string | undefined {
  return base;
}
