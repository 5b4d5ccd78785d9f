/** The engine's `status()` answer, built from its lifecycle and context; it never waits for anything. */
import { listedReport } from '../catalog/report.ts';
import type { EngineStatus } from '../types/index.ts';
import type { EngineContext, Visit } from './context.ts';
import type { Lifecycle } from './lifecycle.ts';

/** A snapshot of the engine for the page. `visit` and `ctx` are undefined until init opened them. */
export function buildStatus(life: Lifecycle, visit: Visit | undefined, ctx: EngineContext | undefined): EngineStatus {
  const state = ctx?.state;
  const index = state?.index;
  const words = state?.wordOverlapStatus;
  const encoder = visit?.encoder.loaded;
  const since = (t: number) => Math.round(t - life.started);
  const savedAt = ctx?.saver.savedAt;
  const learned = ctx?.prebuilt.learned;
  return {
    phase: life.phase,
    items: state?.entries.size ?? 0,
    indexed: state?.indexed ?? 0,
    embedded: life.stats.embedded,
    fromCache: life.stats.fromCache,
    fromArtifact: ctx?.prebuilt.adopted ?? 0,
    encoderRuns: encoder?.runs ?? 0,
    backend: encoder?.backend,
    indexKind: index?.kind,
    indexTrained: index ? !index.needsTraining : undefined,
    indexKernels: index?.kernels,
    modelKey: ctx?.modelKey ?? '',
    timings: {
      firstResultsMs: life.stats.firstResultsMs,
      readyMs: life.stats.readyMs,
      embedMs: ctx?.embedding.ms ?? 0,
      trainMs: ctx?.training.ms ?? 0,
      ...(savedAt === undefined ? {} : { indexSavedMs: Math.round(savedAt - life.started) }),
      phases: { ...life.phaseTimes },
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
    ...(state?.keywordBuiltAt === undefined ? {} : { keywordIndex: { readyMs: since(state.keywordBuiltAt) } }),
    ...(learned ? { learned: { dims: learned.dims, items: learned.size, placed: learned.placed } } : {}),
    ...(ctx?.sampleCheck.state ? { vectorsCheck: ctx.sampleCheck.state } : {}),
    ...(ctx?.remote
      ? { remote: { url: ctx.remote.endpoint.url, available: ctx.remote.endpoint.available, ...ctx.remote.endpoint.counts } }
      : {}),
    report: life.report && listedReport(life.report),
    error: life.failure,
    storage: visit?.storageMode() ?? 'indexeddb',
  };
}
