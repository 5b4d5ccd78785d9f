/**
 * The prebuilt-vectors artifact, format version 2: what `inpage-rec build` writes and what the
 * browser reads instead of embedding the catalog itself. Two static files in one folder:
 *
 * `manifest.json` (UTF-8 JSON, written with sorted-by-spec keys, 2-space indent, final newline):
 *
 *     {
 *       "format": "inpage-rec-vectors",     // always this string
 *       "version": 2,                       // readers refuse versions they do not know
 *       "generator": "inpage-rec 0.1.0",    // informational
 *       "model": { "id": "use-lite-en", "dtype": "q8", "dims": 512, "key": "use-lite-en:512:q8",
 *                  "file": "onnx/model_quantized.onnx", "sha256": "<64 hex: the model file used>" },
 *       "textRule": { "fingerprint": "<64 hex>", "rule": { "fields": [...], "flattenOthers": true,
 *                     "exclude": [...], "maxLength": 1000 } },
 *       "catalog": { "sha256": "<64 hex>", "bytes": 23696306 },  // optional, see below
 *       "count": 31935,                     // items
 *       "code": "int8-item-scale",          // the vector code (below; "int10-item-scale" with --dims)
 *       "files": [{ "name": "vectors-<16 hex>.bin", "bytes": 17364648, "sha256": "<64 hex>" }],
 *       "sections": [{ "name": "keys", "file": "vectors-<16 hex>.bin", "offset": 160,
 *                      "bytes": 349280, "sha256": "<64 hex>" }, ...]
 *     }
 *
 * `model.key` is `<id>:<dims>:<dtype>` (src/model-key.ts), the key every content hash includes.
 * `textRule.fingerprint` is SHA-256 over the resolved rule and the texts it gives for fixed probe
 * items (src/artifact/text-rule.ts), so it changes when the rule's options or its code change.
 * `catalog` (optional; absent in artifacts written before it existed, and when the catalog was not
 * read from bytes): SHA-256 and length of the exact catalog bytes the builder read (the file, or
 * the HTTP body after content decoding). A browser whose fetched catalog has the same digest, and
 * whose model key and text-rule fingerprint match, may take each item's content hash from the
 * artifact instead of computing its text and hash before the first answer; it then checks them
 * after answering (src/worker/catalog/trusted-catalog.ts). Readers that do not know the field ignore it.
 * The binary's name carries the first 16 hex digits of its SHA-256: it can be cached forever,
 * while `manifest.json` (the one fixed name) should be served with a short cache lifetime.
 *
 * The binary file (little-endian throughout):
 *
 *     offset  size  field
 *     0       8     magic, ASCII "IPRECVEC"
 *     8       4     u32 format version (2)
 *     12      4     u32 count: items
 *     16      4     u32 dims
 *     20      4     u32 sectionCount
 *     24      8     reserved, zero
 *     32      32*n  section table, one 32-byte entry per section:
 *                     16 bytes name (ASCII [a-z0-9-], NUL-padded), u64 offset, u64 byte length
 *     ...           section data, in table order; each section starts at a multiple of 8 bytes
 *                   (zero padding before it), the file ends where the last section ends
 *
 * Items are sorted by the UTF-8 bytes of their key (so the bytes do not depend on catalog order),
 * and every per-item section uses that order. The five required sections:
 *
 *     keys        count x u32 end offsets into the UTF-8 bytes that follow them (item i's key is
 *                 bytes[end(i-1), end(i)), end(-1) = 0), then the concatenated UTF-8 keys
 *     hashes      count x 16 bytes: the item's content hash (the library's 32 hex characters, i.e.
 *                 the first 16 bytes of SHA-256(model.key + "\0" + text)) as raw bytes
 *     scales      count x f32: the item's scale s (finite, >= 0)
 *     coarse      count x ceil(dims / 8) bytes: the signs of the item's code c, bit d (bit d & 7 of
 *                 byte d >> 3) set when c_d > 0 (src/artifact/coarse.ts)
 *     magnitudes  count x ceil(dims * 7 / 8) bytes: |c_d| in 7 bits per dimension, packed LSB
 *                 first (src/artifact/magnitudes.ts)
 *
 * and, in builds since it was added, one more for the code:
 *
 *     high        count x ceil(dims / 8) bytes, laid out as `coarse`: the top bit of |c_d|
 *                 (|c_d| >= 2^(b - 2) for a b-bit code); `magnitudes` then holds the other b - 2
 *                 bits per dimension (6 for int8), so the code takes the same bytes. A first
 *                 visit's head ranks with sign and high bit: two bits per dimension.
 *
 * The code c (int8, -127..127) is sign and magnitude joined; the item's vector is s * c (zero when
 * s = 0: an item with no text). The library's models output unit vectors, so its reader
 * re-normalises s * c, which removes the code's small length error. Version 1 stored c as one
 * `codes` section of count x dims int8; version 2 splits the same bits so that the signs alone,
 * 64 of the 512 bytes at 512-d, are what a first visit on a slow link fetches first and ranks with
 * (src/worker/prebuilt/artifact-head.ts). Readers of this library read version 2 only: nothing was
 * published in version 1, and a page refuses such an artifact with a message to rebuild it.
 *
 * Code "int8-item-scale": for a vector v, s = max|v_d| / 127 and c_d = round(v_d / s), so
 * |c_d| <= 127. One scale per item, not per dimension, so an item's bytes depend on its own
 * vector only: an incremental build copies unchanged items byte for byte, removed items leave
 * nothing behind, and no catalog-wide statistic drifts. Measured on all 32,135 Steam catalog
 * vectors (use-lite-en q8; `npx tsx test/artifact-measure.ts`: 1,000 queries, exact float32
 * top-10 as truth): recall@10 0.9929 with queries decoded from the artifact, 0.9942 with float32
 * queries; 541.9 bytes per item with Steam's ids as keys. In a side-by-side run on 1,000 random
 * queries, a per-dimension min/max code (FAISS QT_8bit, what the in-browser int8 index uses)
 * measured 0.9949 / 0.9965 against this code's 0.9946 / 0.9958: not enough to give up the
 * per-item stability. Cost: 512 code (64 signs + 448 magnitudes) + 4 scale + 16 hash + 4 key
 * offset bytes, plus the key.
 *
 * Code "int<b>-item-scale", b = 9 to 12: the same with M = 2^(b-1) - 1 in place of 127 and b - 1
 * bits per magnitude. `inpage-rec build --dims` writes "int10-item-scale": at 128 dimensions the
 * int8 code's rounding reorders a 32k catalog's near-ties (recall@10 .982 against the projected
 * floats; 10 bits: .996), and the dimensions it drops pay for the two bits (160 B of code per
 * item instead of 512).
 *
 * Patches (manifest field `patches`, optional; readers that do not know it ignore it): small files
 * that bring a returning visitor from an older build to this one. A patch is a binary of the same
 * layout with the five required sections only, holding this build's items whose key or content
 * hash differs from the build it starts `from` (the SHA-256 of that build's binary; items added
 * since included, items removed since absent: a page takes vectors only for its catalog's items).
 * A page that adopted the binary `from` fetches the patch instead of this build's binary:
 *
 *     "patches": [{ "from": "<64 hex>", "count": 321,
 *                   "file": { "name": "patch-<16 hex>.bin", "bytes": 175544, "sha256": "<64 hex>" },
 *                   "sections": [{ "name": "keys", "offset": 192, "bytes": 3210, "sha256": "<64 hex>" }, ...] }]
 *
 * `inpage-rec build` writes one per earlier build it still knows (from its previous output), up to
 * `MAX_PATCHES`, each at most `MAX_PATCH_SHARE` of the items; older visitors fetch the binary.
 *
 * Catalog patches (manifest field `catalogPatches`, optional, only beside `catalog`): the same for
 * the catalog file, from the catalog bytes with SHA-256 `from` to those `catalog` names. A JSON file
 * each (src/artifact/catalog-patch.ts documents it), `count` the records it holds:
 *
 *     "catalogPatches": [{ "from": "<64 hex>", "count": 321,
 *                          "file": { "name": "catalog-patch-<16 hex>.json", "bytes": 254310, "sha256": "<64 hex>" } }]
 *
 * Any other section is optional and named freely (e.g. `signals`, `learned`, `index`): bytes supplied by other
 * code, carried and verified here, interpreted by their owner. A section that refers to items
 * does so by index in the sorted order above. Readers keep sections they do not know.
 */

