/** The engine's `status()` answer, built from its parts; it never waits for anything. */
import type { Encoder } from '../encoder/index.ts';
import type { CatalogReport, EngineStatus, Phase } from '../types.ts';
import type { CatalogState } from './catalog-state.ts';
import type { StorageMode } from './resilient-store.ts';

/** What the engine counts as it works. */
export interface EngineStats {
  embedded: number;
  fromCache: number;
  embedMs: number;
  firstResultsMs: number | undefined;
  readyMs: number | undefined;
}

/** Everything `buildStatus` reads. `state` is undefined before the store opened. */
export interface StatusParts {
  phase: Phase;
  state: CatalogState | undefined;
  encoder: Encoder | undefined;
  stats: EngineStats;
  fromArtifact: number;
  trainMs: number;
  /** When the index's state (and codes) were last saved for the next visit, ms after the worker started. */
  indexSavedMs: number | undefined;
  phaseTimes: Partial<Record<Phase, number>>;
  modelKey: string;
  report: CatalogReport | undefined;
  failure: EngineStatus['error'];
  storage: StorageMode;
  /** The worker's start (`performance.now()`), what the word index's times count from. */
  started: number;
}

/** A snapshot of the engine for the page. */
export function buildStatus(p: StatusParts): EngineStatus {
  const index = p.state?.index;
  const words = p.state?.termsStatus;
  const since = (t: number) => Math.round(t - p.started);
  return {
    phase: p.phase,
    items: p.state?.entries.size ?? 0,
    indexed: p.state?.indexed ?? 0,
    embedded: p.stats.embedded,
    fromCache: p.stats.fromCache,
    fromArtifact: p.fromArtifact,
    encoderRuns: p.encoder?.runs ?? 0,
    backend: p.encoder?.backend,
    indexKind: index?.kind,
    indexTrained: index ? !index.needsTraining : undefined,
    indexKernels: index?.kernels,
    modelKey: p.modelKey,
    timings: {
      firstResultsMs: p.stats.firstResultsMs,
      readyMs: p.stats.readyMs,
      embedMs: p.stats.embedMs,
      trainMs: p.trainMs,
      ...(p.indexSavedMs === undefined ? {} : { indexSavedMs: Math.round(p.indexSavedMs) }),
      phases: { ...p.phaseTimes },
    },
    ...(words
      ? {
          wordIndex: {
            from: words.from,
            readyMs: since(words.at),
            ...(words.savedAt === undefined ? {} : { savedMs: since(words.savedAt) }),
          },
        }
      : {}),
    ...(p.state?.keywordBuiltAt === undefined ? {} : { keywordIndex: { readyMs: since(p.state.keywordBuiltAt) } }),
    report: p.report,
    error: p.failure,
    storage: p.storage,
  };
}
