/**
 * Test artifacts for the learned space (e2e/learned.spec.ts), made in Node from the demo's real
 * vectors (dist/demo/vectors) and its invented orders, through the build's own section code
 * (src/cli/sections.ts, src/cli/learned-section.ts). One demo item, `heldOut`, plays an item added
 * after the build: it has no order in the logs, and
 * - `learned-new/`: the artifact lacks it; the page embeds and places it (both sides f(text));
 * - `learned-built/`: the same trained space, with the item placed by the build's projection of
 *   its CLI vector (what a build that knew the item, without orders for it, would write);
 * - `learned-none/`: `learned-new/` without the learned section (the raw space).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ItemCode, sortKeys } from '../src/artifact/index.ts';
import { writeArtifact } from '../src/artifact/write.ts';
import { learnedSection } from '../src/cli/learned-section.ts';
import { readPrevious, writeOutput } from '../src/cli/output.ts';
import { decodedVectors, signalsSection } from '../src/cli/sections.ts';
import { projectInto } from '../src/learn/learned-map.ts';
import { decodeLearned, encodeLearned } from '../src/learn/section.ts';
import { decodeSignals, encodeSignals, fnv1a, type NeighbourList } from '../src/signals/index.ts';
import { seededRandom } from '../src/signals/noise.ts';
import { E2E_BUILD_DIR, ROOT } from '../test/paths.ts';
import { demoOrders } from '../tools/demo-catalog/orders.ts';

type Item = { key: string; hash: string } & ItemCode;

/** The seed of the test release's noise (any seed; this one publishes 4 popular items). */
const RELEASE_SEED = 28;

/** Writes the three artifacts under /e2e-app/learned-{new,built,none}/. */
export async function writeLearnedArtifacts(heldOut: string): Promise<void> {
  const previous = await readPrevious(join(ROOT, 'dist', 'demo', 'vectors'));
  if (previous.kind !== 'ok') throw new Error('dist/demo/vectors is missing: run the build first');
  const a = previous.artifact;
  const { model, textRule } = a.manifest;
  const dims = a.dims;
  const all: Item[] = a.keys.map((key, i) => ({
    key,
    hash: a.hashes[i]!,
    code: a.codes.slice(i * dims, (i + 1) * dims),
    scale: a.scales[i]!,
  }));
  const kept = all.filter((i) => i.key !== heldOut);
  mkdirSync(E2E_BUILD_DIR, { recursive: true });
  // The orders without the held-out item: it came after them.
  const catalog = JSON.parse(readFileSync(join(ROOT, 'public', 'demo', 'catalog.json'), 'utf8')) as { id: string; category: string }[];
  const orders = join(E2E_BUILD_DIR, 'learned-orders.csv');
  writeFileSync(
    orders,
    // 3,000 orders, the size the learned space was measured with (the demo build writes 300,000).
    `${demoOrders(catalog, 3_000)
      .split('\n')
      .filter((line) => line.split(',')[1] !== heldOut)
      .join('\n')}\n`,
  );
  // Seeded noise: each release draws fresh noise, and how many popular items it publishes (1 to 6
  // of these 3,000 orders) decides how many cards a new visitor's list has left for the learned
  // space. The test compares spaces, not noise draws, so every run compares the same release.
  const signals = await signalsSection(
    orders,
    kept.map((i) => i.key),
    { privacy: { random: seededRandom(RELEASE_SEED) } },
  );
  const learned = (await learnedSection(decodedVectors(kept, dims), dims, signals.sessions)).bytes;
  const write = async (dir: string, items: Item[], sections: Record<string, Uint8Array>) =>
    writeOutput(join(E2E_BUILD_DIR, dir), await writeArtifact({ model, textRule, generator: 'e2e', items, sections }), []);
  await write('learned-new', kept, { signals: signals.bytes, learned });
  await write('learned-none', kept, { signals: signals.bytes });
  // The built variant: the held-out item's row inserted at its sorted place, both sides f(text).
  const space = decodeLearned(learned, kept.length, dims);
  const at = all.findIndex((i) => i.key === heldOut);
  const d = space.map.outDims;
  const placed = new Float32Array(d);
  projectInto(space.map, decodedVectors([all[at]!], dims), 0, placed);
  const insert = (v: Float32Array) => {
    const out = new Float32Array(v.length + d);
    out.set(v.subarray(0, at * d));
    out.set(placed, at * d);
    out.set(v.subarray(at * d), (at + 1) * d);
    return out;
  };
  const built = encodeLearned({ ...space, count: all.length, vectors: space.vectors.map(insert) });
  // The same published signals with an empty row for the item (it has no orders). Not a second
  // release of the orders: each release draws fresh noise (src/signals/private.ts), and this test
  // compares the two spaces' scores, not two noise draws.
  const allSignals = { bytes: withEmptyRow(signals.bytes, signals.ids, heldOut) };
  await write('learned-built', all, { signals: allSignals.bytes, learned: built });
}

/** `bytes` (signals over the sorted `ids`) with a row for `key` that has no neighbours and no popularity. */
function withEmptyRow(bytes: Uint8Array, ids: readonly string[], key: string): Uint8Array {
  const s = decodeSignals(bytes, ids);
  const all = sortKeys([...ids, key]);
  const at = all.indexOf(key);
  const shift = (l: NeighbourList): NeighbourList => ({ rows: l.rows.map((r) => (r >= at ? r + 1 : r)), weights: l.weights });
  const empty: NeighbourList = { rows: new Uint32Array(0), weights: new Uint8Array(0) };
  const insert = (lists: NeighbourList[]) => [...lists.slice(0, at).map(shift), empty, ...lists.slice(at).map(shift)];
  const popularity = new Uint8Array(all.length);
  popularity.set(s.popularity.subarray(0, at));
  popularity.set(s.popularity.subarray(at), at + 1);
  return encodeSignals({ count: all.length, idsHash: fnv1a(all), together: insert(s.together), next: insert(s.next), popularity });
}
