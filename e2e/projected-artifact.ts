/**
 * Test artifacts for projected vectors (`inpage-rec build --dims`, e2e/projection.spec.ts), made in
 * Node from the demo's real vectors (dist/demo/vectors) through the build's own projection step
 * (src/cli/projection-step.ts), as a first build with `--dims` over that build would:
 * - `projected-new/`: without `heldOut`, which the page then embeds and projects itself;
 * - `projected-all/`: the same projection, with `heldOut` projected by the build.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ItemCode } from '../src/artifact/index.ts';
import { quantize } from '../src/artifact/quantize.ts';
import { writeArtifact } from '../src/artifact/write.ts';
import { validateCatalog } from '../src/catalog/validate.ts';
import { readPrevious, writeOutput } from '../src/cli/output.ts';
import { codeBitsFor, fitAndProject, projectCodes } from '../src/cli/projection-step.ts';
import { createEncoder } from '../src/encoder/index.ts';
import { E2E_BUILD_DIR, MODELS_DIR, ROOT } from '../test/paths.ts';

/** The projection's dimensions in these tests (the demo's 659 items). */
export const E2E_DIMS = 64;

/** Writes both artifacts under /e2e-app/projected-{new,all}/. */
export async function writeProjectedArtifacts(heldOut: string): Promise<void> {
  const previous = await readPrevious(join(ROOT, 'dist', 'demo', 'vectors'));
  if (previous.kind !== 'ok') throw new Error('dist/demo/vectors is missing: run the build first');
  const a = previous.artifact;
  const { model, textRule } = a.manifest;
  const stored = new Map<string, ItemCode>(
    a.hashes.map((hash, i) => [hash, { code: a.codes.slice(i * a.dims, (i + 1) * a.dims), scale: a.scales[i]! }]),
  );
  const catalog = JSON.parse(readFileSync(join(ROOT, 'public', 'demo', 'catalog.json'), 'utf8')) as { id: string }[];
  // Fitted on the items the build has: the held-out one never took part in it.
  const kept = catalog.filter((item) => item.id !== heldOut);
  const { entries: keptEntries } = await validateCatalog(kept, { rule: textRule.rule, modelKey: model.key });
  const withoutIt = await fitAndProject(kept, textRule.rule, model, E2E_DIMS, keptEntries, stored);
  const { entries: allEntries } = await validateCatalog(catalog, { rule: textRule.rule, modelKey: withoutIt.model.key });
  const { entries: rawEntries } = await validateCatalog(catalog, { rule: textRule.rule, modelKey: model.key });
  // The held-out item's vector as the page makes it (the q8 graph with float activations), not as
  // the CLI does (int8 activations, within cosine .999 of the page's: test/encoder-parity.test.ts,
  // e2e/demo.spec.ts): this test compares the page's projection with the build's, and a
  // difference of graphs would move the scores it compares by up to ~.03.
  const held = rawEntries.find((e) => e.key === heldOut)!;
  const encoder = await createEncoder({ modelBase: MODELS_DIR, dtype: 'q8' });
  stored.set(held.hash, quantize(await encoder.embed([held.text])));
  await encoder.dispose();
  const allCodes = projectCodes(rawEntries, allEntries, stored, withoutIt.fitted.projection);
  const extra = [{ name: withoutIt.fitted.entry.file.name, bytes: withoutIt.fitted.bytes }];
  const out = async (dir: string, entries: typeof allEntries, codes: Map<string, ItemCode>) => {
    const items = entries.map((e) => ({ key: e.key, hash: e.hash, ...codes.get(e.hash)! }));
    const written = await writeArtifact({
      model: withoutIt.model,
      textRule,
      generator: 'e2e',
      items,
      codeBits: codeBitsFor(withoutIt.model),
    });
    await writeOutput(join(E2E_BUILD_DIR, dir), written, [], [], undefined, extra);
  };
  await out('projected-new', withoutIt.entries, withoutIt.stored);
  await out('projected-all', allEntries, allCodes);
}
