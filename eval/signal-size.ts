/**
 * Wire size of the site signals (src/signals codec) for a dataset's interactions, with the shipped
 * build options: bytes per catalog item raw and gzipped (what a web server sends), and how many
 * items have lists. The budget is 200 bytes per item. Measured for the release a build publishes
 * (epsilon 1, seeded noise) and for the exact lists, the size a shop with far larger logs approaches.
 */
import { gzipSync } from 'node:zlib';
import {
  aggregate,
  DEFAULT_SIGNALS_OPTIONS,
  encodeSignals,
  flattenSessions,
  privateSignals,
  type SiteSignals,
} from '../src/signals/index.ts';
import { seededRandom } from '../src/signals/noise.ts';
import { EVAL_NOISE_SEED } from './blend-eval.ts';
import type { Dataset } from './dataset.ts';

/** One dataset's measurement. */
export interface SignalSize {
  dataset: string;
  /** 'published' (the private release) or 'exact'. */
  release: string;
  items: number;
  bytes: number;
  gzipBytes: number;
  perItem: number;
  gzipPerItem: number;
  withTogether: number;
  withNext: number;
}

/** Builds signals from all of `data`'s interactions, published and exact, and measures the encoded bytes. */
export function signalSize(data: Dataset): SignalSize[] {
  const ids = data.items.map((i) => i.id);
  const published = privateSignals(flattenSessions(data.sequences), ids, DEFAULT_SIGNALS_OPTIONS, {
    random: seededRandom(EVAL_NOISE_SEED),
  }).signals;
  return [
    measure(data, 'published (epsilon 1)', published),
    measure(data, 'exact (not published)', aggregate(data.sequences, ids, { ...DEFAULT_SIGNALS_OPTIONS })),
  ];
}

function measure(data: Dataset, release: string, signals: SiteSignals): SignalSize {
  const ids = data.items;
  const bytes = encodeSignals(signals);
  const gz = gzipSync(bytes, { level: 9 }).length;
  return {
    dataset: data.name,
    release,
    items: ids.length,
    bytes: bytes.length,
    gzipBytes: gz,
    perItem: bytes.length / ids.length,
    gzipPerItem: gz / ids.length,
    withTogether: signals.together.filter((l) => l.rows.length).length,
    withNext: signals.next.filter((l) => l.rows.length).length,
  };
}

/** Markdown rows for the sizes. */
export function signalSizeTable(sizes: readonly SignalSize[]): string {
  const o = DEFAULT_SIGNALS_OPTIONS;
  return [
    `**Site signals on the wire** (all interactions; maxNeighbours ${o.maxNeighbours}, window ${o.window}; exact: minSupport ${o.minSupport}; budget 200 bytes per item)`,
    '',
    '| dataset | release | items | bytes | per item | gzip per item | items with "together" / "next" |',
    '|---|---|---|---|---|---|---|',
    ...sizes.map(
      (s) =>
        `| ${s.dataset} | ${s.release} | ${s.items.toLocaleString('en-US')} | ${s.bytes.toLocaleString('en-US')} | ${s.perItem.toFixed(1)} | ${s.gzipPerItem.toFixed(1)} | ${s.withTogether.toLocaleString('en-US')} / ${s.withNext.toLocaleString('en-US')} |`,
    ),
  ].join('\n');
}
