/**
 * The bench summary's sections on what a page visit costs: the demo page's first and warm visits,
 * bytes over the wire, bundle sizes, returning visits from IndexedDB, and first visits with and
 * without prebuilt vectors (unthrottled and on a phone), a returning visit after a catalog edit, and
 * the main thread under 20 widgets.
 */
import { type ConditionsLine, int, kib, ownSection, table } from './md-table.ts';
import type { BenchReport } from './report.ts';
import { median, mib } from './stats.ts';

type Sections = BenchReport['sections'];

/** Navigation start to the first rendered recommendations, first visit and warm, per isolation mode. */
export function demoVisitSection(d: NonNullable<Sections['demoVisit']>, cond: ConditionsLine): string[] {
  const head = [
    'page',
    'encoder backend (first visit)',
    'first visit: first list ms',
    'first visit: ready ms',
    'warm: first recs ms',
    'warm: ready ms',
    'warm: DOMContentLoaded ms',
    'MiB served first / warm',
  ];
  const rows = d.runs.map((r) => {
    const b = r.backend as { device?: string; threads?: number } | undefined;
    return [
      r.crossOriginIsolated ? 'cross-origin isolated' : 'not isolated',
      b ? `${b.device}, ${b.threads} thread(s)` : null,
      r.firstVisit.firstRecommendationsMs,
      r.firstVisit.readyMs,
      r.warmMedian.firstRecommendationsMs,
      r.warmMedian.readyMs,
      r.warmMedian.domContentLoadedMs,
      `${mib(r.firstVisit.bytesServed)} / ${mib(r.warmMedian.bytesServed)}`,
    ];
  });
  return [
    '## Demo page: navigation start to first recommendations rendered',
    '',
    cond(d.conditions),
    '',
    `Warm = the same browser context navigating to the page again (vectors in IndexedDB, no model download); median of ${d.runs[0]?.warmVisits.length ?? 0} visits. Rendered = first \`li.item\` in \`#for-you\`'s shadow root (+-1 frame). On a first visit the first list is the catalog order the widget shows before any vector exists; "ready" is when every item is embedded and indexed.`,
    '',
    table(head, rows),
    '',
  ];
}

/** Bytes a first visit sends, with and without precompressed files, and its three biggest files. */
export function transferSection(t: NonNullable<Sections['transfer']>, cond: ConditionsLine): string[] {
  const top = (r: (typeof t.runs)[number], suffix: string) => r.files.find((f) => f.path.endsWith(suffix));
  const rows = t.runs.map((r) => [
    r.compressed ? 'precompressed .br/.gz' : 'uncompressed',
    r.requests,
    mib(r.bytes),
    mib(top(r, '.wasm')?.bytes ?? 0),
    mib(top(r, '.onnx')?.bytes ?? 0),
    kib(top(r, '.worker.js')?.bytes ?? 0),
  ]);
  return [
    '## First visit: bytes over the wire',
    '',
    cond(t.conditions),
    '',
    t.method,
    '',
    table(['server', 'requests', 'MiB sent', 'ORT WASM MiB', 'model MiB', 'worker KiB'], rows),
    '',
  ];
}

/** Raw and gzip size of every shipped file, and the total a first visit downloads. */
export function bundleSection(b: NonNullable<Sections['bundle']>, cond: ConditionsLine): string[] {
  const rows = [
    ...b.files.map((f) => [f.file, f.what, kib(f.rawBytes), kib(f.gzipBytes), f.firstVisit ? 'yes' : '']),
    [
      '**first visit total**',
      `${b.firstVisitTotal.files.length} files`,
      kib(b.firstVisitTotal.rawBytes),
      kib(b.firstVisitTotal.gzipBytes),
      '',
    ],
  ];
  return [
    '## Bundle and download sizes',
    '',
    cond(b.conditions),
    '',
    table(['file', 'what', 'raw KiB', 'gzip KiB', 'first visit'], rows),
    '',
  ];
}

