/**
 * Measurements behind the prebuilt-vectors claims (a measurement script, not a test; no number
 * fails it), on the Steam catalog from ../shared read at run time:
 *
 * - code: bytes per item and recall@10 of the artifact code on all 32k Steam vectors (the
 *   `.cache/vectors` cache of tools/embed-cache.ts), 1,000 queries, exact float32 top-10 as truth;
 * - throughput: the bundled CLI's encoder items/s against raw onnxruntime-node (same model file,
 *   same texts, same length-sorted batches of 32, default session options, only `run` timed),
 *   interleaved rounds;
 * - incremental: a cold CLI build of 10k items, then the same catalog with 1% of items changed;
 * - with `--full-steam`, a CLI build of the whole catalog.
 *
 *   npx tsx test/artifact-measure.ts [--full-steam] [--only code,throughput,incremental] [--rounds 2]
 *   (prints JSON; writes test-results/artifact-measure.json)
 */

import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { steamTexts } from '../bench/steam.ts';
import { quantize } from '../src/artifact/quantize.ts';
import { decodeArtifact } from '../src/artifact/read.ts';
import { describeTextRule } from '../src/artifact/text-rule.ts';
import { writeArtifact } from '../src/artifact/write.ts';
import { hashTexts } from '../src/catalog/hash.ts';
import { validateCatalog } from '../src/catalog/validate.ts';
import { buildCli } from '../tools/build-cli.ts';
import { embedCached } from '../tools/embed-cache.ts';
import { readSummary, runCli } from './cli-helpers.ts';
import { pairedBatches, rawOrt } from './measure-throughput.ts';
import { DATASETS_DIR, ROOT } from './paths.ts';
import { queryRows, recallAtK } from './recall.ts';

const KEY = 'use-lite-en:512:q8';
const STEAM = join(DATASETS_DIR, 'steam-games-catalog', 'derived', 'items.jsonl');
const log = (line: string) => process.stderr.write(`${line}\n`);
const work = mkdtempSync(join(tmpdir(), 'inpage-rec-measure-'));