/** The `format` value of every manifest. */
export const ARTIFACT_FORMAT = 'inpage-rec-vectors';
/** The format version this code writes and the only one it reads. */
export const ARTIFACT_VERSION = 2;
/** The default vector code (its bytes are stored split: `coarse` and `magnitudes`). */
export const ARTIFACT_CODE = 'int8-item-scale';
/** A vector code's name: `int<bits>-item-scale`, 8 to 12 bits per dimension, sign included. */
export type ArtifactCode = `int${number}-item-scale`;

/** The code name for `bits` bits per dimension (8: {@link ARTIFACT_CODE}). */
export function artifactCode(bits: number): ArtifactCode {
  return `int${bits}-item-scale`;
}

/** Bits per dimension of the code named `code`, or undefined when the format does not know it. */
export function codeBits(code: unknown): number | undefined {
  const m = typeof code === 'string' ? /^int(8|9|10|11|12)-item-scale$/.exec(code) : null;
  return m ? Number(m[1]) : undefined;
}
/** The fixed name of the manifest in an artifact folder. */
export const MANIFEST_FILE = 'manifest.json';
/** The first 8 bytes of the binary file. */
export const MAGIC = 'IPRECVEC';
/** Bytes before the section table. */
export const HEADER_BYTES = 32;
/** Bytes per section-table entry. */
export const SECTION_ENTRY_BYTES = 32;
/** Longest section name (bytes of the table entry's name field). */
export const SECTION_NAME_BYTES = 16;
/** Bytes per stored content hash (32 hex characters). */
export const HASH_BYTES = 16;
/** Sections start at multiples of this, so a reader can view them as typed arrays in place. */
export const SECTION_ALIGN = 8;
/** The sections every version-2 file has, in the order the writer puts them. */
export const REQUIRED_SECTIONS = ['keys', 'hashes', 'scales', 'coarse', 'magnitudes'] as const;
/** Names no optional section may take: the required ones, and version 1's `codes`. */
export const RESERVED_SECTIONS: readonly string[] = [...REQUIRED_SECTIONS, 'codes', 'high'];
/** What a section name may look like. */
export const SECTION_NAME = /^[a-z][a-z0-9-]{0,15}$/;

