/**
 * An index's recipe: its composition written as a string, in the spirit of FAISS's index_factory
 * ("IVF256,SQ8"). It is the index's identity for its learnt state: a TrainingState (or saved codes)
 * is imported only into an index of the same recipe, checked by string equality before importing.
 * This is the one place the grammar is written:
 *
 *   recipe = [ "ivf," ] scan [ "," rerank ]
 *   scan   = "flat"                  float32 rows, scored exactly
 *          | "int8"                  int8 codes (a range per dimension)
 *          | "binary"                sign bits around a per-dimension mean (Hamming distance)
 *   rerank = "float"                 the scan's candidates re-scored from float32 rows (exact)
 *          | "int16"                 ... from 16-bit rows with a scale each (int16-store.ts)
 *          | "int8"                  ... from int8 codes (after a binary scan)
 *          | "int8,residual1"        ... from int8 codes, then one residual bit per dimension
 *          | "residual1"             ... one residual bit per dimension over the scanned int8 codes
 *
 * Stages are listed in the order a search applies them; "ivf" restricts the scan to the nearest
 * inverted lists. The number of lists is not part of the recipe: it is learnt at training time and
 * travels in the state (`ivf.nlist`), so any list count imports into an "ivf,..." index.
 *
 * What `createIndex` builds: 'flat' "flat"; 'int8' "int8,float" ("int8" with `refine: 'none'`);
 * 'binary' "binary,int8,residual1" ("binary,float", "binary,int16", "binary,int8" or "binary" with
 * `refine` 'float32', 'int16', 'int8', 'none'); 'ivf' "ivf,flat"; 'ivf-int8' "ivf,int8,float";
 * 'ivf-binary' "ivf,binary,int8,residual1". `autoIndex` picks "flat", "binary,int16" or
 * "binary,int8,residual1". A state trained for "binary,float" (an artifact or a visit before the
 * 16-bit rows) does not import into "binary,int16": the page trains its index anew, once.
 */
import type { CodeKind, RefineKind } from './parts.ts';
import type { TrainingState } from './types.ts';

/** The parts of a composition that decide its recipe (an `IndexParts` has them all). */
export interface RecipeParts {
  readonly codes: CodeKind;
  readonly refine: RefineKind;
  readonly ivf: boolean;
  /** Present when the index holds int8 codes. */
  readonly int8: object | undefined;
  /** Present when the index holds residual bits. */
  readonly residual: object | undefined;
}

/** The recipe of an index composed of `parts` (see the grammar above). */
export function recipeOf(parts: RecipeParts): string {
  const stages = parts.ivf ? ['ivf'] : [];
  stages.push(parts.codes === 'float32' ? 'flat' : parts.codes);
  // A float scan is exact: whatever `refine` says, nothing re-scores it (search-stage.ts).
  if (parts.codes !== 'float32') {
    if (parts.refine === 'float32') stages.push('float');
    else if (parts.refine === 'int16') stages.push('int16');
    else if (parts.codes === 'binary' && parts.int8) stages.push('int8');
    if (parts.residual) stages.push('residual1');
  }
  return stages.join(',');
}

/**
 * Recipes of the states saved before states recorded one, by kind and by whether the state has
 * int8 ranges. Those states (in visitors' IndexedDB, and in the `index` section of artifacts built
 * by the previous release) were all trained by indexes the worker or the CLI built, with
 * `createIndex(kind)` defaults or `autoIndex` options, so kind and arrays tell the recipe apart:
 * a 'binary' state without int8 ranges can only come from auto's float re-rank.
 */
const LEGACY_RECIPES: Readonly<Record<string, { withInt8?: string; withoutInt8?: string }>> = {
  int8: { withInt8: 'int8,float' },
  binary: { withInt8: 'binary,int8,residual1', withoutInt8: 'binary,float' },
  ivf: { withoutInt8: 'ivf,flat' },
  'ivf-int8': { withInt8: 'ivf,int8,float' },
  'ivf-binary': { withInt8: 'ivf,binary,int8,residual1' },
};

/**
 * The recipe of the index `state` was trained for. Compatibility decision for states without a
 * recipe (saved before recipes existed): their recipe is derived when it is unambiguous (see
 * `LEGACY_RECIPES`), so a returning visitor and a prebuilt artifact of the previous release keep
 * skipping the training; otherwise it is undefined, which equals no index's recipe, so the state
 * is not imported and the index trains anew, as for any other mismatch.
 */
export function trainingRecipe(state: Pick<TrainingState, 'recipe' | 'kind' | 'int8'>): string | undefined {
  if (typeof state.recipe === 'string') return state.recipe;
  const legacy = Object.hasOwn(LEGACY_RECIPES, state.kind) ? LEGACY_RECIPES[state.kind] : undefined;
  return state.int8 ? legacy?.withInt8 : legacy?.withoutInt8;
}
