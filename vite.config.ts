/**
 * Vite configuration. Vitest reads its `test` block. The library, worker, script-tag bundle and demo
 * are built by `tools/build.ts` (npm run build), which calls Vite once per output format with
 * settings shared in that file, because one Vite config cannot emit ESM, an IIFE bundle and a
 * module worker side by side.
 */
import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Test files that take half a minute or more on a clean clone (CI, 2026-11-27: 140, 101, 30 and 22 s
 * of a 267 s run), slowest first. Without a results cache Vitest starts larger files first, and these
 * are small: the two longest started 69 and 82 s into the run, and the run ended ~30 s after the
 * rest, one worker idle. Started first, they overlap everything else.
 */
const SLOW_FILES = [
  'eval/quality.test.ts',
  'test/remote-recall.test.ts',
  'tools/use-lite/tokenizer.test.ts',
  'test/cli-projection.test.ts',
];

/** Vitest's order, with `SLOW_FILES` moved to the front. */
class SlowFilesFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (spec: TestSpecification) => {
      const i = SLOW_FILES.findIndex((path) => spec.moduleId.endsWith(`/${path}`));
      return i < 0 ? SLOW_FILES.length : i;
    };
    return sorted
      .map((spec, order) => ({ spec, order }))
      .sort((a, b) => rank(a.spec) - rank(b.spec) || a.order - b.order)
      .map(({ spec }) => spec);
  }
}

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'tools/**/*.test.ts', 'eval/**/*.test.ts'],
    environment: 'node',
    // Vitest's default is one worker fewer than the cores: a single worker on a 2-core machine.
    maxWorkers: 2,
    sequence: { sequencer: SlowFilesFirst },
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
