/**
 * The artifact's optional sections the build writes besides the vectors:
 * - `signals`: the site's interactions (`--interactions`) aggregated into per-item "bought
 *   together" / "viewed next" lists and popularity (src/signals; no visitor data is kept), rows in
 *   the artifact's sorted key order;
 * - `index`: the learnt state (quantizer ranges, binary centring, IVF centroids) of the index a
 *   browser builds for this many items (`autoIndex`), so a first visit never trains.
 */
import { readFile } from 'node:fs/promises';
import { dequantizeInto, sortKeys } from '../artifact/index.ts';
import { createError, ErrorCodes } from '../errors.ts';
import { buildSignals, encodeSignals, parseInteractionsCsv, type SignalsReport } from '../signals/index.ts';
import { autoIndex, createIndex, encodeTrainingState } from '../vector-index/index.ts';

/** Items as the artifact will hold them. */
export interface SectionItem {
  key: string;
  code: Int8Array;
  scale: number;
}

/** What `signalsSection` did, for the build summary. */
export interface SignalsSummary extends SignalsReport {
  bytes: number;
  /** CSV lines that could not be read (first few, with their line numbers). */
  badLines: string[];
}

/** The `signals` section from an interactions CSV; lines that cannot be read are reported and skipped. */
export async function signalsSection(file: string, items: readonly SectionItem[]): Promise<{ bytes: Uint8Array; summary: SignalsSummary }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw createError(
      ErrorCodes.CATALOG_UNREADABLE,
      `--interactions ${JSON.stringify(file)} could not be read (${(err as Error).message})`,
      err,
    );
  }
  const parsed = parseInteractionsCsv(text);
  if (parsed.interactions.length === 0) {
    throw createError(
      ErrorCodes.CATALOG_UNREADABLE,
      `--interactions ${JSON.stringify(file)} holds no readable interaction (${parsed.errors.length} bad lines)`,
    );
  }
  const ids = sortKeys(items.map((i) => i.key));
  const { signals, report } = buildSignals(parsed.interactions, ids);
  const bytes = encodeSignals(signals);
  const badLines = parsed.errors.slice(0, 5).map((e) => `line ${e.line}: ${e.message}`);
  return { bytes, summary: { ...report, bytes: bytes.byteLength, badLines } };
}

/**
 * The `index` section: trains the index the browser picks for `items.length` items on their
 * (decoded) vectors, exactly as the worker would, and returns its learnt state's bytes, or
 * undefined for a kind without a training step (small catalogs: an exact scan).
 */
export function indexSection(items: readonly SectionItem[], dims: number): Uint8Array | undefined {
  const { kind, options } = autoIndex(items.length);
  const index = createIndex(kind, dims, options);
  const vectors = new Float32Array(items.length * dims);
  const flat = new Int8Array(items.length * dims);
  items.forEach((item, i) => {
    flat.set(item.code, i * dims);
  });
  items.forEach((item, i) => {
    dequantizeInto(flat, i, dims, item.scale, vectors, i * dims);
  });
  index.add(
    items.map((i) => i.key),
    vectors,
  );
  if (!index.needsTraining) return undefined;
  index.train();
  const state = index.exportTraining();
  return state ? encodeTrainingState(state) : undefined;
}