/** A returning visit per catalog size: IndexedDB to the first vector-ranked answer (bench/warm-start.ts). */
export function warmStartSection(w: NonNullable<Sections['warmStart']>): string[] {
  return ownSection(
    'Returning visit: IndexedDB to the first vector-ranked answer',
    w.conditions,
    [
      'items',
      'first vector-ranked ms (median, min-max)',
      'ready ms (median)',
      'slowest similar() before ready ms',
      'similar() after ready ms',
      'from IndexedDB',
      'embedded',
      'first visit: first vector-ranked / ready ms, renderer peak MB',
    ],
    w.rows.map((r) => [
      int(r.items),
      `${int(r.medianFirstVectorMs)} (${int(r.minMs)}-${int(r.maxMs)})`,
      int(median(r.warm.map((v) => v.readyMs))),
      Math.max(0, ...r.warm.flatMap((v) => v.laterMs)).toFixed(1),
      median(r.warm.map((v) => v.afterReadyMs)).toFixed(1),
      int(r.warm[0]?.fromCache ?? 0),
      int(r.warm[0]?.embedded ?? 0),
      r.firstVisit ? `${int(r.firstVisit.firstVectorMs)} / ${int(r.firstVisit.readyMs)}, ${r.firstVisit.rendererPeakMB ?? '-'}` : '-',
    ]),
  );
}

/** A fresh profile's first visit per catalog, with and without prebuilt vectors, then the CLI build of them. */
export function firstVisitSection(f: NonNullable<Sections['firstVisit']>, cond: ConditionsLine): string[] {
  const head = [
    'catalog',
    'items',
    'prebuilt vectors',
    'first vector-ranked ms',
    'ready ms',
    'MiB transferred',
    'CPU ms',
    'from artifact',
    'embedded',
  ];
  const rows = f.rows.map((r) => [
    r.catalog,
    int(r.items),
    r.artifact ? 'yes' : 'no',
    r.firstVectorMs === null
      ? null
      : `${int(r.firstVectorMs)}${r.projected ? ` (projected at ${r.projected.itemsPerSecond} items/s)` : ''}`,
    r.readyMs === null ? (r.projected ? 'not waited for' : null) : int(r.readyMs),
    (r.bytes / 1048576).toFixed(2),
    int(r.cpuMs),
    int(r.fromArtifact),
    int(r.embedded),
  ]);
  const out = ['## First visit, with and without prebuilt vectors', '', cond(f.conditions), '', table(head, rows), ''];
  if (f.cliBuild) {
    const b = f.cliBuild;
    out.push(
      `\`inpage-rec build\` of that catalog: ${int(b.items)} items, ${int(b.embedded)} embedded in ${int(b.ms)} ms${b.itemsPerSecond ? ` (${b.itemsPerSecond} items/s in the encoder)` : ' (incremental: nothing changed)'}`,
      '',
    );
  }
  return out;
}

/** 20 widgets added at once: the main thread's tasks over 50 ms, per round and when the widgets came. */
export function widgetsSection(w: NonNullable<Sections['widgets']>, cond: ConditionsLine): string[] {
  const rows = w.rounds.map((r, i) => [
    Math.floor(i / 2) + 1,
    r.when,
    int(r.allRenderedMs),
    r.longTasks.length,
    r.longTasks.length ? r.maxTaskMs.toFixed(1) : '-',
  ]);
  return [
    `## ${w.widgets} widgets at once: main-thread tasks over 50 ms`,
    '',
    cond(w.conditions),
    '',
    table(['round', 'widgets added', 'all listed after ms', 'tasks over 50 ms', 'longest ms'], rows),
    '',
    `Control: a blank page's first currency formatter (ICU's data load, which the worker now does): ${w.coldIntlMs.join(', ')} ms.`,
    '',
  ];
}

