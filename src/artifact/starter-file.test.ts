import { describe, expect, it } from 'vitest';
import { build, makeItems } from '../../test/artifact-fixtures.ts';
import { sha256Hex } from '../digest/sha256.ts';
import { parseArtifactManifest, serializeArtifactManifest } from './manifest.ts';
import { decodeStarter, encodeStarter } from './starter-file.ts';
import { writeArtifact } from './write.ts';

const items = [
  { id: 'a', title: 'Tent' },
  { id: 7, title: 'Stove', price: 12 },
];

describe('the starter file', () => {
  it('round-trips its records, content-addressed, named in the manifest', async () => {
    const { bytes, entry } = await encodeStarter({ basis: 'popular', items });
    expect(entry).toMatchObject({ basis: 'popular', count: 2, file: { name: expect.stringMatching(/^starter-[0-9a-f]{16}\.json$/) } });
    expect(await decodeStarter(bytes, entry, 'starter.json')).toEqual({ basis: 'popular', items });
    const written = await build(await makeItems(['a', 'b']));
    const manifest = { ...written.manifest, starter: entry };
    const text = serializeArtifactManifest(manifest);
    expect(parseArtifactManifest(JSON.parse(text), 'm.json').starter).toEqual(entry);
    // Through the writer too, and absent when not given.
    const input = { model: written.manifest.model, textRule: written.manifest.textRule, generator: 't', items: await makeItems(['a']) };
    expect((await writeArtifact({ ...input, starter: entry })).manifest.starter).toEqual(entry);
    expect((await writeArtifact(input)).manifest).not.toHaveProperty('starter');
  });

  it("refuses bytes that are not the manifest's, and records without an id, naming the file", async () => {
    const { bytes, entry } = await encodeStarter({ basis: 'sample', items });
    const other = await encodeStarter({ basis: 'sample', items: [items[0]!] });
    await expect(decodeStarter(other.bytes, entry, 's.json')).rejects.toThrow(/"s.json": does not match the SHA-256/);
    await expect(decodeStarter(bytes, { ...entry, count: 3 }, 's.json')).rejects.toThrow(/holds 2 items, its manifest says 3/);
    await expect(decodeStarter(bytes, { ...entry, basis: 'popular' }, 's.json')).rejects.toThrow(/basis "popular"/);
    const noId = await encodeStarter({ basis: 'sample', items: [{ title: 'x' } as never] });
    await expect(decodeStarter(noId.bytes, noId.entry, 's.json')).rejects.toThrow(/not a record with an id/);
    const notJson = new TextEncoder().encode('{');
    const entryOf = (await encodeStarter({ basis: 'sample', items })).entry;
    await expect(
      decodeStarter(notJson, { ...entryOf, file: { ...entryOf.file, sha256: await sha256Hex(notJson) } }, 's.json'),
    ).rejects.toThrow(/not UTF-8 JSON/);
  });

  it('a manifest with a bad starter entry is refused, naming the field', async () => {
    const written = await build(await makeItems(['a']));
    const { entry } = await encodeStarter({ basis: 'sample', items });
    const parse = (starter: unknown) => () =>
      parseArtifactManifest({ ...JSON.parse(serializeArtifactManifest(written.manifest)), starter }, 'm.json');
    expect(parse({ ...entry, basis: 'best' })).toThrow(/"starter.basis" must be "popular" or "sample"/);
    expect(parse({ ...entry, file: { ...entry.file, name: 'x.json' } })).toThrow(/"starter.file.name" must be "starter-<16 hex>.json"/);
    expect(parse({ ...entry, file: { ...entry.file, name: '../starter.json' } })).toThrow(/plain file name/);
  });
});
