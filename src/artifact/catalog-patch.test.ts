import { describe, expect, it } from 'vitest';
import { MODEL, makeItems } from '../../test/artifact-fixtures.ts';
import { ErrorCodes } from '../errors.ts';
import { type CatalogPatch, expandOrder, orderSteps, parseCatalogPatch, serializeCatalogPatch } from './catalog-patch.ts';
import { parseArtifactManifest, serializeArtifactManifest } from './manifest.ts';
import { withPatches } from './patch.ts';
import { describeTextRule } from './text-rule.ts';
import { writeArtifact } from './write.ts';

/** An artifact of two items built from the catalog with digest B. */
const withCatalog = async () =>
  writeArtifact({
    model: MODEL,
    textRule: await describeTextRule(),
    generator: 'inpage-rec test',
    items: await makeItems(['a', 'b']),
    catalog: { sha256: B, bytes: 5 },
  });

const A = 'a'.repeat(64);
const B = 'b'.repeat(64);
const REPORT = { total: 3, valid: 3, skipped: 0, problems: [] };

describe('catalog patch order', () => {
  it('spells the new ids as runs of the old ones, and expands back to them', () => {
    const from = ['a', 'b', 'c', 'd', 'e', 'f'];
    const cases = [
      [from, [[0, 6]]],
      [
        ['a', 'b', 'd', 'e', 'f'],
        [
          [0, 2],
          [3, 3],
        ],
      ],
      [
        ['new', 'a', 'b', 'c', 'd', 'e', 'f', 'z'],
        ['new', [0, 6], 'z'],
      ],
      [
        ['f', 'e', 'a'],
        [
          [5, 1],
          [4, 1],
          [0, 1],
        ],
      ],
      [[], []],
    ] as const;
    for (const [to, steps] of cases) {
      expect(orderSteps(from, to)).toEqual(steps);
      expect(expandOrder(orderSteps(from, to), from, 'p')).toEqual(to);
    }
  });

  it('refuses a run past the old ids and an id named twice', () => {
    expect(() => expandOrder([[2, 5]], ['a', 'b', 'c'], 'p.json')).toThrow(/runs past the 3 ids/);
    expect(() => expandOrder([[0, 2], 'a'], ['a', 'b', 'c'], 'p.json')).toThrow(/names an id twice/);
  });
});

describe('catalog patch files', () => {
  const patch: CatalogPatch = {
    from: A,
    to: B,
    fromCount: 2,
    order: [[0, 2], 'c'],
    items: [['c', { id: 'c', title: 'C' }]],
    report: REPORT,
  };

  it('round-trip through their text, which is deterministic', () => {
    const text = serializeCatalogPatch(patch);
    expect(parseCatalogPatch(JSON.parse(text), 'p.json', { from: A, to: B })).toEqual(patch);
    expect(serializeCatalogPatch({ ...patch })).toBe(text);
  });

  it('are refused, naming the file and field, when malformed or leading elsewhere', () => {
    const json = JSON.parse(serializeCatalogPatch(patch));
    const bad: [unknown, RegExp][] = [
      [{ ...json, format: 'x' }, /is not a version 1/],
      [{ ...json, from: B }, /does not lead from the catalog/],
      [{ ...json, order: [[0]] }, /"order\[0\]" must be an id or \[start, count\]/],
      [{ ...json, items: [['c', 'text']] }, /"items\[0\]" must be \[id, record\]/],
      [{ ...json, report: { total: 1 } }, /"report" must be a catalog report/],
      [{ ...json, fromCount: -1 }, /"fromCount"/],
    ];
    for (const [value, message] of bad) {
      expect(() => parseCatalogPatch(value, 'p.json', { from: A, to: B })).toThrow(message);
      expect(() => parseCatalogPatch(value, 'p.json', { from: A, to: B })).toThrow(/catalog patch "p.json"/);
    }
    let caught: unknown;
    try {
      parseCatalogPatch(null, 'p.json', { from: A, to: B });
    } catch (err) {
      caught = err;
    }
    expect(caught).toMatchObject({ code: ErrorCodes.ARTIFACT_INVALID });
  });
});

describe('catalogPatches in the manifest', () => {
  const entry = { from: A, count: 1, file: { name: 'catalog-patch-0123456789abcdef.json', bytes: 10, sha256: A } };

  it('round-trip beside the catalog digest they lead to', async () => {
    const written = await withCatalog();
    const text = withPatches(written, [], [entry]).manifestText;
    const manifest = parseArtifactManifest(JSON.parse(text), 'manifest.json');
    expect(manifest.catalogPatches).toEqual([entry]);
    expect(serializeArtifactManifest(manifest)).toBe(text);
  });

  it('are refused without a catalog, from the catalog itself, twice from one catalog, or in another file name', async () => {
    const written = await withCatalog();
    const json = JSON.parse(written.manifestText);
    const bad: [unknown, RegExp][] = [
      [{ ...json, catalog: undefined, catalogPatches: [entry] }, /needs "catalog"/],
      [{ ...json, catalogPatches: [{ ...entry, from: B }] }, /is the catalog it leads to/],
      [{ ...json, catalogPatches: [entry, entry] }, /two patches from the same catalog/],
      [{ ...json, catalogPatches: [{ ...entry, file: { ...entry.file, name: 'x.json' } }] }, /must be "catalog-patch-\*\.json"/],
    ];
    for (const [value, message] of bad) expect(() => parseArtifactManifest(value, 'manifest.json')).toThrow(message);
  });
});