function steamItems(limit = Infinity): Record<string, unknown>[] {
  return readFileSync(STEAM, 'utf8')
    .split('\n')
    .filter(Boolean)
    .slice(0, limit)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

function writeJsonl(name: string, items: unknown[]): string {
  const file = join(work, name);
  writeFileSync(file, `${items.map((i) => JSON.stringify(i)).join('\n')}\n`);
  return file;
}

async function measureCode() {
  const items = steamItems();
  const texts = steamTexts();
  const { vectors, dims } = await embedCached(texts, {
    name: 'steam-games-catalog',
    onProgress: (d, t) => d % 3200 === 0 && log(`  embedding ${d}/${t}`),
  });
  const hashes = await hashTexts(texts, KEY);
  // Real Steam ids as keys (2 items have none, 2 ids repeat: those get a position-based key).
  const seen = new Set<string>();
  const keys = items.map((it, i) => {
    const id = it.id == null ? '' : String(it.id);
    const key = id === '' || seen.has(id) ? `#${i}` : id;
    seen.add(key);
    return key;
  });
  const model = { id: 'use-lite-en', dtype: 'q8' as const, dims, key: KEY, file: 'onnx/model_quantized.onnx', sha256: '0'.repeat(64) };
  const written = await writeArtifact({
    model,
    textRule: await describeTextRule(),
    generator: 'measure',
    items: keys.map((key, i) => ({ key, hash: hashes[i]!, ...quantize(vectors.subarray(i * dims, (i + 1) * dims)) })),
  });
  const artifact = await decodeArtifact(written.manifest, new Map([[written.binaryName, written.binary]]));
  // Back to input order, so row i of `decoded` is row i of `vectors`.
  const at = new Map(artifact.keys.map((k, i) => [k, i]));
  const decoded = new Float32Array(vectors.length);
  keys.forEach((k, i) => {
    artifact.vector(at.get(k)!, decoded.subarray(i * dims, (i + 1) * dims));
  });
  const queries = queryRows(texts.length, 1000);
  log('  recall@10 ...');
  return {
    items: texts.length,
    bytes: written.binary.byteLength,
    bytesPerItem: written.binary.byteLength / texts.length,
    manifestBytes: written.manifestText.length,
    recallAt10ArtifactQueries: recallAtK(vectors, decoded, dims, queries, 10, true),
    recallAt10Float32Queries: recallAtK(vectors, decoded, dims, queries, 10, false),
    queries: queries.length,
  };
}

async function measureThroughput(cli: string, count: number, rounds: number) {
  const items = steamItems(count);
  const source = writeJsonl('throughput.jsonl', items);
  const { entries } = await validateCatalog(items, { modelKey: KEY });
  const texts = [...new Map(entries.map((e) => [e.hash, e.text])).values()];
  const out: { round: number; rawItemsPerSecond: number; cliItemsPerSecond: number; cliShares: Record<string, number> }[] = [];
  for (let round = 0; round < rounds; round++) {
    const raw = await rawOrt(texts, 32);
    const run = await runCli(cli, [
      'build',
      source,
      '--out',
      join(work, 'throughput'),
      '--full',
      '--no-progress',
      '--report-file',
      join(work, 'tp.json'),
    ]);
    if (run.code !== 0) throw new Error(run.stderr);
    const s = readSummary(join(work, 'tp.json'));
    const t = s.timings;
    // Where the CLI's encoder time goes: the model run (what raw measures), tokenising, pooling, the rest.
    const cliShares = { inference: t.inference / t.embed, tokenize: t.tokenize / t.embed, pool: t.pool / t.embed };
    out.push({ round, rawItemsPerSecond: raw, cliItemsPerSecond: s.embedded / (t.embed / 1000), cliShares });
    log(`  round ${round}: raw ${raw.toFixed(1)} items/s, CLI ${out.at(-1)!.cliItemsPerSecond.toFixed(1)} items/s`);
  }
  const raw = out.reduce((s, r) => s + r.rawItemsPerSecond, 0) / rounds;
  const viaCli = out.reduce((s, r) => s + r.cliItemsPerSecond, 0) / rounds;
  log('  paired per batch, in one process ...');
  const paired = await pairedBatches(texts, 32);
  return { texts: texts.length, batchSize: 32, rounds: out, meanRaw: raw, meanCli: viaCli, cliOverRaw: viaCli / raw, paired };
}

async function measureIncremental(cli: string, count: number) {
  const items = steamItems(count);
  const outDir = join(work, 'incremental');
  const build = async (file: string, extra: string[]) => {
    const run = await runCli(cli, ['build', file, '--out', outDir, '--no-progress', '--report-file', join(work, 'inc.json'), ...extra]);
    if (run.code !== 0) throw new Error(run.stderr);
    return readSummary(join(work, 'inc.json'));
  };
  const cold = await build(writeJsonl('inc-cold.jsonl', items), ['--full']);
  // 1%: every 100th item gets a changed title.
  const changed = items.map((it, i) => (i % 100 === 0 ? { ...it, title: `${String(it.title)} (Remastered)` } : it));
  const warm = await build(writeJsonl('inc-warm.jsonl', changed), []);
  return {
    items: count,
    changedItems: changed.filter((_, i) => i % 100 === 0).length,
    cold: { embedded: cold.embedded, embedMs: cold.timings.embed, totalMs: cold.timings.total },
    incremental: {
      embedded: warm.embedded,
      reused: warm.reused,
      embedMs: warm.timings.embed,
      totalMs: warm.timings.total,
      modelLoadMs: warm.timings.modelLoad,
    },
    embedRatio: warm.timings.embed / cold.timings.embed,
    embedPlusModelLoadRatio: (warm.timings.embed + warm.timings.modelLoad) / (cold.timings.embed + cold.timings.modelLoad),
    totalRatio: warm.timings.total / cold.timings.total,
  };
}

const conditions = () => ({
  cpu: cpus()[0]?.model,
  cores: cpus().length,
  node: process.version,
  loadavg: loadavg().map((l) => l.toFixed(2)),
});
const arg = (name: string) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined);
const only = arg('--only')?.split(',');
const part = (name: string) => !only || only.includes(name);
const result: Record<string, unknown> = { conditionsStart: conditions() };
try {
  const cli = await buildCli(join(ROOT, '.cache', 'cli-measure'));
  if (part('code')) {
    log('code: bytes and recall@10 on the full Steam vectors');
    result.code = await measureCode();
  }
  if (part('throughput')) {
    const rounds = Number(arg('--rounds') ?? 2);
    log(`throughput: CLI vs raw onnxruntime-node, 1,000 Steam items, ${rounds} interleaved rounds`);
    result.throughput = await measureThroughput(cli, 1000, rounds);
  }
  if (part('incremental')) {
    log('incremental: 10,000 Steam items, then 1% changed');
    result.incremental = await measureIncremental(cli, 10_000);
  }
  if (process.argv.includes('--full-steam')) {
    log('full Steam catalog through the CLI');
    const run = await runCli(cli, [
      'build',
      STEAM,
      '--out',
      join(work, 'steam'),
      '--no-progress',
      '--report-file',
      join(work, 'steam.json'),
    ]);
    const s = readSummary(join(work, 'steam.json'));
    result.fullSteam = {
      exit: run.code,
      count: s.count,
      skipped: s.report.skipped,
      bytes: s.bytes,
      bytesPerItem: s.bytes / s.count,
      timings: s.timings,
    };
  }
} finally {
  result.conditionsEnd = conditions();
  rmSync(work, { recursive: true, force: true });
}
mkdirSync(join(ROOT, 'test-results'), { recursive: true });
writeFileSync(join(ROOT, 'test-results', 'artifact-measure.json'), JSON.stringify(result, null, 2));
console.log(JSON.stringify(result, null, 2));
