/**
 * The learned space in the page (the artifact's `learned` section, section.ts): every artifact
 * item's query and target vectors, a flat index over the target sides, and the map f that places
 * an item the build never saw. "For you" ranks candidates by query(anchor) . target(candidate).
 *
 * An item added after the build (or left out of the artifact) is placed from its text vector the
 * page already has: both sides are f(text), as the build gives every item the logs never name, so
 * it ranks at once with no retraining.
 */
import type { ScoreCalibration } from '../recommend/calibration.ts';
import type { TextFallback } from '../recommend/candidates.ts';
import type { RankedItem } from '../recommend/types.ts';
import { createIndex, type FlatIndex, type VectorIndex } from '../vector-index/index.ts';
import { projectInto } from './learned-map.ts';
import type { LearnedSpace } from './section.ts';
import { spaceCalibration } from './space-calibration.ts';

/** The learned space of one artifact, extended by the items placed in the page. */
export class LearnedLookup {
  /** The target sides, searchable. */
  readonly targets: FlatIndex;
  /**
   * Row of each artifact item in the space's query side. Rows, not a view per item: 100k small
   * typed-array objects weighed on the worker's garbage collector for as long as the page lived.
   */
  private readonly rows = new Map<string, number>();
  /** The query sides of items placed in the page (`place`). */
  private readonly placedQueries = new Map<string, Float32Array>();
  private calibrated: ScoreCalibration | undefined;
  /** Catalog maps `placeCatalog` scanned, each with how many of its keys then had no text vector. */
  private readonly scanned = new WeakMap<object, number>();
  private meanQuery: Float32Array | undefined;
  /** 1 for each artifact row whose two sides are equal (see `textOnly`); computed on first use. */
  private textOnlyRows: Uint8Array | undefined;

  /** `keys[i]` is the item of row i of `space` (the artifact's sorted keys). */
  constructor(
    private readonly space: LearnedSpace,
    keys: readonly string[],
  ) {
    if (keys.length !== space.count) throw new RangeError(`the learned space holds ${space.count} items, ${keys.length} keys given`);
    const d = space.map.outDims;
    this.targets = createIndex('flat', d);
    this.targets.add([...keys], space.vectors[space.sides - 1]!);
    keys.forEach((key, i) => {
      this.rows.set(key, i);
    });
  }

  /** Dimensions of the space. */
  get dims(): number {
    return this.space.map.outDims;
  }

  /** Items with a place in the space. */
  get size(): number {
    return this.rows.size + this.placedQueries.size;
  }

  /** Items this page placed from their text (`place`). */
  get placed(): number {
    return this.placedQueries.size;
  }

  /** Whether `key` has a place in the space (from the artifact or placed here). */
  has(key: string): boolean {
    return this.rows.has(key) || this.placedQueries.has(key);
  }

  /** The query side of `key` (what an anchor searches with); undefined for an item not placed. */
  query = (key: string): Float32Array | undefined => {
    const row = this.rows.get(key);
    if (row === undefined) return this.placedQueries.get(key);
    const d = this.dims;
    return this.space.vectors[0]!.subarray(row * d, (row + 1) * d);
  };

  /**
   * Whether the space places `key` from its text alone: an item the build's logs never named (it
   * has no offsets, so its query and target sides are the same f(text)), or one placed in the
   * page. The space ranks such items far below what their text says (Office validation, items
   * removed from the logs: HR@10 .0791 in the raw space, .0470 in the learned one), so "for you"
   * ranks them by their text vectors instead (`TextFallback`). A one-sided space cannot tell: false.
   */
  textOnly = (key: string): boolean => {
    const row = this.rows.get(key);
    if (row === undefined) return this.placedQueries.has(key);
    return this.textOnlyArtifactRows()[row] === 1;
  };

  /** 1 for each artifact row whose two sides are equal (none for a one-sided space). */
  private textOnlyArtifactRows(): Uint8Array {
    const { space } = this;
    this.textOnlyRows ??=
      space.sides === 1 ? new Uint8Array(space.count) : equalRows(space.vectors[0]!, space.vectors[1]!, space.count, this.dims);
    return this.textOnlyRows;
  }

