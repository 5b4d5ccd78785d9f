/** The shape of bench/results/bench.json: conditions, then one entry per section. */

import type { ArtifactSizeRow } from './artifact-size.ts';
import type { runBundleSizes } from './bundle.ts';
import type { CatalogEditRow } from './catalog-edit-visit.ts';
import type { CliBuildRow } from './cli-build.ts';
import type { SectionConditions } from './conditions.ts';
import type { runDemoVisit } from './demo-visit.ts';
import type { EncoderResult } from './encoder.ts';
import type { IdbRow } from './idb.ts';
import type { KeywordSearchRow } from './keyword-search.ts';
import type { LatencyRow, memorySection } from './latency.ts';
import type { PhoneVisitRow } from './phone-visit.ts';
import type { runTransfer } from './transfer.ts';
import type { WidgetsReport } from './widgets.ts';
import type { WordOverlapRow } from './word-overlap.ts';

type FirstVisitRow = import('./first-visit.ts').FirstVisitRow;
type CliBuild = import('./first-visit.ts').CliBuild;

/** One row of bench/index-kernels (see bench/index-kernels/report.ts). */
export type IndexKernelsRow = import('./index-kernels/report.ts').Row;

/** What the index sections ran on: how many real vectors and how many perturbed copies. */
export interface VectorData {
  source: string;
  realVectorsEmbedded: number;
  heldOutQueries: number;
  realVectorsInIndex: number;
  /** Perturbed copies added to reach the largest size (smaller sizes use a prefix of the same rows). */
  perturbedCopies: number;
  perturbation: string;
  embeddedFromCache: boolean;
  embedMs: number;
}

export type DemoRun = Awaited<ReturnType<typeof runDemoVisit>>;

/** Each section carries the conditions its numbers depend on; a failed section holds `error`. */
export interface BenchReport {
  benchmark: 'inpage-rec';
  quick: boolean;
  conditions: Record<string, unknown>;
  /** Wall-clock seconds per step of the run. */
  durationsS: Record<string, number>;
  /**
   * 1-minute load average at the start and end of each step. The bench itself keeps about one core
   * busy; clearly more means other processes shared the CPU and the numbers are pessimistic.
   */
  loadAverage1m: Record<string, [number, number]>;
  /** Sections or cells that failed (the run goes on; these are bugs, not slow numbers). */
  errors: string[];
  sections: {
    encoder?: { conditions: SectionConditions; results: EncoderResult[] };
    queryLatency?: { conditions: SectionConditions; data: VectorData; k: number; sizes: number[]; rows: LatencyRow[] };
    memory?: ReturnType<typeof memorySection> & { conditions: SectionConditions };
    indexedDB?: { conditions: SectionConditions; data: string; rows: IdbRow[] };
    demoVisit?: { conditions: SectionConditions; runs: DemoRun[] };
    bundle?: ReturnType<typeof runBundleSizes> & { conditions: SectionConditions };
    /** bench/first-visit.ts: a fresh profile's first visit with and without prebuilt vectors. */
    firstVisit?: { conditions: SectionConditions; rows: FirstVisitRow[]; cliBuild?: CliBuild };
    /** bench/widgets.ts: main-thread tasks over 50 ms when a page adds 20 widgets at once. */
    widgets?: WidgetsReport & { conditions: SectionConditions };
    /** bench/transfer.ts: bytes a first visit sends over the wire, with and without precompressed files. */
    transfer?: Awaited<ReturnType<typeof runTransfer>> & { conditions: SectionConditions };
    /** bench/warm-start.ts: a returning visit, IndexedDB to the first vector-ranked answer (its own JSON, kept whole). */
    warmStart?: { conditions: Record<string, unknown>; rows: WarmStartRow[] };
    /** bench/phone-visit.ts: a first visit with prebuilt vectors on a phone and unthrottled (its own JSON, kept whole). */
    phoneVisit?: { conditions: Record<string, unknown>; rows: PhoneVisitRow[] };
    /** bench/artifact-size.ts: the artifact's bytes per item and the recall of what the page ranks with (its own JSON, kept whole). */
    artifactSize?: { conditions: Record<string, unknown>; rows: ArtifactSizeRow[] };
    /** bench/cli-build.ts: a cold `inpage-rec build` of the Steam catalog, int8 and float activations (its own JSON, kept whole). */
    cliBuild?: { conditions: Record<string, unknown>; rows: CliBuildRow[] };
    /** bench/catalog-edit-visit.ts: a returning visit after the site edited 1% of its catalog and rebuilt its vectors (its own JSON, kept whole). */
    catalogEditVisit?: { conditions: Record<string, unknown>; rows: CatalogEditRow[] };
    /** bench/index-kernels: our index kinds against hnswlib-wasm and EdgeVec in one page (its own JSON, kept whole). */
    indexKernels?: { conditions: Record<string, unknown>; rows: IndexKernelsRow[] };
    /** bench/word-overlap.ts: what word overlap costs (build, memory, per query), in Node. */
    wordOverlap?: { conditions: Record<string, unknown>; rows: WordOverlapRow[] };
    /** bench/keyword-search.ts: one keyword search (hybrid search's keyword half), in Node. */
    keywordSearch?: { conditions: Record<string, unknown>; rows: KeywordSearchRow[] };
  };
}

/** One catalog size of bench/warm-start.ts. */
export interface WarmStartRow {
  items: number;
  medianFirstVectorMs: number;
  minMs: number;
  maxMs: number;
  /** The first visit that filled IndexedDB from the prebuilt vectors (rendererPeakMB: null in older runs). */
  firstVisit?: { firstVectorMs: number; readyMs: number; rendererPeakMB?: number | null };
  warm: Array<{ firstVectorMs: number; readyMs: number; laterMs: number[]; afterReadyMs: number; fromCache: number; embedded: number }>;
}