/** The model an artifact's vectors come from. */
export interface ArtifactModel {
  /** Registry or Hugging Face id, e.g. `use-lite-en`. */
  id: string;
  dtype: 'fp32' | 'q8';
  dims: number;
  /** `<id>:<dims>:<dtype>`: what content hashes include and what a reader must match. */
  key: string;
  /** The model file used, relative to the model folder (e.g. `onnx/model_quantized.onnx`). */
  file: string;
  /** SHA-256 (hex) of that file. */
  sha256: string;
  /**
   * Optional: the projection the vectors went through (`inpage-rec build --dims`), from the
   * model's `inDims` to `dims`; its file (projection-file.ts) beside the manifest. The key's model
   * part then names it (`projectedModel`), so readers that do not know this field ignore the
   * artifact as another model's.
   */
  projection?: ArtifactProjection;
}

/** The projection file an artifact's vectors went through. */
export interface ArtifactProjection {
  /** The encoder's own dimensions, which the projection reads. */
  inDims: number;
  file: ArtifactFile;
}

/** The text rule the vectors were made with. */
export interface ArtifactTextRule {
  /** SHA-256 (hex) of the resolved rule and of the texts it gives for fixed probe items. */
  fingerprint: string;
  /** The resolved options (defaults applied). */
  rule: { fields: string[]; flattenOthers: boolean; exclude: string[]; maxLength: number };
}

