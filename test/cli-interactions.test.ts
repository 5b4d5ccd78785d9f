/**
 * `inpage-rec build --interactions` end to end: the bundled CLI in a child process with the real
 * model (test/cli-workspace.ts), reading a documented interactions file into the artifact's site
 * signals, warning about bad lines, and failing before the model when no signal can come of it.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LEARNED_PRIVACY_WARNING } from '../src/cli/build.ts';
import { decodeLearned } from '../src/learn/section.ts';
import { decodeSignals, SignalLookup } from '../src/signals/index.ts';
import { readArtifactDir, readSummary } from './cli-helpers.ts';
import { cliWorkspace, demoItems, withBrokenItems } from './cli-workspace.ts';

const good = demoItems(30);
const catalog = withBrokenItems(good);
// The last case builds from catalog.json, which a build in cli.test.ts writes there; here the setup does.
const { path, build, writeCatalog } = cliWorkspace('cli-interactions-test', (ws) => ws.writeCatalog('catalog.json', catalog));

describe('inpage-rec CLI', () => {
  it('--interactions adds the site signals section (a small catalog carries no index state); an unreadable file exits 1', async () => {
    const ids = good.map((g) => String(g.id));
    const sessions = [0, 1, 2, 3].flatMap((s) => [ids[0], ids[1], ids[s + 2]].map((id) => `o${s},${id}`));
    // 400 more orders of the first two items: at epsilon 1 a pair is published from ~120 orders on 30 items.
    const pairs = Array.from({ length: 400 }, (_, s) => [`p${s},${ids[0]}`, `p${s},${ids[1]}`]).flat();
    writeFileSync(path('orders.csv'), ['session_or_order_id,item_id', ...sessions, 'broken line with no comma', ...pairs].join('\n'));
    const source = writeCatalog('catalog-signals.json', catalog);
    const run = await build(source, path('signals'), '--no-progress', '--interactions', path('orders.csv'), '--learned-space');
    expect(run.stderr).toMatch(/--interactions line 14: column 2 \(item_id\) is missing/);
    expect(run.stderr).not.toMatch(/line 14: line 14/);
    expect(run.stderr).toContain(LEARNED_PRIVACY_WARNING);
    expect(run.code).toBe(0);
    const artifact = await readArtifactDir(path('signals'));
    expect([...artifact.sections.keys()]).toEqual(['learned', 'signals']);
    const summary = readSummary(`${path('signals')}.json`);
    expect(summary.signals).toMatchObject({ sessions: 404, interactions: 812, unknownItems: 0, privacy: { epsilon: 1 } });
    expect(summary.signals!.itemsWithTogether).toBeGreaterThanOrEqual(2);
    expect(run.stdout).toMatch(/privacy: epsilon 1 per session \(differential privacy, delta 0\)/);
    const signals = decodeSignals(artifact.sections.get('signals')!, artifact.keys);
    expect(signals.count).toBe(artifact.count);
    const together = (id: string) => [...signals.together[artifact.keys.indexOf(id)]!.rows].map((r) => artifact.keys[r]);
    expect(together(ids[0]!)).toContain(ids[1]);
    // The learned space: 2 sides x 48 dimensions per item, offsets only for items of >= 2 sessions.
    expect(summary.learned).toMatchObject({ sides: 2, outDims: 48, bytesPerItem: 96, itemsWithOffset: 2 });
    expect(decodeLearned(artifact.sections.get('learned')!, artifact.count, 512).vectors).toHaveLength(2);
    expect(run.stdout).toMatch(/learned space: query and target sides of 48 dimensions \(96 bytes per item\)/);
    // Propagation chosen on held-out items: the last item of each of the 4 orders of 3 items.
    expect(run.stdout).toMatch(
      /propagation (none|1 hop, alpha 0\.[357]) \(held-out next item HR@10 over 4 items: none [\d.]+, 1 hop, alpha 0\.3 /,
    );
    expect(summary.learned!.propagation.queries).toBe(4);
    // A second full build: the same vectors and learned space, but the signals' noise is drawn
    // afresh (noise a reader could reproduce would protect nothing). Without --learned-space, no section.
    const again = await build(
      source,
      path('signals-again'),
      '--no-progress',
      '--full',
      '--interactions',
      path('orders.csv'),
      '--learned-space',
    );
    expect(again.code).toBe(0);
    const second = await readArtifactDir(path('signals-again'));
    expect(second.sections.get('learned')).toEqual(artifact.sections.get('learned'));
    expect(second.codes).toEqual(artifact.codes);
    expect(second.sections.get('signals')).not.toEqual(artifact.sections.get('signals'));
    const plain = await build(source, path('no-learn'), '--no-progress', '--interactions', path('orders.csv'));
    expect([...(await readArtifactDir(path('no-learn'))).sections.keys()]).toEqual(['signals']);
    expect(plain.code).toBe(0);
    expect(plain.stderr).not.toContain(LEARNED_PRIVACY_WARNING);
    // Projected vectors (--dims, the default from 5,000 items): the learned map reads them, as the page gives them.
    const projected = ['--interactions', path('orders.csv'), '--learned-space', '--dims', '32'];
    expect((await build(source, path('learn-projected'), '--no-progress', ...projected)).code).toBe(0);
    const onProjected = await readArtifactDir(path('learn-projected'));
    expect(onProjected.manifest.model.dims).toBe(32);
    expect(decodeLearned(onProjected.sections.get('learned')!, onProjected.count, 32).vectors).toHaveLength(2);
    expect(() => decodeLearned(onProjected.sections.get('learned')!, onProjected.count, 512)).toThrow();
    const missing = await build(source, path('never'), '--no-progress', '--interactions', path('nope.csv'));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/nope\.csv/);
  });

  it('--interactions: BOM, missing times, --events, bad lines listed once and counted, in the summary and the log', async () => {
    const ids = good.map((g) => String(g.id));
    // 400 orders: enough for "viewed next" to be published at epsilon 1 (4 would show nothing).
    const rows = Array.from({ length: 400 }, (_, s) => s).flatMap((s) => [
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
      ...[1601, 1602, 1603, 1604, 1605].map(
        (n) => `warning: --interactions line ${n}: column 3 (ts) must be a number or an ISO 8601 date, got "t${n - 1601}"`,
      ),
      'warning: --interactions: ... and 2 more bad lines (7 in all), skipped like these',
    ]);
    const summary = readSummary(`${path('events')}.json`);
    expect(summary.signals).toMatchObject({
      sessions: 400,
      interactions: 1200,
      filteredEvents: 400,
      events: ['purchase'],
      badLineCount: 7,
    });
    expect(summary.signals!.badLines).toHaveLength(5);
    expect(run.stdout).toMatch(
      /signals: 400 sessions, 1200 interactions \(0 of unknown items; 400 left out by --events purchase; 7 bad lines skipped\)/,
    );
    const artifact = await readArtifactDir(path('events'));
    const signals = decodeSignals(artifact.sections.get('signals')!, artifact.keys);
    const lookup = new SignalLookup(signals, artifact.keys);
    // ids[2] has no time: it stays after ids[1] (strongest "next"), and does not open the session (no ids[2] -> ids[0]).
    expect(lookup.next(ids[1]!)[0]!.key).toBe(ids[2]);
    expect(lookup.next(ids[2]!).map((n) => n.key)).not.toContain(ids[0]);
    expect(lookup.next(ids[0]!)[0]!.key).toBe(ids[1]);
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
