/**
 * The demo's prebuilt artifact (dist/demo/vectors, written by the build) as a source of real
 * vectors for test artifacts of bigger catalogs: copies of demo items get their original's vector
 * with a small deterministic tilt, so no model runs.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { dequantizeInto, type ItemCode, quantize } from '../src/artifact/index.ts';
import { writeArtifact } from '../src/artifact/write.ts';
import { readPrevious, writeOutput } from '../src/cli/output.ts';
import { E2E_BUILD_DIR, ROOT } from '../test/paths.ts';

/** Reads the demo artifact; throws when the build has not written it. */
export async function demoArtifact() {
  const previous = await readPrevious(join(ROOT, 'dist', 'demo', 'vectors'));
  if (previous.kind !== 'ok') throw new Error('dist/demo/vectors is missing: run the build first');
  const a = previous.artifact;
  const { model, textRule } = a.manifest;
  const row = new Map(a.keys.map((k, i) => [k, i]));
  return {
    model,
    /**
     * The quantized vector of demo item `base`; with `phase`, tilted by 0.02 sin(0.37 d + row +
     * phase) first (a copy's vector; quantize renormalises).
     */
    vectorOf(base: string, phase?: number): ItemCode {
      const r = row.get(base);
      if (r === undefined) throw new Error(`"${base}" is not in the demo artifact`);
      const v = new Float32Array(model.dims);
      dequantizeInto(a.codes, r, model.dims, a.scales[r]!, v, 0);
      if (phase !== undefined) for (let d = 0; d < model.dims; d++) v[d]! += 0.02 * Math.sin(d * 0.37 + r + phase);
      return quantize(v);
    },
    /** Writes `items` (key, content hash, quantized vector) as an artifact of the demo's model under /e2e-app/<dir>/. */
    async write(dir: string, items: ({ key: string; hash: string } & ItemCode)[]): Promise<void> {
      mkdirSync(E2E_BUILD_DIR, { recursive: true });
      await writeOutput(join(E2E_BUILD_DIR, dir), await writeArtifact({ model, textRule, generator: 'e2e', items }), []);
    },
  };
}
