/**
 * The setup the `inpage-rec build` end-to-end tests share: the CLI bundled once per test file, a
 * temporary folder for its catalogs and builds, and the demo items with broken entries among them.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { buildCli } from '../tools/build-cli.ts';
import { type CliRun, runCli } from './cli-helpers.ts';
import { ROOT } from './paths.ts';

/** An item as the demo catalog holds it. */
export type Item = Record<string, unknown>;

/** The model key of every build here: the bundled model, int8 codes. */
export const KEY = 'use-lite-en:512:q8';

/** The first `n` items of the demo catalog. */
export function demoItems(n: number): Item[] {
  return (JSON.parse(readFileSync(join(ROOT, 'public/demo/catalog.json'), 'utf8')) as Item[]).slice(0, n);
}

/**
 * `good` with five bad entries after its tenth item, one of each kind a site gets wrong: not an
 * object, no id, a duplicate id, a price that is not a number (kept without it), and no text.
 */
export function withBrokenItems(good: Item[]): unknown[] {
  return [
    ...good.slice(0, 10),
    'this entry is not an item',
    { title: 'no id at all' },
    { ...good[3], title: 'a duplicate id' },
    { id: 'bad-price', title: 'Stove', price: '12,50' },
    { id: 'no-text', price: 5 },
    ...good.slice(10),
  ];
}

/** A test file's bundled CLI and work folder (both set once its `beforeAll` has run). */
export interface CliWorkspace {
  /** The bundled `cli.js`. */
  readonly cli: string;
  /** The temporary folder, removed after the file's tests. */
  readonly work: string;
  /** `name` inside the work folder. */
  path(name: string): string;
  /** Runs `build <source> --out <out>` with its report in `<out>.json`, plus `args`. */
  build(source: string, out: string, ...args: string[]): Promise<CliRun>;
  /** Writes `items` as JSON to `name` in the work folder and returns its path. */
  writeCatalog(name: string, items: unknown): string;
}

/**
 * Registers the hooks of a CLI test file: before its tests, bundle the CLI into `.cache/<cacheName>`
 * (inside the repository, so the bundle resolves @huggingface/transformers from node_modules), make
 * the work folder, then run `prepare`; after them, remove the folder. Each file names its own
 * cache folder, so files running side by side never bundle into the same place.
 */
export function cliWorkspace(cacheName: string, prepare: (ws: CliWorkspace) => void = () => {}): CliWorkspace {
  const state = { cli: '', work: '' };
  const ws: CliWorkspace = {
    get cli() {
      return state.cli;
    },
    get work() {
      return state.work;
    },
    path: (name) => join(state.work, name),
    build: (source, out, ...args) => runCli(state.cli, ['build', source, '--out', out, '--report-file', `${out}.json`, ...args]),
    writeCatalog: (name, items) => {
      writeFileSync(ws.path(name), JSON.stringify(items));
      return ws.path(name);
    },
  };
  beforeAll(async () => {
    state.cli = await buildCli(join(ROOT, '.cache', cacheName));
    state.work = mkdtempSync(join(tmpdir(), `inpage-rec-${cacheName}-`));
    prepare(ws);
  });
  afterAll(() => {
    if (state.work) rmSync(state.work, { recursive: true, force: true });
  });
  return ws;
}