/** A first visit with prebuilt vectors on a phone and unthrottled: when the widget shows cards (bench/phone-visit.ts). */
export function phoneVisitSection(p: NonNullable<Sections['phoneVisit']>): string[] {
  return ownSection(
    "First visit on a phone: the widget's first cards",
    p.conditions,
    [
      'condition',
      'items',
      'first cards ms',
      'first vector-ranked cards ms',
      'MiB sent (largest file)',
      'renderer peak MB (at the cards / settled)',
    ],
    p.rows.map((r) => {
      const [path, bytes] = Object.entries(r.bytesByPath)[0] ?? ['-', 0];
      return [
        r.condition,
        int(r.items),
        r.firstCardsMs === null ? '-' : `${int(r.firstCardsMs)}${r.firstCardsWarming ? ' (warming)' : ''}`,
        r.firstVectorCardsMs === null ? '-' : int(r.firstVectorCardsMs),
        `${mib(r.bytes)} (${path.split('/').pop()} ${mib(bytes)})`,
        `${r.rendererPeakMB ?? '-'} / ${r.rendererPeakSettledMB ?? '-'}`,
      ];
    }),
  );
}

/** The artifact's bytes per item (whole and head) and recall@10 of what the page ranks with (bench/artifact-size.ts). */
export function artifactSizeSection(a: NonNullable<Sections['artifactSize']>): string[] {
  return ownSection(
    'Artifact size: bytes per item and recall',
    a.conditions,
    [
      'artifact',
      'code',
      'bytes per item',
      'head bytes per item',
      'recall@10, exact scan',
      "recall@10, the page's index",
      'against raw 512-d',
    ],
    a.rows.map((r) => [
      r.variant,
      r.code,
      r.bytesPerItem.toFixed(1),
      r.headBytesPerItem.toFixed(1),
      r.recallAt10.flat.toFixed(4),
      `${r.recallAt10.index.toFixed(4)} (${r.index})`,
      r.recallVsRaw.toFixed(4),
    ]),
  );
}

/** A cold `inpage-rec build` of the Steam catalog, with the build's int8 activations and with the page's graph (bench/cli-build.ts). */
export function cliBuildSection(c: NonNullable<Sections['cliBuild']>): string[] {
  return ownSection(
    'inpage-rec build: a cold build',
    c.conditions,
    ['activations', 'items', 'embedded', 'seconds', 'encoder items/s', 'peak MB', 'runtime'],
    c.rows.map((r) => [
      r.activations,
      int(r.items),
      int(r.embedded),
      r.seconds.toFixed(1),
      int(r.itemsPerSecond),
      r.peakMB ?? '-',
      (r.runtime ?? '-').replace(/^Node: /, ''),
    ]),
  );
}

/** A returning visit after the site edited a share of its catalog and rebuilt its vectors with the CLI (bench/catalog-edit-visit.ts). */
export function catalogEditVisitSection(c: NonNullable<Sections['catalogEditVisit']>): string[] {
  const head = [
    'items',
    'edited items',
    'artifact MiB',
    'returning visit: MiB sent',
    'artifact MiB sent (share)',
    'catalog MiB sent (file or patch)',
  ];
  head.push('first vector-ranked cards ms', 'ready ms', 'embedded in the page', 'CLI rebuild ms (embedded)');
  return ownSection(
    'Returning visit after a catalog edit: what it downloads',
    c.conditions,
    head,
    c.rows.map((r) => [
      int(r.items),
      int(r.editedItems),
      mib(r.artifactBytes),
      mib(r.returning.bytes),
      `${mib(r.returning.artifactBytesSent)} (${(r.returning.artifactShare * 100).toFixed(1)}%)`,
      mib(r.returning.catalogBytesSent),
      r.returning.firstVectorCardsMs === null ? '-' : int(r.returning.firstVectorCardsMs),
      r.returning.readyMs === null ? '-' : int(r.returning.readyMs),
      int(r.returning.status.embedded),
      `${int(r.cliBuild.ms)} (${int(r.cliBuild.embedded)})`,
    ]),
  );
}
