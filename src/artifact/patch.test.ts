import { describe, expect, it } from 'vitest';
import { build, MODEL, makeItems } from '../../test/artifact-fixtures.ts';
import { contentHash } from '../catalog/hash.ts';
import { ErrorCodes } from '../errors.ts';
import { parseArtifactManifest, serializeArtifactManifest } from './manifest.ts';
import { changedSince, patchManifest, withPatches, writePatch } from './patch.ts';
import { decodeArtifact } from './read.ts';
import { describeTextRule } from './text-rule.ts';

const KEYS = ['a', 'b', 'c', 'd', 'e', 'f'];

/** Build 1 and build 2 (item "b" edited, "f" removed, "g" added), and the patch from 1 to 2. */
async function twoBuilds() {
  const before = await makeItems(KEYS);
  const after = (await makeItems([...KEYS.filter((k) => k !== 'f'), 'g'])).map(async (item) =>
    item.key === 'b' ? { ...item, hash: await contentHash('edited text of b', MODEL.key) } : item,
  );
  const items = await Promise.all(after);
  const one = await build(before);
  const two = await build(items);
  const previous = new Map(before.map((i) => [i.key, i.hash]));
  const input = { model: MODEL, textRule: await describeTextRule(), generator: 'inpage-rec test' };
  const patch = await writePatch(input, one.manifest.files[0]!.sha256, changedSince(items, previous));
  return { one, base: two, two: withPatches(two, [patch.patch]), patch };
}

describe('artifact patches', () => {
  it('hold the items changed since the older build, read back through the manifest', async () => {
    const { one, base, two, patch } = await twoBuilds();
    expect(patch.patch.from).toBe(one.manifest.files[0]!.sha256);
    expect(patch.patch.file.name).toMatch(/^patch-[0-9a-f]{16}\.bin$/);
    const manifest = parseArtifactManifest(JSON.parse(two.manifestText), 'manifest.json');
    expect(manifest.patches).toEqual([patch.patch]);
    // The text is the spec's (sections without their implied file) and round-trips unchanged.
    expect(serializeArtifactManifest(manifest)).toBe(two.manifestText);
    expect(JSON.parse(two.manifestText).patches[0].sections[0]).not.toHaveProperty('file');
    const read = await decodeArtifact(patchManifest(manifest, patch.patch), new Map([[patch.patch.file.name, patch.binary]]));
    expect(read.keys).toEqual(['b', 'g']);
    const whole = await decodeArtifact(manifest, new Map([[two.binaryName, two.binary]]));
    for (const key of read.keys) {
      const i = whole.keys.indexOf(key);
      expect(read.hashes[read.keys.indexOf(key)]).toBe(whole.hashes[i]);
      expect([...read.vector(read.keys.indexOf(key))]).toEqual([...whole.vector(i)]);
    }
    // Patches are listed in the manifest, not stored in the binary: its name and digest stay.
    expect(manifest.files).toEqual(base.manifest.files);
    expect(two.manifestText).not.toBe(base.manifestText);
  });

  it('a corrupt patch is refused by name, and manifests with bad patches name the field', async () => {
    const { two, patch } = await twoBuilds();
    const manifest = parseArtifactManifest(JSON.parse(two.manifestText), 'manifest.json');
    const bad = patch.binary.slice();
    bad[bad.length - 1]! ^= 0xff;
    await expect(decodeArtifact(patchManifest(manifest, patch.patch), new Map([[patch.patch.file.name, bad]]))).rejects.toMatchObject({
      code: ErrorCodes.ARTIFACT_INVALID,
      message: expect.stringContaining(`${patch.patch.file.name}": is corrupt`),
    });
    const json = JSON.parse(two.manifestText);
    const cases: [unknown, RegExp][] = [
      [[{ ...json.patches[0], from: 'xyz' }], /"patches\[0\]\.from" must be 64 lowercase hex/],
      [[{ ...json.patches[0], count: 99 }], /"patches\[0\]\.count" is 99, more than the artifact's 6 items/],
      [[json.patches[0], json.patches[0]], /two patches from the same build/],
      [[{ ...json.patches[0], file: { ...json.patches[0].file, name: 'vectors-1.bin' } }], /must start with "patch-"/],
      [[{ ...json.patches[0], sections: json.patches[0].sections.slice(1) }], /patches\[0\]: the required section "keys" is missing/],
      ['no', /"patches" must be a list/],
    ];
    for (const [patches, message] of cases) {
      expect(() => parseArtifactManifest({ ...json, patches }, 'manifest.json')).toThrow(message);
    }
  });
});
