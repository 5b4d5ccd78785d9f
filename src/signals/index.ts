/**
 * Site signals: a site's own interactions (orders, sessions), aggregated at build time into compact
 * per-item neighbour lists ("bought together", "viewed next") and a popularity prior. The build
 * CLI streams its file line by line through `InteractionsCsvReader` into an `InteractionCollector`,
 * then `signalsFromCollector` -> `encodeSignals` (for a string, `parseInteractionsCsv` ->
 * `buildSignals` does the same); the browser calls `decodeSignals` and reads them through
 * `SignalLookup`. No visitor, session or time is kept.
 */

export {
  aggregate,
  buildSignals,
  DEFAULT_SIGNALS_OPTIONS,
  exactSignals,
  flattenSessions,
  MAX_NEIGHBOURS,
  signalsFromCollector,
} from './build.ts';
export { decodeSignals, encodeSignals } from './codec.ts';
export { type CollectedInteractions, InteractionCollector, UNKNOWN_ID_SAMPLE } from './collect.ts';
export { type CsvLineError, type InteractionSink, InteractionsCsvReader, type ParsedInteractions, parseInteractionsCsv } from './csv.ts';
export { type CsvColumns, parseColumns } from './csv-columns.ts';
export { fnv1a } from './hash.ts';
export { SignalLookup, type SignalNeighbour } from './lookup.ts';
export { DEFAULT_EPSILON, type PrivacyOptions, type PrivacyReport } from './private.ts';
export { dequantize, popularityCount, quantizePopularity, quantizeWeight } from './quantize.ts';
export { MAX_EPSILON, privateSignals } from './release.ts';
export type { BuildSignalsOptions, ExactSignalsOptions, Interaction, NeighbourList, SignalsReport, SiteSignals } from './types.ts';
