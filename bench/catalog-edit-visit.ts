import { copyFileSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { type BrowserContext, chromium, type Page } from '@playwright/test';
import { ROOT } from '../test/paths.ts';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../tools/browser.ts';
import { type StaticServer, serve } from '../tools/serve.ts';
import { artifactSize, compressAll, copyArtifact, editCatalog, rebuild } from './catalog-edit-data.ts';
import { writeResult } from './results.ts';
import { benchDims, prepareWarmStart, WARM_START_WORK } from './warm-start-data.ts';

const WORK = join(ROOT, '.cache', 'bench-catalog-edit');
const log = (line: string) => console.log(`[catalog-edit-visit] ${line}`);

/** The page: the script tag at fixed URLs, one similar widget; renders, phases and refreshes timed from navigation start. */
function page(first: string): string {
  return `<!doctype html><html lang="en"><meta charset="utf-8"><title>catalog edit visit</title>
<link rel="stylesheet" href="/inpage-rec.css">
<script>
  window.__renders = []; window.__phases = []; window.__refreshes = [];
  const at = () => Math.round(performance.now());
  document.addEventListener('inpage-rec:render', (e) => window.__renders.push({ ms: at(), count: e.detail.count, warming: e.detail.warming }));
  document.addEventListener('inpage-rec:error', (e) => { window.__error = String(e.detail && (e.detail.message || e.detail.code)); });
  document.addEventListener('DOMContentLoaded', () => {
    window.inpageRec?.on('phase', (e) => window.__phases.push({ phase: e.phase, ms: at() }));
    window.inpageRec?.on('refresh', (e) => window.__refreshes.push({ reason: e.reason, ms: at() }));
  });
</script>
<script src="/inpage-rec.js" data-catalog="/site/catalog.json" data-vectors="/site/vectors/manifest.json" data-namespace="edit" defer></script>
<h1>A product page</h1>
<inpage-rec mode="similar" item-id="${first}" k="8"></inpage-rec>`;
}

type Render = { ms: number; count: number; warming: boolean };
type Mark = { phase?: string; reason?: string; ms: number };
/** The part of the recommender's `status()` kept (all but its catalog report). */
type Status = { phase: string; embedded: number; fromCache: number; fromArtifact?: number; indexKind?: string; [more: string]: unknown } & {
  timings: { indexSavedMs?: number };
  wordIndex?: { from: string; savedMs?: number };
};
type PageState = { renders: Render[]; phases: Mark[]; refreshes: Mark[]; error?: string; status: Status | null };

/** One visit, from its navigation start; bytes: what the server sent until the page closed (after ready, the saves and 2 s), headers included. */
export type EditVisit = Awaited<ReturnType<typeof visit>>;
/** One measured edit: the CLI's incremental rebuild, the first visit and the returning one. */
export type CatalogEditRow = Awaited<ReturnType<typeof run>>['row'];

/** catalog, catalog-patch, manifest, vectors (any other file of the artifact's folder), model, runtime (ORT) or library. */
function kindOf(path: string): string {
  if (path === '/site/catalog.json') return 'catalog';
  if (path.startsWith('/site/vectors/catalog-patch-')) return 'catalog-patch';
  if (path === '/site/vectors/manifest.json') return 'manifest';
  if (path.startsWith('/site/vectors/')) return 'vectors';
  if (path.startsWith('/models/')) return 'model';
  return path.startsWith('/ort/') ? 'runtime' : 'library';
}

/** What `now` holds beyond `before`, per key, largest first. */
function diff(now: ReadonlyMap<string, number>, before: ReadonlyMap<string, number>): Array<[string, number]> {
  const out = [...now].map(([k, n]) => [k, n - (before.get(k) ?? 0)] as [string, number]).filter(([, n]) => n > 0);
  return out.sort((a, b) => b[1] - a[1]);
}

/** What the page recorded so far, and the recommender's status. */
function readState(tab: Page): Promise<PageState> {
  return tab.evaluate(async () => {
    const w = window as never as { __renders: Render[]; __phases: Mark[]; __refreshes: Mark[]; __error?: string };
    const rec = (window as never as { inpageRec?: { status(): Promise<Status> } }).inpageRec;
    const { report: _, ...status } = rec ? await rec.status() : { report: null };
    const state = { renders: w.__renders, phases: w.__phases, refreshes: w.__refreshes, error: w.__error };
    return { ...state, status: rec ? (status as Status) : null };
  });
}

/** Polls until vector-ranked cards and `ready`, then the saves (at most 20 s more); returns the last state. */
async function waitReady(tab: Page): Promise<PageState> {
  const t0 = Date.now();
  let readyAt: number | null = null;
  for (;;) {
    const state = await readState(tab);
    const s = state.status;
    if (state.error) throw new Error(`the widget reported: ${state.error}`);
    if (s?.phase === 'ready') readyAt ??= Date.now();
    // A flat index (up to 5,000 items) has no learnt state, so it never reports a save.
    const indexSaved = s?.timings.indexSavedMs !== undefined || s?.indexKind === 'flat';
    const saved = indexSaved && (s?.wordIndex?.savedMs !== undefined || s?.wordIndex?.from !== 'built');
    const vector = state.renders.some((r) => r.count > 0 && !r.warming);
    if (vector && readyAt !== null && (saved || Date.now() - readyAt > 20_000)) return state;
    if (Date.now() - t0 > 600_000) throw new Error(`not ready within 10 minutes: ${JSON.stringify(state)}`);
    await tab.waitForTimeout(100);
  }
}

/** One visit of `url` in `context`: until ready and saved, then 2 s for IndexedDB writes to land; then the page closes. */
async function visit(context: BrowserContext, server: StaticServer, url: string) {
  const tab = await context.newPage();
  const statuses: Record<string, number[]> = {};
  tab.on('response', (r) => {
    const path = decodeURIComponent(new URL(r.url()).pathname);
    statuses[path] = [...(statuses[path] ?? []), r.status()];
  });
  const sentBefore = new Map(server.bytesSent);
  const hitsBefore = new Map(server.hits);
  await tab.goto(url);
  await waitReady(tab);
  await tab.waitForTimeout(2000);
  const state = await readState(tab);
  await tab.close();
  const byPath = diff(server.bytesSent, sentBefore);
  const bytesByKind: Record<string, number> = {};
  for (const [path, n] of byPath) bytesByKind[kindOf(path)] = (bytesByKind[kindOf(path)] ?? 0) + n;
  const hits = new Map(diff(server.hits, hitsBefore));
  const cached = Object.entries(statuses).map(([p, s]) => [p, s.length - (hits.get(p) ?? 0)] as const);
  const first = state.renders.find((r) => r.count > 0);
  const vector = state.renders.find((r) => r.count > 0 && !r.warming);
  return {
    firstCardsMs: first?.ms ?? null,
    firstVectorCardsMs: vector?.ms ?? null,
    /** The page's first `phase: ready` event. */
    readyMs: state.phases.find((p) => p.phase === 'ready')?.ms ?? null,
    phases: state.phases,
    refreshes: state.refreshes,
    bytes: byPath.reduce((a, [, n]) => a + n, 0),
    bytesByPath: Object.fromEntries(byPath),
    bytesByKind,
    /** HTTP statuses the page (and its worker) saw, per path. */
    statuses,
    /** Requests the page saw that never reached the server (answered by the HTTP cache), per path. */
    fromHttpCache: Object.fromEntries(cached.filter(([, n]) => n > 0)),
    status: state.status!,
  };
}

/** v1 (the base catalog and artifact) and v2 (the edited catalog, rebuilt by the CLI) in a fresh folder. */
async function prepare(items: number, share: number, realTexts: number) {
  // Projected as the build projects this many items by default, so the rebuild keeps its projection.
  const data = await prepareWarmStart(WARM_START_WORK, items, realTexts, log, benchDims(undefined, items));
  const dir = join(WORK, String(items));
  rmSync(dir, { recursive: true, force: true });
  const [v1, v2] = [join(dir, 'v1'), join(dir, 'v2')];
  copyArtifact(join(WARM_START_WORK, dirname(data.manifest)), join(v1, 'vectors'));
  copyFileSync(join(WARM_START_WORK, data.catalog), join(v1, 'catalog.json'));
  // The site's build of v1 with this CLI (nothing to embed): it records v1's catalog, so the
  // rebuild of v2 can write a catalog patch from it.
  const baseBuild = rebuild(v1);
  log(`  v1 built by the CLI in ${baseBuild.ms} ms (${baseBuild.embedded} embedded)`);
  copyArtifact(join(v1, 'vectors'), join(v2, 'vectors'));
  const catalog = JSON.parse(readFileSync(join(WARM_START_WORK, data.catalog), 'utf8')) as Array<Record<string, unknown>>;
  const editedItems = editCatalog(catalog, share);
  writeFileSync(join(v2, 'catalog.json'), JSON.stringify(catalog));
  log(`${items} items: ${editedItems} edited; inpage-rec build (incremental, over a copy of the base artifact)...`);
  const cliBuild = rebuild(v2);
  log(`  built in ${cliBuild.ms} ms: ${cliBuild.embedded} embedded, ${cliBuild.reused} reused (previous build: ${cliBuild.previous})`);
  log('  compressing catalogs and artifacts (cached by content)...');
  await compressAll(v1);
  await compressAll(v2);
  writeFileSync(join(dir, 'page.html'), page(data.first));
  symlinkSync('v1', join(dir, 'site'));
  return { dir, editedItems, cliBuild, before: artifactSize(join(v1, 'vectors')), after: artifactSize(join(v2, 'vectors')) };
}

/** One run: prepare, then the first visit with v1 and the returning visit with v2 in one fresh profile. */
async function run(items: number, share: number, realTexts: number, dist: string) {
  const p = await prepare(items, share, realTexts);
  const server = await serve({ root: dist, mounts: { '/bench/': p.dir, '/site/': join(p.dir, 'site') } });
  const context = await chromium.launchPersistentContext(join(p.dir, 'profile'), {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
  });
  try {
    log('  first visit (v1)...');
    const firstVisit = await visit(context, server, `${server.url}/bench/page.html`);
    // `site` -> v2 in one rename: the server never sees a missing folder.
    symlinkSync('v2', join(p.dir, 'site.next'));
    renameSync(join(p.dir, 'site.next'), join(p.dir, 'site'));
    log('  returning visit (v2 at the same URLs)...');
    const back = await visit(context, server, `${server.url}/bench/page.html`);
    const artifactBytesSent = (back.bytesByKind.manifest ?? 0) + (back.bytesByKind.vectors ?? 0);
    const catalog = join(p.dir, 'v2', 'catalog.json');
    const share = artifactBytesSent / p.after.full;
    const row = {
      items,
      editedItems: p.editedItems,
      cliBuild: p.cliBuild,
      /** The rebuilt artifact in full (manifest + the binaries its `files` list), raw: what a first visit downloads. */
      artifactBytes: p.after.full,
      /** Every file in the rebuilt artifact's folder (patches for returning visitors included), raw bytes. */
      artifactFiles: p.after.files,
      artifactBytesBefore: p.before.full,
      catalogBytes: { raw: statSync(catalog).size, br: statSync(`${catalog}.br`).size },
      firstVisit,
      /** artifactBytesSent: for anything under the artifact's folder; artifactShare: of artifactBytes. */
      /** catalogBytesSent: the catalog file and its patch (a HEAD request's headers included). */
      returning: {
        ...back,
        artifactBytesSent,
        artifactShare: share,
        catalogBytesSent: (back.bytesByKind.catalog ?? 0) + (back.bytesByKind['catalog-patch'] ?? 0),
      },
    };
    return { row, chromium: context.browser()?.version() ?? 'unknown' };
  } finally {
    await context.close();
    await server.close();
  }
}

const { values } = parseArgs({
  options: {
    items: { type: 'string', default: '32135' },
    'edit-share': { type: 'string', default: '0.01' },
    'real-texts': { type: 'string', default: '3000' },
    runs: { type: 'string', default: '1' },
    dist: { type: 'string', default: join(ROOT, 'dist') },
  },
});
const rows: CatalogEditRow[] = [];
let version = 'unknown';
const mb = (n: number) => `${(n / 1e6).toFixed(2)} MB`;
for (let i = 0; i < Number(values.runs); i++) {
  const out = await run(Number(values.items), Number(values['edit-share']), Number(values['real-texts']), values.dist);
  const [row, r] = [out.row, out.row.returning];
  version = out.chromium;
  rows.push(row);
  log(
    `returning visit: ${mb(r.bytes)} sent (artifact ${mb(r.artifactBytesSent)} = ${(r.artifactShare * 100).toFixed(1)}% of ${mb(row.artifactBytes)}, catalog ${mb(r.catalogBytesSent)}); vector-ranked cards ${r.firstVectorCardsMs} ms, ready ${r.readyMs} ms; embedded ${r.status.embedded}, from artifact ${r.status.fromArtifact ?? 0}, from IndexedDB ${r.status.fromCache}`,
  );
  log(`  bytes by kind ${JSON.stringify(r.bytesByKind)}; statuses ${JSON.stringify(r.statuses)}`);
}
writeResult('catalog-edit-visit', {
  benchmark: 'catalog-edit-visit',
  conditions: {
    runtime: `Chromium ${version} headless, one persistent profile per run (IndexedDB and HTTP cache kept between the visits), not cross-origin isolated, unthrottled`,
    machine: `${cpus().length} cores (${cpus()[0]?.model ?? '?'})`,
    server:
      'tools/serve.ts (sirv) on 127.0.0.1: .br/.gz siblings when accepted, Range; cache-control no-cache, weak ETag (size-mtime): 304 when unchanged',
    library: `${values.dist} (cli.js built ${statSync(join(ROOT, 'dist', 'cli.js')).mtime.toISOString()})`,
    data: `Steam catalog with prebuilt vectors (bench/warm-start-data.ts: ${values['real-texts']} real vectors, the rest seeded copies); ${values['edit-share']} of the items, evenly spread, get a new title`,
    rebuild:
      '`node dist/cli.js build <edited catalog> --out <copy of the base build> --no-progress` (incremental), wall time; the base build is the same CLI run over the base catalog and artifact first',
    measured:
      'navigation start -> first vector-ranked cards and the first ready phase; bytes the server sent until the page closed (after ready, the saves and 2 s)',
  },
  rows,
});
log('wrote bench/results/catalog-edit-visit.json');
