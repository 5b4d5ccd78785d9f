/**
 * `npx tsx bench/learn.ts [--quick] [--rows N]`: what training the learned space costs the build
 * (src/cli/learned-section.ts, the recipe `inpage-rec build --interactions` runs), against the
 * issue's budgets on this machine: Office- or MovieLens-size logs in <= 60 s, 5M interaction rows
 * in <= 10 min, peak memory <= 2 GB. Real logs and vectors for the two datasets (../shared, read at
 * run time; vectors from the Node encoder, cached); for the 5M rows a synthetic log (sessions of
 * 2-8 items, Zipf-like popularity) over 32,135 random unit vectors, since time and memory depend
 * on the sizes, not on what the items are. --quick: the two datasets only.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadDataset } from '../eval/dataset.ts';
import { embeddedItems } from '../eval/embedded-items.ts';
import { datasetTexts } from '../eval/texts.ts';
import { learnedSection } from '../src/cli/learned-section.ts';
import { type FlatSessions, flattenSessions } from '../src/signals/build.ts';
import { Prng } from '../src/vector-index/prng.ts';
import { randomUnitVectors } from '../test/helpers/vectors.ts';
import { DATASETS_DIR } from '../test/paths.ts';
import { conditions } from './conditions.ts';
import { writeResult } from './results.ts';
import { mib, round } from './stats.ts';

const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false }, rows: { type: 'string', default: '5000000' } } });

interface Row {
  case: string;
  items: number;
  rows: number;
  sessions: number;
  pairs: number;
  seconds: number;
  budgetSeconds: number;
  peakRssMiB: number;
  sectionBytes: number;
  /** The propagation the build chose on held-out sessions (null: none), and how many trainings ran. */
  propagation: { layers: number; alpha: number } | null;
  trainings: number;
}

/** Sessions as the build's collector gives them: each item once per session, in order. */
function distinct(sequences: readonly (readonly number[])[]): FlatSessions {
  return flattenSessions(sequences.map((s) => [...new Set(s)]));
}

async function measure(name: string, vectors: Float32Array, dims: number, sessions: FlatSessions, budgetSeconds: number): Promise<Row> {
  const before = process.resourceUsage().maxRSS;
  const t0 = performance.now();
  const { summary } = await learnedSection(vectors, dims, sessions);
  const seconds = (performance.now() - t0) / 1000;
  const row: Row = {
    case: name,
    items: vectors.length / dims,
    rows: sessions.rows.length,
    sessions: sessions.start.length - 1,
    pairs: summary.pairs,
    seconds: round(seconds, 1),
    budgetSeconds,
    // maxRSS is the process's peak (KiB): it includes what the case loaded before training.
    peakRssMiB: round(mib(Math.max(before, process.resourceUsage().maxRSS) * 1024), 0),
    sectionBytes: summary.bytes,
    propagation: summary.propagation.chosen,
    trainings: summary.trainings,
  };
  console.log(JSON.stringify(row));
  return row;
}

/** `rows` interactions in sessions of 2-8 items over `n` items, item i drawn with weight ~ 1 / (i + 10). */
function syntheticSessions(n: number, rows: number, rng: Prng): FlatSessions {
  const cumulative = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) cumulative[i] = total += 1 / (i + 10);
  const draw = () => {
    const x = rng.next() * total;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const sequences: number[][] = [];
  for (let done = 0; done < rows; ) {
    const length = Math.min(rows - done, 2 + rng.int(7));
    sequences.push(Array.from({ length }, draw));
    done += length;
  }
  return distinct(sequences);
}

const rows: Row[] = [];
for (const name of ['amazon-office-2014', 'movielens-latest-small']) {
  const dir = join(DATASETS_DIR, name);
  if (!existsSync(join(dir, 'derived', 'items.jsonl'))) continue;
  const data = loadDataset(dir);
  const { texts } = datasetTexts(data, undefined);
  const { embedded } = await embeddedItems(data, texts);
  rows.push(await measure(name, embedded.vectors, embedded.dims, distinct(data.sequences), 60));
}
if (!values.quick) {
  const rng = new Prng(42);
  const n = 32_135;
  rows.push(
    await measure(`synthetic ${values.rows} rows`, randomUnitVectors(n, 512, 42), 512, syntheticSessions(n, Number(values.rows), rng), 600),
  );
}
writeResult('learn', {
  benchmark: 'learn',
  conditions: {
    ...conditions({ quick: values.quick }),
    runtime: `Node ${process.version}`,
    backend: 'JavaScript (src/learn, src/cli/learned-section.ts), the build recipe (src/learn/recipe.ts)',
    threads: 1,
    data: 'amazon-office-2014 and movielens-latest-small (all sessions, vectors from the Node encoder q8); synthetic sessions over 32,135 random 512-d unit vectors',
  },
  rows,
});
