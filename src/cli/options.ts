/**
 * The build's options: command-line flags over a `--config` JSON file over the defaults, which are
 * the browser's (`createRecommender`): model `use-lite-en`, dtype `q8`, the default text rule,
 * batches of 32. The config file takes the same keys as `createRecommender` options, so one JSON
 * can configure both sides.
 */
import { readFile } from 'node:fs/promises';
import { textRuleProblem } from '../catalog/text.ts';
import { DEFAULT_MODEL } from '../encoder/registry.ts';
import { createError, ErrorCodes, errorMessage } from '../errors.ts';
import { type CsvColumns, DEFAULT_EPSILON, MAX_EPSILON, parseColumns } from '../signals/index.ts';
import type { TextRule } from '../types/index.ts';

/** Resolved options of one build. */
export interface BuildOptions {
  source: string;
  out: string;
  model: string;
  dtype: 'fp32' | 'q8';
  textRule: TextRule;
  batchSize: number;
  allowRemoteModels: boolean;
  /** Folder holding model folders; default: the package's own. */
  modelsDir?: string;
  /** Ignore a previous build in `out` and embed everything. */
  full: boolean;
  /** Problems listed in the report before "... and N more". */
  maxProblems: number;
  /** The site's interactions (CSV: session_or_order_id,item_id[,ts][,event]) for the `signals` section. */
  interactions?: string;
  /** Also load the build into this database: a `postgres://` URL or a PGlite data folder (src/server). */
  to?: string;
  /** Only interactions with one of these events count (rows without an event always do); needs `interactions`. */
  events?: string[];
  /** The interactions file's columns by header name (`--columns`); needs `interactions`. */
  columns?: CsvColumns;
  /** Differential-privacy epsilon per session of the signals (`--epsilon`); needs `interactions`. */
  epsilon?: number;
  /**
   * With `interactions`: also train the shop's recommendation space into the `learned` section
   * (`--learned-space`). Off by default: through the shipped ranker on validation it lifts "for
   * you" on Office (.1378 vs .1229) and lowers it on MovieLens (.1443 vs .1639), so it is a
   * site's choice, not yet a default (docs/notes/learned-space.md).
   */
  learn: boolean;
  /**
   * `--dims`: project the vectors to this many dimensions (src/vector-index/projection.ts), fitted
   * on the catalog by the first build and reused by the incremental ones after it; `none`: the
   * encoder's own; `auto` (default): 128 from 5,000 items (projection-step.ts `buildDims`).
   */
  dims: number | 'auto' | 'none';
  /**
   * Run the q8 model with float activations, as the page does, instead of int8 ones
   * (`--float-activations`; int8-activations.ts): about 2x slower, vectors closer to the page's.
   */
  floatActivations: boolean;
}

/** The flags as commander parses them (all optional strings or booleans). */
export interface BuildFlags {
  out: string;
  model?: string;
  dtype?: string;
  textFields?: string;
  config?: string;
  batchSize?: string;
  modelsDir?: string;
  allowRemoteModels?: boolean;
  full?: boolean;
  maxProblems?: string;
  interactions?: string;
  to?: string;
  events?: string;
  columns?: string;
  epsilon?: string;
  /** `--learned-space`: true when given. */
  learnedSpace?: boolean;
  dims?: string;
  floatActivations?: boolean;
}

// Keys of createRecommender options that only matter in a browser: accepted and ignored, so a
// site can point --config at the JSON it already passes to createRecommender.
const BROWSER_ONLY = new Set([
  'catalog',
  'namespace',
  'device',
  'threads',
  'index',
  'assetsBase',
  'vectors',
  'preloadModel',
  'checkVectorsAtIdle',
]);
const BUILD_KEYS = new Set(['model', 'dtype', 'textRule', 'batchSize', 'allowRemoteModels']);

