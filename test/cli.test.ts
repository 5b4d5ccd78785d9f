/**
 * The `inpage-rec` CLI end to end: the bundle `tools/build-cli.ts` makes, run in a child process
 * with the real model on a few dozen demo items plus broken ones (test/cli-workspace.ts). The
 * cases run in order and share one work folder: later ones start from earlier builds.
 * `--interactions` is in cli-interactions.test.ts.
 */
import { createHash } from 'node:crypto';
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sortKeys } from '../src/artifact/keys.ts';
import { formatReport } from '../src/catalog/report.ts';
import { validateCatalog } from '../src/catalog/validate.ts';
import { createProgram } from '../src/cli/program.ts';
import { createEncoder } from '../src/encoder/encoder.ts';
import { buildCli } from '../tools/build-cli.ts';
import { artifactBytes, readArtifactDir, readSummary, runCli } from './cli-helpers.ts';
import { cliWorkspace, demoItems, type Item, KEY, withBrokenItems } from './cli-workspace.ts';
import { MODELS_DIR, ROOT } from './paths.ts';

const ws = cliWorkspace('cli-test');
const { path, build, writeCatalog } = ws;
const good = demoItems(30);
const catalog = withBrokenItems(good);

describe('inpage-rec CLI', () => {
  it('--help documents every flag of build, and --version prints the version', async () => {
    const run = await runCli(ws.cli, ['--help']);
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
        '--epsilon',
        '--columns',
        '--learned-space',
        '--dims',
        '--to',
        '--float-activations',
        '--full',
        '--strict',
        '--max-problems',
        '--report-file',
        '--no-progress',
      ].sort(),
    );
    for (const flag of [...flags, '--help', '--version']) expect(run.stdout, flag).toContain(flag);
    // And serve's, in the same help text.
    const serve = createProgram().commands.find((c) => c.name() === 'serve')!;
    for (const o of serve.options) expect(run.stdout, o.long!).toContain(o.long!);
    expect(run.stdout).toContain('Exit codes');
    const version = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version as string;
    expect((await runCli(ws.cli, ['--version'])).stdout.trim()).toBe(version);
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
    // A returning visitor of the first build gets the 3 changed items as a patch (src/artifact/patch.ts).
    expect(readSummary(`${path('inc')}.json`).patches).toMatchObject([{ from: old.manifest.files[0]!.sha256, count: 3 }]);
    // And the catalog as a patch (src/cli/catalog-patches.ts): the 3 edited records.
    expect(readSummary(`${path('inc')}.json`).catalogPatches).toMatchObject([{ from: old.manifest.catalog!.sha256, count: 3 }]);
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
    // Patches from both earlier builds: none changed since the second (removals need no vectors), the
    // 3 edits since the first. Beside the manifest: the current binary and those patches only.
    expect(readSummary(`${path('inc')}.json`).patches).toMatchObject([
      { from: next.manifest.files[0]!.sha256, count: 0 },
      { from: old.manifest.files[0]!.sha256, count: 3 },
    ]);
    // Catalog patches from both: the removal alone is in the order, no record changed since the second.
    expect(last.manifest.catalogPatches).toMatchObject([
      { from: next.manifest.catalog!.sha256, count: 0 },
      { from: old.manifest.catalog!.sha256, count: 3 },
    ]);
    const patchFiles = (last.manifest.patches ?? []).map((p) => p.file.name);
    const catalogFiles = (last.manifest.catalogPatches ?? []).map((p) => p.file.name);
    expect(patchFiles).toHaveLength(2);
    // Each catalog's records (ids and record digests) stay while a patch starts from it.
    const records = [last, next, old].map((a) => `catalog-records-${a.manifest.catalog!.sha256.slice(0, 16)}.json`);
    expect(readdirSync(path('inc')).sort()).toEqual(
      ['manifest.json', last.manifest.files[0]!.name, ...patchFiles, ...catalogFiles, ...records].sort(),
    );
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

  it('says how to install onnxruntime-node when it is missing, and transformers.js for a Hugging Face model', async () => {
    const outside = await buildCli(join(ws.work, 'standalone'));
    const run = await runCli(outside, ['build', path('catalog.json'), '--out', path('never'), '--models-dir', MODELS_DIR]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('is not installed. Install it next to inpage-rec: npm install --save-dev onnxruntime-node@1.10.0');
    const hub = await runCli(outside, [
      'build',
      path('catalog.json'),
      '--out',
      path('never'),
      '--models-dir',
      MODELS_DIR,
      '--model',
      'Xenova/all-MiniLM-L6-v2',
    ]);
    expect(hub.code).toBe(1);
    expect(hub.stderr).toContain("is not installed. Install it next to inpage-rec: npm install --save-dev '@huggingface/transformers@");
  });
});