/** One file of the artifact besides the manifest. */
export interface ArtifactFile {
  /** File name, relative to the manifest's folder (or URL). */
  name: string;
  bytes: number;
  sha256: string;
}

/** Where a named section lives and how to verify it. */
export interface ArtifactSection {
  name: string;
  /** The `files[].name` holding it. */
  file: string;
  /** Byte offset in that file. */
  offset: number;
  bytes: number;
  sha256: string;
}

/** The catalog file an artifact was built from (manifest field `catalog`, optional). */
export interface ArtifactCatalog {
  /** SHA-256 (hex) of the catalog's bytes as the builder read them. */
  sha256: string;
  bytes: number;
}

/** A patch from an older build's binary to this build (manifest `patches[]`). */
export interface ArtifactPatch {
  /** SHA-256 (hex) of the older build's binary (its `files[0].sha256`). */
  from: string;
  /** Items in the patch. */
  count: number;
  file: ArtifactFile;
  /** The patch binary's five required sections (their `file` is `file.name`). */
  sections: ArtifactSection[];
}

/** A catalog patch from an older build's catalog to this build's (manifest `catalogPatches[]`). */
export interface ArtifactCatalogPatch {
  /** SHA-256 (hex) of the older build's catalog bytes (its `catalog.sha256`). */
  from: string;
  /** Records in the patch. */
  count: number;
  file: ArtifactFile;
}

/** Patches kept per build: visitors more builds behind fetch the whole binary. */
export const MAX_PATCHES = 8;
/** A patch holding more than this share of the items is not written (the binary is about as small). */
export const MAX_PATCH_SHARE = 0.25;

/** The parsed `manifest.json`. */
export interface ArtifactManifest {
  format: typeof ARTIFACT_FORMAT;
  version: typeof ARTIFACT_VERSION;
  generator: string;
  model: ArtifactModel;
  textRule: ArtifactTextRule;
  /** The exact catalog bytes the vectors were built from, when the builder read bytes. */
  catalog?: ArtifactCatalog;
  count: number;
  code: ArtifactCode;
  files: ArtifactFile[];
  sections: ArtifactSection[];
  /** Patches from older builds to this one, newest base first (absent: none). */
  patches?: ArtifactPatch[];
  /** Catalog patches from older builds' catalogs to `catalog`, newest first (absent: none). */
  catalogPatches?: ArtifactCatalogPatch[];
  /** A few catalog records a first visit shows before the catalog is in (absent: none). */
  starter?: ArtifactStarter;
  /** The catalog's records in parts, in the artifact's row order (absent: none). */
  catalogParts?: ArtifactCatalogParts;
}

/**
 * The starter file (manifest `starter`, optional; readers that do not know it ignore it): UTF-8
 * JSON `{"basis": "popular" | "sample", "items": [<catalog record>, ...]}`, the full records of
 * a few catalog items, the most popular by the published signals' (differentially private)
 * popularity (`popular`), or a spread over the catalog's categories without signals (`sample`).
 * A first visit on a slow link shows them, marked, while the catalog itself downloads.
 */
export interface ArtifactStarter {
  basis: 'popular' | 'sample';
  /** Records in the file. */
  count: number;
  file: ArtifactFile;
}

/** What a starter file's name looks like. */
export const STARTER_FILE = /^starter-[0-9a-f]{16}\.json$/;

/**
 * The catalog in parts (manifest `catalogParts`, optional): UTF-8 JSON lists of the full records of
 * `rows` consecutive artifact rows each (the last the remainder), in `files` order: what a first
 * visit ranking by the head before the catalog is in shows (src/worker/prebuilt/head-answers.ts).
 */
export interface ArtifactCatalogParts {
  /** Records per file. */
  rows: number;
  files: ArtifactFile[];
}

/** What a catalog part's name looks like. */
export const CATALOG_PART_FILE = /^catalog-part-[0-9a-f]{16}\.json$/;