/** Merges flags, the config file and the defaults. Throws `INVALID_OPTION` naming the flag or key. */
export async function resolveOptions(source: string, flags: BuildFlags): Promise<BuildOptions> {
  const config = flags.config ? await readConfig(flags.config) : {};
  const model = flags.model ?? (config.model as string | undefined) ?? DEFAULT_MODEL;
  const dtype = flags.dtype ?? (config.dtype as string | undefined) ?? 'q8';
  if (dtype !== 'q8' && dtype !== 'fp32') throw invalid(`--dtype must be q8 or fp32, got ${JSON.stringify(dtype)}`);
  const textRule: TextRule = { ...((config.textRule as TextRule | undefined) ?? {}) };
  if (flags.textFields !== undefined) {
    const fields = list(flags.textFields);
    if (fields.length === 0) throw invalid('--text-fields needs at least one field name, e.g. --text-fields title,brand,description');
    textRule.fields = fields;
  }
  // An empty path (an unset variable in `--interactions "$ORDERS"`) would otherwise silently build without signals.
  if (flags.interactions !== undefined && flags.interactions.trim() === '')
    throw invalid('--interactions needs a file path, e.g. --interactions orders.csv; got an empty value');
  let events: string[] | undefined;
  if (flags.events !== undefined) {
    events = [...new Set(list(flags.events))];
    if (events.length === 0)
      throw invalid(`--events needs at least one event name, e.g. --events purchase,cart; got ${JSON.stringify(flags.events)}`);
    if (flags.interactions === undefined) throw invalid('--events filters the --interactions file; pass --interactions <file.csv> too');
  }
  let columns: CsvColumns | undefined;
  if (flags.learnedSpace === true && flags.interactions === undefined)
    throw invalid("--learned-space trains on the site's sessions; pass --interactions <file.csv> too");
  if (flags.columns !== undefined) {
    columns = parseColumns(flags.columns);
    if (flags.interactions === undefined)
      throw invalid("--columns names the --interactions file's columns; pass --interactions <file.csv> too");
  }
  const epsilon = flags.epsilon === undefined ? undefined : epsilonOf(flags.epsilon, flags.interactions !== undefined);
  if (flags.to !== undefined && flags.to.trim() === '')
    throw invalid('--to needs a database: a postgres:// URL or a PGlite data folder; got an empty value');
  // The endpoint ranks by pgvector's cosine, which re-normalises a projected query (and with it
  // lifts a query far from the catalog past the search cut-off): not supported until it does not.
  const dims = dimsOf(flags.dims, flags.to !== undefined);
  return {
    source,
    out: flags.out,
    model,
    dtype,
    textRule,
    batchSize: positiveInt(flags.batchSize ?? config.batchSize ?? 32, '--batch-size'),
    allowRemoteModels: flags.allowRemoteModels ?? config.allowRemoteModels === true,
    ...(flags.modelsDir ? { modelsDir: flags.modelsDir } : {}),
    full: flags.full ?? false,
    maxProblems: positiveInt(flags.maxProblems ?? 20, '--max-problems', 0),
    ...(flags.interactions !== undefined ? { interactions: flags.interactions } : {}),
    ...(flags.to !== undefined ? { to: flags.to } : {}),
    ...(events ? { events } : {}),
    ...(columns ? { columns } : {}),
    ...(epsilon !== undefined ? { epsilon } : {}),
    learn: flags.learnedSpace === true,
    dims,
    floatActivations: flags.floatActivations === true,
  };
}

/** Fewer dimensions than this keep too little of what tells items apart to be worth a flag. */
const MIN_DIMS = 16;

/**
 * `--dims`: a count, `auto` or `none`. With `--to`, `auto` means `none` and a count is refused:
 * the database endpoint ranks by pgvector's cosine, which re-normalises a projected query (and with
 * it lifts a query far from the catalog past the search cut-off).
 */
function dimsOf(flag: string | undefined, toDatabase: boolean): BuildOptions['dims'] {
  const value = flag?.trim() ?? 'auto';
  if (value === 'none' || (value === 'auto' && toDatabase)) return 'none';
  if (value === 'auto') return 'auto';
  if (!/^\d+$/.test(value)) throw invalid(`--dims must be auto, none or a whole number >= ${MIN_DIMS}, got ${JSON.stringify(value)}`);
  if (toDatabase)
    throw invalid(
      "--dims and --to cannot be combined yet: the database endpoint's cosine would re-normalise projected queries; drop --dims (with --to the default is none)",
    );
  return positiveInt(value, '--dims', MIN_DIMS);
}

/** `--epsilon`'s value, checked: a number in (0, MAX_EPSILON], and only with --interactions. */
function epsilonOf(text: string, withInteractions: boolean): number {
  const value = Number(text);
  if (text.trim() === '' || !(value > 0 && value <= MAX_EPSILON))
    throw invalid(
      `--epsilon must be a number in (0, ${MAX_EPSILON}] (privacy budget per session; default ${DEFAULT_EPSILON}), got ${JSON.stringify(text)}`,
    );
  if (!withInteractions) throw invalid('--epsilon sets the privacy of the --interactions signals; pass --interactions <file.csv> too');
  return value;
}

async function readConfig(path: string): Promise<Record<string, unknown>> {
  let value: unknown;
  try {
    value = JSON.parse(await readFile(path, 'utf8'));
  } catch (err) {
    throw invalid(`--config ${JSON.stringify(path)} could not be read as JSON (${errorMessage(err)})`, err);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw invalid(`--config ${JSON.stringify(path)} must hold a JSON object`);
  const config = value as Record<string, unknown>;
  const unknown = Object.keys(config).filter((k) => !BUILD_KEYS.has(k) && !BROWSER_ONLY.has(k));
  if (unknown.length > 0) {
    throw invalid(
      `--config ${JSON.stringify(path)} has unknown keys ${unknown.map((k) => JSON.stringify(k)).join(', ')} (known: ${[...BUILD_KEYS].join(', ')})`,
    );
  }
  if (config.model !== undefined && typeof config.model !== 'string') throw invalid(`--config "model" must be a string`);
  if (config.dtype !== undefined && typeof config.dtype !== 'string') throw invalid(`--config "dtype" must be "q8" or "fp32"`);
  const ruleProblem = config.textRule === undefined ? undefined : textRuleProblem(config.textRule);
  if (ruleProblem) throw invalid(`--config "textRule" ${ruleProblem}`);
  return config;
}

/** A comma-separated flag value as its non-empty, trimmed items. */
function list(value: string): string[] {
  return value
    .split(',')
    .map((f) => f.trim())
    .filter((f) => f !== '');
}

/** `value` as a whole number >= `min`; throws `INVALID_OPTION` naming the flag `name`. */
export function positiveInt(value: unknown, name: string, min = 1): number {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (!Number.isInteger(n) || (n as number) < min) throw invalid(`${name} must be a whole number >= ${min}, got ${JSON.stringify(value)}`);
  return n as number;
}

function invalid(message: string, cause?: unknown) {
  return createError(ErrorCodes.INVALID_OPTION, message, cause);
}
