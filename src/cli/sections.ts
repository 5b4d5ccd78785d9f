/**
 * The artifact's optional sections the build writes besides the vectors:
 * - `signals`: the site's interactions (`--interactions`) aggregated into per-item "bought
 *   together" / "viewed next" lists and popularity (src/signals; no visitor data is kept), rows in
 *   the artifact's sorted key order;
 * - `learned`: the shop's recommendation space trained on those sessions (learned-section.ts);
 * - `index`: the learnt state (quantizer ranges, binary centring, IVF centroids) of the index a
 *   browser builds for this many items (`autoIndex`), so a first visit never trains.
 */
import { type CodeArray, dequantizeInto, sortKeys } from '../artifact/index.ts';
import type { FlatSessions } from '../signals/build.ts';
import { type CsvColumns, encodeSignals, type PrivacyOptions, type SignalsReport, signalsFromCollector } from '../signals/index.ts';
import { autoIndex, createIndex, encodeTrainingState } from '../vector-index/index.ts';
import { readInteractions } from './interactions.ts';

/** Items as the artifact will hold them. */
export interface SectionItem {
  key: string;
  code: CodeArray;
  scale: number;
}

/** What `signalsSection` did, for the build summary. */
export interface SignalsSummary extends SignalsReport {
  bytes: number;
  /** The event filter (`--events`), when one was given. */
  events?: string[];
  /** The columns read by header name (`--columns`), when given. */
  columns?: CsvColumns;
  /** The first few CSV lines that could not be read, as `line N: reason`. */
  badLines: string[];
  /** Every CSV line that could not be read (skipped). */
  badLineCount: number;
}

/** Options of `signalsSection`. */
export interface SignalsSectionOptions {
  /** Keep only rows with one of these events (rows without an event are kept). */
  events?: readonly string[];
  /** Read these columns by their header names (`--columns`) instead of the documented ones. */
  columns?: CsvColumns;
  /** The release's privacy budget (`--epsilon`); the defaults of src/signals/private.ts otherwise. */
  privacy?: PrivacyOptions;
}

/**
 * The `signals` section from the interactions CSV `file`, for the catalog item keys `keys` (any
 * order; rows follow the artifact's sorted key order). Needs only the keys, not the vectors, so the
 * build runs it before any model work. Lines that cannot be read are skipped and reported in
 * `warnings` and the summary; throws when nothing usable is left (see `readInteractions`).
 */
export async function signalsSection(
  file: string,
  keys: readonly string[],
  options: SignalsSectionOptions = {},
): Promise<{ bytes: Uint8Array; summary: SignalsSummary; warnings: string[]; sessions: FlatSessions; ids: string[] }> {
  // The collector numbers items by row, so it gets the rows' order: the artifact's sorted keys.
  const ids = sortKeys(keys);
  const read = await readInteractions(file, ids, options.events, options.columns);
  const { signals, report, sessions } = signalsFromCollector(read.collector, ids, {
    ...(options.events ? { events: options.events } : {}),
    ...(options.privacy ? { privacy: options.privacy } : {}),
  });
  const bytes = encodeSignals(signals);
  const summary: SignalsSummary = {
    ...report,
    bytes: bytes.byteLength,
    ...(options.events ? { events: [...options.events] } : {}),
    ...(options.columns ? { columns: { ...options.columns } } : {}),
    badLines: read.badLines,
    badLineCount: read.badLineCount,
  };
  return { bytes, summary, warnings: read.warnings, sessions, ids };
}

/**
 * The items' vectors as a browser decodes them from the artifact (row i = items[i]): unit length,
 * or with their length when `normalize` is false (a projected build: model-key.ts `isProjectedKey`).
 */
export function decodedVectors(items: readonly SectionItem[], dims: number, normalize = true): Float32Array {
  const vectors = new Float32Array(items.length * dims);
  items.forEach((item, i) => {
    dequantizeInto(item.code, 0, dims, item.scale, vectors, i * dims, normalize);
  });
  return vectors;
}

/**
 * The `index` section: trains the index the browser picks for `items.length` items on their
 * (decoded) vectors, exactly as the worker would, and returns its learnt state's bytes, or
 * undefined for a kind without a training step (small catalogs: an exact scan).
 */
export function indexSection(items: readonly SectionItem[], vectors: Float32Array, dims: number): Uint8Array | undefined {
  const { kind, options } = autoIndex(items.length, dims);
  const index = createIndex(kind, dims, options);
  index.add(
    items.map((i) => i.key),
    vectors,
  );
  if (!index.needsTraining) return undefined;
  index.train();
  const state = index.exportTraining();
  return state ? encodeTrainingState(state) : undefined;
}
