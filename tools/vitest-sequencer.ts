/**
 * Vitest's file order, with the suite's longest files first. Vitest runs files longest-first only
 * when its cache (node_modules/.vite) holds their durations from an earlier run; a clean clone, as
 * in CI, has none, and Vitest then runs larger files first. The 100 s eval file is 99 lines: in a
 * clean-clone run on 2 workers it started at 82 s and the 26 s tokenizer file at 201 s of 228 s,
 * with 364 s of files in all (182 s per worker). The files below took over 10 s there; the rest
 * keep Vitest's order.
 */
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/** Repository paths, longest first (CI's clean-clone run, 2 workers). */
export const LONGEST_FILES = [
  'eval/quality.test.ts', // 100 s: the Office eval, embedding its items with the real model
  'test/remote-recall.test.ts', // 63 s
  'tools/use-lite/tokenizer.test.ts', // 26 s
  'test/cli-projection.test.ts', // 24 s
  'src/server/load.test.ts', // 13 s
  'test/cli-interactions.test.ts', // 10 s
];

/** Vitest's default order, then the `LONGEST_FILES` moved to the front in their order. */
export default class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (spec: TestSpecification) => {
      const at = LONGEST_FILES.findIndex((path) => spec.moduleId.endsWith(`/${path}`));
      return at < 0 ? LONGEST_FILES.length : at;
    };
    // Array sort is stable: the other files stay in Vitest's order.
    return sorted.sort((a, b) => rank(a) - rank(b));
  }
}