  /**
   * Ranks the `textOnly` items by the page's text vectors (`index`, whose random-pair scale is
   * `raw`) instead of their place here, their text cosines put on this space's scale by z-score.
   */
  textFallback(index: VectorIndex, raw: ScoreCalibration): TextFallback | undefined {
    // None to rank that way: no search of the text index for candidates no filter would pass.
    if (this.placedQueries.size === 0 && !this.textOnlyArtifactRows().includes(1)) return undefined;
    const own = this.calibration();
    return { index, covers: this.textOnly, rescale: (cosine) => own.mean + own.std * raw.z(cosine) };
  }

  /**
   * Places items the space lacks from their text vectors (`vector(key)`, the page's own): both
   * sides f(text). Returns how many were placed; items without a text vector are skipped.
   */
  place(keys: Iterable<string>, vector: (key: string) => Float32Array | undefined): number {
    const { map } = this.space;
    const placedKeys: string[] = [];
    const placed: Float32Array[] = [];
    for (const key of keys) {
      if (this.has(key)) continue;
      const v = vector(key);
      if (!v || v.length !== map.inDims) continue;
      const out = new Float32Array(map.outDims);
      projectInto(map, v, 0, out);
      this.placedQueries.set(key, out);
      placedKeys.push(key);
      placed.push(out);
    }
    if (placedKeys.length === 0) return 0;
    const rows = new Float32Array(placed.length * map.outDims);
    placed.forEach((v, i) => {
      rows.set(v, i * map.outDims);
    });
    this.targets.add(placedKeys, rows);
    return placedKeys.length;
  }

  /**
   * `place` over a whole catalog (`entries`: the worker's map of the catalog now, replaced by a new
   * map on every edit). Each map is scanned once, and again only while some of its keys still wait
   * for a text vector: "for you" and "bought together" call this before every ranking, and a
   * scan of 100k keys cost ~20 ms a call.
   */
  placeCatalog(entries: ReadonlyMap<string, unknown>, vector: (key: string) => Float32Array | undefined): number {
    if (this.scanned.get(entries) === 0) return 0;
    let waiting = 0;
    const placed = this.place(entries.keys(), (key) => {
      const v = vector(key);
      if (!v) waiting++;
      return v;
    });
    this.scanned.set(entries, waiting);
    return placed;
  }

  /**
   * The items the space expects next from anywhere: every target side scored against the mean of
   * the artifact's query sides, best first, the first `k` that `keep` accepts. What "for you" shows
   * a visitor with no history when the published signals name too few popular items (the mean is
   * computed once, over the items the logs named). Scored by that dot product. Only items the logs
   * named (not `textOnly`): the place of an item they never named says nothing of how often it is
   * opened. MovieLens validation, first item: HR@10 .0038 with every item in the mean and the
   * list, .0153 with the named ones only (Office .0145 either way).
   */
  popular(k: number, keep: (key: string) => boolean): RankedItem[] {
    if (k <= 0) return [];
    this.meanQuery ??= this.namedMeanQuery();
    const out: RankedItem[] = [];
    // A few times k, then the whole space when the filter left too few.
    for (const pool of k * 4 < this.size ? [k * 4, this.size] : [this.size]) {
      out.length = 0;
      for (const hit of this.targets.search(this.meanQuery, pool)) {
        if (keep(hit.key) && !this.textOnly(hit.key)) out.push({ key: hit.key, score: hit.score });
        if (out.length === k) return out;
      }
    }
    return out;
  }

  /** The mean query side of the items the logs named (a text-only item's has learned nothing of where visitors go next). */
  private namedMeanQuery(): Float32Array {
    const d = this.dims;
    const query = this.space.vectors[0]!;
    const textOnly = this.textOnlyArtifactRows();
    const mean = new Float32Array(d);
    for (let i = 0; i < this.space.count; i++) if (!textOnly[i]) for (let j = 0; j < d; j++) mean[j]! += query[i * d + j]!;
    return mean;
  }

  /** The random-pair scale of query . target scores (sampled once, seeded; the blend's z-scores use it). */
  calibration(): ScoreCalibration {
    const { vectors, sides, count } = this.space;
    this.calibrated ??= spaceCalibration(vectors[0]!, vectors[sides - 1]!, this.dims, count);
    return this.calibrated;
  }
}

/** 1 for each row i where `a` and `b` hold the same `d` values. */
function equalRows(a: Float32Array, b: Float32Array, count: number, d: number): Uint8Array {
  const out = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    let j = i * d;
    const end = j + d;
    while (j < end && a[j] === b[j]) j++;
    out[i] = j === end ? 1 : 0;
  }
  return out;
}
