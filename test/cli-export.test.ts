/**
 * `inpage-rec build --interactions <export> --columns ...` end to end: the bundled CLI in a child
 * process, with the real model, reading a shop's order export as the shop's admin writes it
 * (Shopify's columns, a note spanning lines, later line items without the order's time, a line
 * without SKU) into the same sessions as the documented file of the same interactions. The signals'
 * noise is fresh on every build, so the sameness is read from the learned section, a deterministic
 * function of the sessions (their items and order).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LEARNED_PRIVACY_WARNING } from '../src/cli/build.ts';
import { buildCli } from '../tools/build-cli.ts';
import { readArtifactDir, readSummary, runCli } from './cli-helpers.ts';
import { ROOT } from './paths.ts';

let cli: string;
let work: string;
let ids: string[];
const path = (name: string) => join(work, name);
const build = (out: string, ...args: string[]) =>
  runCli(cli, ['build', path('catalog.json'), '--out', path(out), '--report-file', path(`${out}.json`), '--no-progress', ...args]);

beforeAll(async () => {
  cli = await buildCli(join(ROOT, '.cache', 'cli-export-test'));
  work = mkdtempSync(join(tmpdir(), 'inpage-rec-cli-export-'));
  const items = (JSON.parse(readFileSync(join(ROOT, 'public/demo/catalog.json'), 'utf8')) as { id: unknown }[]).slice(0, 12);
  ids = items.map((i) => String(i.id));
  writeFileSync(path('catalog.json'), JSON.stringify(items));
});

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('inpage-rec build --columns', () => {
  it('reads an order export as it is into the same signals as the documented file; a line without SKU is reported', async () => {
    // Three orders of three line items each; the export names the order "#100N" and writes its time once.
    const orders = [0, 1, 2].map((o) => [ids[0]!, ids[1]!, ids[o + 2]!]);
    const header = 'Name,Email,Financial Status,Created at,Lineitem quantity,Lineitem name,Lineitem sku,Notes';
    const exportLines = [header];
    orders.forEach((skus, o) => {
      const created = `2024-06-1${o} 10:00:00 +0200`;
      exportLines.push(`#100${o},buyer${o}@example.com,paid,${created},1,"Item, first",${skus[0]},"Leave it with`);
      exportLines.push('the neighbour"');
      exportLines.push(`#100${o},,,,2,Item two,${skus[1]},`, `#100${o},,,,1,Item three,${skus[2]},`);
    });
    exportLines.push('#1002,,,,1,Custom engraving,,');
    writeFileSync(path('orders_export.csv'), `${exportLines.join('\r\n')}\r\n`);
    const documented = orders.flatMap((skus, o) => skus.map((sku, i) => `o${o},${sku},${i}`));
    writeFileSync(path('orders.csv'), documented.join('\n'));

    const fromExport = await build(
      'export',
      '--interactions',
      path('orders_export.csv'),
      '--columns',
      'session=Name,item=Lineitem sku,ts=Created at',
      '--learned-space',
    );
    expect(fromExport.code).toBe(0);
    expect(fromExport.stderr.trim().split('\n')).toEqual([
      'warning: --interactions line 14: column 7 (Lineitem sku) is empty',
      LEARNED_PRIVACY_WARNING,
    ]);
    const plain = await build('plain', '--interactions', path('orders.csv'), '--learned-space');
    expect(plain.code).toBe(0);
    const [a, b] = [await readArtifactDir(path('export')), await readArtifactDir(path('plain'))];
    expect(a.sections.get('signals')!.byteLength).toBeGreaterThan(0);
    expect(a.sections.get('learned')!.byteLength).toBeGreaterThan(0);
    expect(a.sections.get('learned')).toEqual(b.sections.get('learned'));
    expect(readSummary(path('export.json')).signals).toMatchObject({
      sessions: 3,
      interactions: 9,
      badLineCount: 1,
      columns: { session: 'Name', item: 'Lineitem sku', ts: 'Created at' },
    });
  });

  it('a --columns name the header lacks fails before the model, listing the header, and writes nothing', async () => {
    writeFileSync(path('other.csv'), `Order,Product ID\n1,${ids[0]}\n1,${ids[1]}\n`);
    const run = await build(
      'never',
      '--models-dir',
      path('no-models'),
      '--interactions',
      path('other.csv'),
      '--columns',
      'session=Order,item=SKU',
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      'INVALID_OPTION: --columns item=SKU: the header (line 1) has no such column; its columns are "Order", "Product ID"',
    );
    expect(existsSync(path('never'))).toBe(false);
  });
});
