/**
 * The `inpage-rec` CLI end to end: the bundle `tools/build-cli.ts` makes, run in a child process
 * with the real model on a few dozen demo items plus broken ones.
 */
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sortKeys } from '../src/artifact/keys.ts';
import { formatReport } from '../src/catalog/report.ts';
import { validateCatalog } from '../src/catalog/validate.ts';
import { createProgram } from '../src/cli/program.ts';
import { createEncoder } from '../src/encoder/encoder.ts';
import { decodeSignals } from '../src/signals/index.ts';
import { buildCli } from '../tools/build-cli.ts';
import { artifactBytes, readArtifactDir, readSummary, runCli } from './cli-helpers.ts';
import { MODELS_DIR, ROOT } from './paths.ts';

const KEY = 'use-lite-en:512:q8';
type Item = Record<string, unknown>;

let cli: string;
let work: string;
let good: Item[];
let catalog: unknown[];
const path = (name: string) => join(work, name);
const build = (source: string, out: string, ...args: string[]) =>
  runCli(cli, ['build', source, '--out', out, '--report-file', `${out}.json`, ...args]);
const writeCatalog = (name: string, items: unknown) => {
  writeFileSync(path(name), JSON.stringify(items));
  return path(name);
};

beforeAll(async () => {
  // Inside the repository, so the bundle resolves @huggingface/transformers from node_modules.
  cli = await buildCli(join(ROOT, '.cache', 'cli-test'));
  work = mkdtempSync(join(tmpdir(), 'inpage-rec-cli-'));
  good = (JSON.parse(readFileSync(join(ROOT, 'public/demo/catalog.json'), 'utf8')) as Item[]).slice(0, 30);
  catalog = [
    ...good.slice(0, 10),
    'this entry is not an item',
    { title: 'no id at all' },
    { ...good[3], title: 'a duplicate id' },
    { id: 'bad-price', title: 'Stove', price: '12,50' },
    { id: 'no-text', price: 5 },
    ...good.slice(10),
  ];
});

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('inpage-rec CLI', () => {
  it('--help documents every flag of build, and --version prints the version', async () => {
    const run = await runCli(cli, ['--help']);
    expect(run.code).toBe(0);
    const flags = createProgram()
      .commands.find((c) => c.name() === 'build')!
      .options.map((o) => o.long!);
    expect(flags.sort()).toEqual(
      [
        '--out',
        '--model',
        '--dtype',
        '--text-fields',
        '--config',
        '--batch-size',
        '--models-dir',
        '--allow-remote-models',
        '--interactions',
        '--events',
        '--columns',
        '--full',
        '--strict',
        '--max-problems',
        '--report-file',
        '--no-progress',
      ].sort(),
    );
    for (const flag of [...flags, '--help', '--version']) expect(run.stdout, flag).toContain(flag);
    expect(run.stdout).toContain('Exit codes');
    const version = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version as string;
    expect((await runCli(cli, ['--version'])).stdout.trim()).toBe(version);
  });

  it('builds with the real model: bad items reported as the browser reports them, every valid item kept', async () => {
    const source = writeCatalog('catalog.json', catalog);
    const run = await build(source, path('out'), '--no-progress');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const { entries, report } = await validateCatalog(catalog, { modelKey: KEY });
    expect(report.skipped).toBe(3); // bad-price is kept without its price
    expect(run.stdout).toContain(formatReport(report));
    const artifact = await readArtifactDir(path('out'));
    expect(artifact.manifest.model).toMatchObject({ id: 'use-lite-en', dtype: 'q8', dims: 512, key: KEY });
    expect(artifact.keys).toEqual(sortKeys(entries.map((e) => e.key)));
    // The exact bytes it read, so a browser fetching the same file can trust the hashes up front.
    const bytes = readFileSync(source);
    expect(artifact.manifest.catalog).toEqual({ sha256: createHash('sha256').update(bytes).digest('hex'), bytes: bytes.byteLength });
    const summary = readSummary(`${path('out')}.json`);
    expect(summary).toMatchObject({ count: 32, embedded: 32, reused: 0, removed: 0, previous: 'none' });
    // Same vectors as the encoder gives in-process (cosine of the int8 code to float32 >= 0.999).
    const encoder = await createEncoder({ modelBase: MODELS_DIR, dtype: 'q8' });
    const vectors = await encoder.embed(entries.map((e) => e.text));
    await encoder.dispose();
    entries.forEach((e, i) => {
      const at = artifact.keys.indexOf(e.key);
      expect(artifact.hashes[at]).toBe(e.hash);
      const v = artifact.vector(at);
      const dot = v.reduce((s, x, d) => s + x * vectors[i * 512 + d]!, 0);
      if (e.key === 'no-text') expect(dot).toBe(0);
      else expect(dot, e.key).toBeGreaterThan(0.999);
    });
  });

  it('is deterministic: a second cold build and an unchanged incremental build give the same bytes', async () => {
    const source = path('catalog.json');
    const before = artifactBytes(path('out'));
    const cold = await build(source, path('out-again'), '--no-progress');
    expect(cold.code).toBe(0);
    expect(artifactBytes(path('out-again'))).toEqual(before);
    const again = await build(source, path('out'), '--no-progress');
    expect(again.code).toBe(0);
    expect(readSummary(`${path('out')}.json`)).toMatchObject({ embedded: 0, reused: 32, previous: 'reused' });
    expect(readSummary(`${path('out')}.json`).timings.modelLoad).toBe(0);
    expect(artifactBytes(path('out'))).toEqual(before);
  });

  it('incremental: 3 changed items are exactly the 3 embedded; 2 removed items are gone', async () => {
    cpSync(path('out'), path('inc'), { recursive: true });
    const old = await readArtifactDir(path('inc'));
    const changedIds = [good[2]!.id, good[15]!.id, good[29]!.id] as string[];
    const changed = catalog.map((it) =>
      typeof it === 'object' && it && changedIds.includes((it as Item).id as string)
        ? { ...(it as Item), description: 'Now a ceramic teapot.' }
        : it,
    );
    expect((await build(writeCatalog('changed.json', changed), path('inc'), '--no-progress')).code).toBe(0);
    expect(readSummary(`${path('inc')}.json`)).toMatchObject({ count: 32, embedded: 3, reused: 29, removed: 0 });
    const next = await readArtifactDir(path('inc'));
    for (const [i, key] of next.keys.entries()) {
      const j = old.keys.indexOf(key);
      const same = Buffer.from(next.codes.subarray(i * 512, (i + 1) * 512)).equals(Buffer.from(old.codes.subarray(j * 512, (j + 1) * 512)));
      expect(next.hashes[i] === old.hashes[j], key).toBe(!changedIds.includes(key));
      if (!changedIds.includes(key)) expect(same, key).toBe(true);
    }
    const removedIds = [good[0]!.id, good[20]!.id] as string[];
    const fewer = changed.filter((it) => !(typeof it === 'object' && it && removedIds.includes((it as Item).id as string)));
    expect((await build(writeCatalog('fewer.json', fewer), path('inc'), '--no-progress')).code).toBe(0);
    expect(readSummary(`${path('inc')}.json`)).toMatchObject({ count: 30, embedded: 0, reused: 30, removed: 2 });
    const last = await readArtifactDir(path('inc'));
    expect(last.keys.filter((k) => removedIds.includes(k))).toEqual([]);
    // Only the current binary remains beside the manifest.
    expect(readdirSync(path('inc')).sort()).toEqual(['manifest.json', last.manifest.files[0]!.name].sort());
  });

  it('--strict exits 2 when items were skipped; an unreadable catalog exits 1 naming it, writing nothing', async () => {
    const strict = await build(path('catalog.json'), path('out'), '--no-progress', '--strict');
    expect(strict.code).toBe(2);
    const missing = await build(path('nope.json'), path('never'), '--no-progress');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/CATALOG_UNREADABLE: catalog ".*nope\.json" is unreadable: .*ENOENT/);
    writeFileSync(path('page.html'), '<html><body>Not found</body></html>');
    const html = await build(path('page.html'), path('never'), '--no-progress');
    expect(html.code).toBe(1);
    expect(html.stderr).toMatch(/page\.html" is unreadable: it is neither JSON nor JSON Lines/);
    expect(existsSync(path('never'))).toBe(false);
    const badFlag = await build(path('catalog.json'), path('never'), '--dtype', 'int4');
    expect(badFlag.code).toBe(1);
    expect(badFlag.stderr).toMatch(/--dtype.*int4.*q8, fp32/s);
  });

  it('reads JSON Lines over http, and reuses the vectors of the same items from a JSON file', async () => {
    const lines = `${catalog.map((it) => JSON.stringify(it)).join('\n')}\n`;
    const server: Server = createServer((req, res) => {
      if (req.url === '/catalog.jsonl') res.writeHead(200, { 'content-type': 'application/x-ndjson' }).end(lines);
      else res.writeHead(404).end();
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const port = (server.address() as { port: number }).port;
    try {
      cpSync(path('out-again'), path('url'), { recursive: true });
      const run = await build(`http://127.0.0.1:${port}/catalog.jsonl`, path('url'), '--no-progress');
      expect(run.code).toBe(0);
      // The string item is a bad JSON Lines line now; the report names its line.
      expect(run.stdout).toContain('error ITEM_NOT_OBJECT: line 11 (position 10)');
      expect(readSummary(`${path('url')}.json`)).toMatchObject({ count: 32, embedded: 0, reused: 32 });
      const missing = await build(`http://127.0.0.1:${port}/gone.json`, path('never'), '--no-progress');
      expect(missing.code).toBe(1);
      expect(missing.stderr).toMatch(/gone\.json" is unreadable: the server answered HTTP 404/);
    } finally {
      server.close();
    }
  });

  it('a corrupt previous build is reported and rebuilt from scratch', async () => {
    cpSync(path('out-again'), path('corrupt'), { recursive: true });
    const bin = readdirSync(path('corrupt')).find((f) => f.endsWith('.bin'))!;
    const bytes = readFileSync(path(`corrupt/${bin}`));
    bytes[bytes.length - 3]! ^= 0xff;
    writeFileSync(path(`corrupt/${bin}`), bytes);
    const run = await build(path('catalog.json'), path('corrupt'), '--no-progress');
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/warning: the previous build in .* is unusable, embedding everything \(.*is corrupt: its SHA-256 is/);
    expect(readSummary(`${path('corrupt')}.json`)).toMatchObject({ embedded: 32, reused: 0 });
    expect(artifactBytes(path('corrupt'))).toEqual(artifactBytes(path('out-again')));
  });

  it('--text-fields and a --config textRule mirror the browser option and give the same artifact', async () => {
    const flag = await build(path('catalog.json'), path('fields'), '--no-progress', '--text-fields', 'title, brand');
    expect(flag.code).toBe(0);
    writeFileSync(path('config.json'), JSON.stringify({ catalog: '/catalog.json', textRule: { fields: ['title', 'brand'] } }));
    const config = await build(path('catalog.json'), path('config'), '--no-progress', '--config', path('config.json'));
    expect(config.code).toBe(0);
    expect(artifactBytes(path('config'))).toEqual(artifactBytes(path('fields')));
    const artifact = await readArtifactDir(path('fields'));
    expect(artifact.manifest.textRule.rule.fields).toEqual(['title', 'brand']);
    const { entries } = await validateCatalog(catalog, { modelKey: KEY, rule: { fields: ['title', 'brand'] } });
    expect([...artifact.hashes].sort()).toEqual(entries.map((e) => e.hash).sort());
    writeFileSync(path('typo.json'), JSON.stringify({ textRules: {} }));
    const typo = await build(path('catalog.json'), path('never'), '--config', path('typo.json'));
    expect(typo.code).toBe(1);
    expect(typo.stderr).toMatch(/unknown keys "textRules"/);
  });

  it('says how to install @huggingface/transformers when it is missing', async () => {
    const outside = await buildCli(join(work, 'standalone'));
    const run = await runCli(outside, ['build', path('catalog.json'), '--out', path('never'), '--models-dir', MODELS_DIR]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("is not installed. Install it next to inpage-rec: npm install --save-dev '@huggingface/transformers@");
  });

  it('--interactions adds the site signals section (a small catalog carries no index state); an unreadable file exits 1', async () => {
    const ids = good.map((g) => String(g.id));
    const sessions = [0, 1, 2, 3].flatMap((s) => [ids[0], ids[1], ids[s + 2]].map((id) => `o${s},${id}`));
    writeFileSync(path('orders.csv'), ['session_or_order_id,item_id', ...sessions, 'broken line with no comma'].join('\n'));
    const source = writeCatalog('catalog-signals.json', catalog);
    const run = await build(source, path('signals'), '--no-progress', '--interactions', path('orders.csv'));
    expect(run.stderr).toMatch(/--interactions line 14: column 2 \(item_id\) is missing/);
    expect(run.stderr).not.toMatch(/line 14: line 14/);
    expect(run.code).toBe(0);
    const artifact = await readArtifactDir(path('signals'));
    expect([...artifact.sections.keys()]).toEqual(['signals']);
    const summary = readSummary(`${path('signals')}.json`);
    expect(summary.signals).toMatchObject({ sessions: 4, interactions: 12, unknownItems: 0 });
    expect(summary.signals!.itemsWithTogether).toBeGreaterThanOrEqual(2);
    expect(decodeSignals(artifact.sections.get('signals')!, artifact.keys).count).toBe(artifact.count);
    const missing = await build(source, path('never'), '--no-progress', '--interactions', path('nope.csv'));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/nope\.csv/);
  });

  it('--interactions: BOM, missing times, --events, bad lines listed once and counted, in the summary and the log', async () => {
    const ids = good.map((g) => String(g.id));
    const rows = [0, 1, 2, 3].flatMap((s) => [
      `o${s},${ids[0]},10,purchase`,
      `o${s},${ids[1]},20,purchase`,
      `o${s},${ids[2]},,purchase`, // no time: stays after ids[1] (read as 0 it would open the session)
      `o${s},${ids[3]},30,view`,
    ]);
    rows[0] = `\uFEFF"${rows[0]!.replace(',', '",')}`; // a byte order mark before a quoted first field
    const bad = Array.from({ length: 7 }, (_, i) => `o9,${ids[4]},t${i}`);
    writeFileSync(path('events.csv'), [...rows, ...bad].join('\r\n'));
    const source = writeCatalog('catalog-events.json', catalog);
    const run = await build(source, path('events'), '--no-progress', '--interactions', path('events.csv'), '--events', 'purchase');
    expect(run.code).toBe(0);
    const warnings = run.stderr.trim().split('\n');
    expect(warnings).toEqual([
      ...[17, 18, 19, 20, 21].map(
        (n) => `warning: --interactions line ${n}: column 3 (ts) must be a number or an ISO 8601 date, got "t${n - 17}"`,
      ),
      'warning: --interactions: ... and 2 more bad lines (7 in all), skipped like these',
    ]);
    const summary = readSummary(`${path('events')}.json`);
    expect(summary.signals).toMatchObject({ sessions: 4, interactions: 12, filteredEvents: 4, events: ['purchase'], badLineCount: 7 });
    expect(summary.signals!.badLines).toHaveLength(5);
    expect(run.stdout).toMatch(
      /signals: 4 sessions, 12 interactions \(0 of unknown items; 4 left out by --events purchase; 7 bad lines skipped\)/,
    );
    const artifact = await readArtifactDir(path('events'));
    const signals = decodeSignals(artifact.sections.get('signals')!, artifact.keys);
    const next = (id: string) => [...signals.next[artifact.keys.indexOf(id)]!.rows].map((r) => artifact.keys[r]);
    expect(next(ids[1]!)).toEqual([ids[2]]);
    expect(next(ids[2]!)).toEqual([]);
  });

  it('--interactions that cannot give signals fails before the model, naming lines or ids, and writes nothing', async () => {
    const source = path('catalog.json');
    const noModels = ['--no-progress', '--models-dir', path('no-models')];
    writeFileSync(path('iso.csv'), ['o1,a,10/06/2024 10:00', 'o1,b,10/06/2024 10:01', 'o2', 'o2,,3'].join('\n'));
    const iso = await build(source, path('never'), ...noModels, '--interactions', path('iso.csv'));
    expect(iso.code).toBe(1);
    expect(iso.stderr).toContain('CATALOG_UNREADABLE');
    expect(iso.stderr).toContain(
      '4 lines are bad (line 1: column 3 (ts) must be a number or an ISO 8601 date, got "10/06/2024 10:00"; line 2:',
    );
    expect(iso.stderr).toContain('line 3: column 2 (item_id) is missing');
    writeFileSync(path('skus.csv'), 'o1,SKU-1\no1,SKU-2\no2,SKU-1\n');
    const skus = await build(source, path('never'), ...noModels, '--interactions', path('skus.csv'));
    expect(skus.code).toBe(1);
    expect(skus.stderr).toMatch(
      /UNKNOWN_ITEM: none of the 3 rows .* item_id values include "SKU-1", "SKU-2", while catalog ids look like "/,
    );
    const empty = await build(source, path('never'), '--interactions', '');
    expect(empty.code).toBe(1);
    expect(empty.stderr).toMatch(/INVALID_OPTION: --interactions needs a file path/);
    const noEvents = await build(source, path('never'), '--interactions', path('skus.csv'), '--events', ',');
    expect(noEvents.stderr).toMatch(/INVALID_OPTION: --events needs at least one event name/);
    expect(existsSync(path('never'))).toBe(false);
  });
});
