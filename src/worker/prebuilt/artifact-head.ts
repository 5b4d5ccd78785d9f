/**
 * The head of an artifact: what a first visit ranks with before the rest arrives. Its keys,
 * content hashes, the `coarse` sign bits (src/artifact/coarse.ts), the `high` bits of newer builds
 * (two bits per dimension with the signs: src/artifact/magnitudes.ts) and the index's learnt state,
 * fetched as byte ranges of the binary (artifact-sections.ts, each verified against the manifest):
 * about 90 B per item at 32k Steam items, against 542 for the whole file. With a head, the rest of
 * the artifact is fetched as ranges too (artifact-source.ts), so no byte comes twice.
 */
import {
  type ArtifactManifest,
  COARSE_SECTION,
  coarseNearest,
  coarseVectorInto,
  type HashLookup,
  HIGH_SECTION,
  hashLookup,
  isCoarseSection,
  keyRows,
  readHashes,
  readKeys,
} from '../../artifact/index.ts';

/**
 * Artifacts whose files total fewer bytes are fetched whole, without a head first: under ~4,000
 * items of 512-d, a phone's 10 Mbit/s link brings the whole file in under 2 s, and sign-vector
 * answers (recall@10 about .6) would only flash before the real ones.
 */
export const HEAD_MIN_BYTES = 2 * 1024 * 1024;

/** The sections a head holds (high bits and index state only when the manifest lists them). */
const HEAD_SECTIONS = ['keys', 'hashes', COARSE_SECTION];

/** An artifact's head, verified section by section. */
export class ArtifactHead {
  /** Each key's row (shared with every reader of the same keys: artifact/key-rows.ts). */
  private readonly row: ReadonlyMap<string, number>;

  private constructor(
    /** The manifest that vouches for the head (its sections' SHA-256s). */
    readonly manifest: ArtifactManifest,
    readonly keys: readonly string[],
    /** Undefined in the head's first part (`rankingNames`): enough to rank, not to match the catalog's items. */
    readonly hashes: readonly string[] | undefined,
    private readonly coarse: Uint8Array,
    /** The high bits (magnitudes.ts), in builds that have them: two bits per dimension with the signs. */
    private readonly high: Uint8Array | undefined,
    readonly dims: number,
    /** The `index` section (the index's learnt state), when the artifact has one. */
    readonly index: Uint8Array | undefined,
  ) {
    this.row = keyRows(keys);
  }

  /**
   * True when `manifest` lists the sections a head needs (artifacts of older builds do not) and its
   * files total at least `minBytes`.
   */
  static worthwhile(manifest: ArtifactManifest, minBytes = HEAD_MIN_BYTES): boolean {
    const bytes = manifest.files.reduce((sum, f) => sum + f.bytes, 0);
    return bytes >= minBytes && HEAD_SECTIONS.every((name) => manifest.sections.some((s) => s.name === name));
  }

  /** The names of the head's sections in `manifest`: its ranking part (`rankingNames`), then hashes. */
  static sectionNames(manifest: ArtifactManifest): string[] {
    return [...ArtifactHead.rankingNames(manifest), 'hashes'];
  }

  /**
   * What the head ranks with, fetched first: keys, coarse, and high and index when `manifest` lists
   * them. The hashes (16 B per item) come after: a first visit's early answers do not need them.
   */
  static rankingNames(manifest: ArtifactManifest): string[] {
    const listed = (name: string) => manifest.sections.some((s) => s.name === name);
    return ['keys', COARSE_SECTION, ...[HIGH_SECTION, 'index'].filter(listed)];
  }

  /** The head from its sections (`sectionNames`, or only `rankingNames`; each checked against `manifest`, fetched from `url`). */
  static fromSections(manifest: ArtifactManifest, got: ReadonlyMap<string, Uint8Array>, url: string): ArtifactHead {
    const { count } = manifest;
    const dims = manifest.model.dims;
    const keys = readKeys(got.get('keys')!, count, url);
    const hashes = got.has('hashes') ? readHashes(got.get('hashes')!, count, url) : undefined;
    const coarse = got.get(COARSE_SECTION)!;
    const high = got.get(HIGH_SECTION);
    for (const [name, bits] of [
      ['coarse', coarse],
      ['high', high],
    ] as const)
      if (bits && !isCoarseSection(bits, count, dims))
        throw new Error(`section "${name}" of ${url} does not fit ${count} items of ${dims} dimensions`);
    return new ArtifactHead(manifest, keys, hashes, coarse, high, dims, got.get('index'));
  }

  /** The content hash of every item by key (none before the hashes are in). */
  hashesByKey(): HashLookup {
    return hashLookup(this.hashes ? this.keys : [], this.hashes ?? []);
  }

  /**
   * The sign vectors of the entries whose key and content hash the head holds: those entries, and
   * their vectors row-major.
   */
  vectorsFor<E extends { key: string; hash: string }>(entries: readonly E[]): { found: E[]; vectors: Float32Array } {
    const found = entries.filter((e) => {
      const i = this.row.get(e.key);
      return i !== undefined && this.hashes?.[i] === e.hash;
    });
    const vectors = new Float32Array(found.length * this.dims);
    found.forEach((e, r) => {
      coarseVectorInto(this.coarse, this.row.get(e.key)!, this.dims, vectors, r * this.dims, this.high);
    });
    return { found, vectors };
  }

  /**
   * The `n` items nearest to item `key` by their sign (and high) bits (what a first visit shows
   * before the catalog is in), nearest first, with their cosine as `vectorsFor` reads them, and
   * their rows; `skip` leaves keys out. Undefined when the head lacks `key`.
   */
  nearest(key: string, n: number, skip: (key: string) => boolean): { key: string; row: number; score: number }[] | undefined {
    const row = this.row.get(key);
    if (row === undefined) return undefined;
    const near = coarseNearest(this.coarse, this.dims, row, n, (r) => skip(this.keys[r]!), this.high);
    return near.map((r) => ({ key: this.keys[r.row]!, row: r.row, score: r.score }));
  }
}
