/**
 * The `inpage-rec` program: its `build` command, `assets` (src/cli/assets-command.ts) and `serve`
 * (src/cli/serve-command.ts).
 *
 *   inpage-rec build <catalog.json|.jsonl|URL> --out <dir> [options]
 *   inpage-rec assets <dir> [--dtype q8|fp32] [--no-compress]
 *   inpage-rec serve --db <postgres://...|folder> [--port 8787]
 *
 * Exit codes: 0 built (bad items reported and skipped), 1 failed (unreadable catalog, bad option,
 * model missing), 2 built but items were skipped and `--strict` was given.
 */
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Command, Option } from 'commander';
import { formatReport } from '../catalog/report.ts';
import type { PropagationChoice } from '../learn/choose-propagation.ts';
import { DEFAULT_EPSILON, MAX_EPSILON } from '../signals/index.ts';
import { assetsCommand } from './assets-command.ts';
import { type BuildSummary, runBuild } from './build.ts';
import { failureMessage } from './failure.ts';
import type { LearnedSummary } from './learned-section.ts';
import { type BuildFlags, resolveOptions } from './options.ts';
import { VERSION } from './package-info.ts';
import { createProgress } from './progress.ts';
import { checkFileTarget, checkFolderTarget, writeFileAtomic } from './safe-write.ts';
import type { SignalsSummary } from './sections.ts';
import { serveCommand } from './serve-command.ts';

const BUILD_EXAMPLES = `
Examples:
  inpage-rec build public/catalog.json --out public/inpage-rec/vectors
  inpage-rec build https://shop.example/catalog.jsonl -o dist/vectors --text-fields title,brand,description
  inpage-rec build public/catalog.json -o public/inpage-rec/vectors --interactions orders.csv --events purchase,cart
  inpage-rec build public/catalog.json -o public/inpage-rec/vectors --interactions orders_export.csv --columns "session=Name,item=Lineitem sku,ts=Created at"

Exit codes: 0 built (bad items are reported and skipped), 1 failed, 2 items were skipped and --strict was given.
`;

interface CliFlags extends BuildFlags {
  strict?: boolean;
  reportFile?: string;
  progress?: boolean;
}

/** The program, with its `build`, `assets` and `serve` commands. Exported so tests can read every flag. */
export function createProgram(): Command {
  const program = new Command('inpage-rec')
    .description('Build tools for inpage-rec, the in-page recommender.')
    .version(VERSION, '-v, --version')
    .showHelpAfterError();
  const build = buildCommandSpec();
  program.addCommand(build);
  const assets = assetsCommand();
  program.addCommand(assets);
  const serve = serveCommand();
  program.addCommand(serve);
  // `inpage-rec --help` documents every flag, not only the command list.
  program.addHelpText(
    'after',
    () => `\n${build.helpInformation()}${BUILD_EXAMPLES}\n${assets.helpInformation()}\n${serve.helpInformation()}`,
  );
  return program;
}

/** The `build` command. */
function buildCommandSpec(): Command {
  const build = new Command('build')
    .summary('embed a catalog into prebuilt vectors the browser loads instead of embedding')
    .description(
      'Embed a catalog at build time into a prebuilt-vectors artifact (manifest.json + vectors-<hash>.bin) that the browser loads instead of embedding. Uses the same model files, text rule and content hashes as the browser. Given its previous output in --out, it re-embeds only new or changed items.',
    )
    .argument('<catalog>', 'the catalog: a .json file (array, or object with "items"), a .jsonl file, or an http(s) URL')
    .requiredOption(
      '-o, --out <dir>',
      'output folder; serve it from your site (e.g. /inpage-rec/vectors/); a previous build there is reused',
    )
    .option('--model <id>', 'model id, as the browser option "model" (default: "use-lite-en")')
    .addOption(new Option('--dtype <dtype>', 'model weights, as the browser option "dtype" (default: "q8")').choices(['q8', 'fp32']))
    .option(
      '--text-fields <fields>',
      'comma-separated fields embedded first, as textRule.fields (default: title,name,brand,category,tags,description)',
    )
    .option('--config <file>', 'JSON file with createRecommender options: model, dtype, textRule, batchSize (flags win)')
    .option('--batch-size <n>', 'texts per model run of a Hugging Face --model (default: 32; the built-in one runs one)')
    .option('--models-dir <dir>', "folder holding model folders (default: the package's own models)")
    .option('--allow-remote-models', 'allow downloading a non-built-in model from the Hugging Face Hub')
    .option(
      '--interactions <file.csv>',
      "the site's own interactions (CSV: session_or_order_id,item_id[,ts][,event]; order or session logs) aggregated into per-item 'bought together' and 'viewed next' lists in the artifact; no visitor data is kept",
    )
    .option(
      '--events <list>',
      'with --interactions: count only rows whose event is one of these (comma-separated, e.g. purchase,cart; compared exactly); rows without an event are always counted',
    )
    .option(
      '--columns <map>',
      'with --interactions: read a file with a header line by its column names, e.g. "session=Name,item=Lineitem sku,ts=Created at[,event=Type]" (an order export as it is; other columns are ignored)',
    )
    .option(
      '--epsilon <number>',
      `with --interactions: differential-privacy budget per session of the published signals (default ${DEFAULT_EPSILON}, at most ${MAX_EPSILON}; smaller: more noise, less a reader of the artifact can learn about any one session)`,
    )
    .option(
      '--learned-space',
      'with --interactions: also train the shop\'s recommendation space on those sessions (the learned section, 96 bytes per item; "for you" then ranks in it)',
    )
    .option(
      '--dims <n|auto|none>',
      "project the vectors to n dimensions, fitted on this catalog: a smaller artifact (about 1.25 n + 40 bytes per item instead of 542) that ranks as the full vectors do; later builds in --out reuse the projection, --full fits a new one. auto (default): 128 from 5,000 items, or what the previous build in --out did; none: the encoder's 512",
    )
    .option(
      '--to <database>',
      'also load the catalog and vectors into Postgres + pgvector: a postgres:// URL, or a PGlite data folder (for `inpage-rec serve`)',
    )
    .option('--float-activations', 'run q8 with float activations as the page does (2x slower; default: int8 ones, one text per run)')
    .option('--full', 'ignore the previous build in --out and embed every item')
    .option('--strict', 'exit with code 2 when any catalog item was skipped (the artifact is still written)')
    .option('--max-problems <n>', 'catalog problems listed before "... and N more" (default: 20)')
    .option('--report-file <file>', 'also write the build summary and the full catalog report as JSON')
    .option('--no-progress', 'no progress bar or progress lines')
    .action(async (catalog: string, flags: CliFlags) => {
      process.exitCode = await buildCommand(catalog, flags);
    });
  build.addHelpText('after', BUILD_EXAMPLES);
  return build;
}

async function buildCommand(catalog: string, flags: CliFlags): Promise<number> {
  try {
    const options = await resolveOptions(catalog, flags);
    // Paths that cannot be written fail now, not after the model has embedded the whole catalog.
    checkFolderTarget(options.out, '--out');
    if (flags.reportFile !== undefined) checkFileTarget(flags.reportFile, '--report-file');
    const { summary } = await runBuild(options, {
      log: (line) => process.stdout.write(`${line}\n`),
      warn: (line) => process.stderr.write(`${line}\n`),
      progress: (label, total, unit) =>
        flags.progress === false
          ? { update() {}, stop() {} }
          : createProgress({ label, total, stream: process.stderr, ...(unit ? { unit } : {}) }),
    });
    process.stdout.write(`${formatReport(summary.report, { maxLines: options.maxProblems })}\n${describe(summary)}\n`);
    if (flags.reportFile !== undefined) {
      await mkdir(dirname(flags.reportFile), { recursive: true });
      await writeFileAtomic(flags.reportFile, `${JSON.stringify(summary, null, 2)}\n`);
    }
    return flags.strict && summary.report.skipped > 0 ? 2 : 0;
  } catch (err) {
    process.stderr.write(`inpage-rec build failed: ${failureMessage(err)}\n`);
    return 1;
  }
}

function describe(s: BuildSummary): string {
  const t = s.timings;
  const rate = t.embed > 0 ? `, ${Math.round(s.embedded / (t.embed / 1000))} items/s` : '';
  return [
    `wrote ${s.manifest} and ${s.binary}`,
    `  ${s.count} items (${s.model}): ${s.embedded} embedded, ${s.reused} reused, ${s.removed} removed; previous build: ${s.previous}`,
    `  ${s.bytes} bytes (${s.count ? Math.round(s.bytes / s.count) : 0} per item)`,
    `  pin this build in the page: vectorsIntegrity / data-vectors-integrity = ${s.integrity}`,
    `  ${(t.total / 1000).toFixed(1)} s: load ${ms(t.load)}, validate ${ms(t.validate)}, model ${ms(t.modelLoad)}, embed ${ms(t.embed)}${rate}, write ${ms(t.write)}`,
    ...(s.runtime ? [`  model run by ${s.runtime.replace(/^Node: /, '')}`] : []),
    ...(s.signals ? [describeSignals(s.signals, t.signals)] : []),
    ...(s.learned ? [describeLearned(s.learned)] : []),
    ...(s.indexStateBytes ? [`  index state: ${s.indexStateBytes} bytes (a first visit imports it instead of training)`] : []),
    ...(s.patches.length ? [describePatches(s.patches)] : []),
    ...(s.catalogPatches.length ? [describeCatalogPatches(s.catalogPatches)] : []),
    ...(s.database ? [describeDatabase(s.database)] : []),
  ].join('\n');
}

function describeDatabase(d: NonNullable<BuildSummary['database']>): string {
  const model = d.modelChanged ? ' (another model was replaced)' : '';
  return `  loaded into ${d.target}${model}: ${d.inserted} inserted, ${d.updated} updated, ${d.moved} moved, ${d.deleted} deleted, ${d.unchanged} unchanged; ${d.signals} signal rows`;
}

function describeCatalogPatches(patches: BuildSummary['catalogPatches']): string {
  const sizes = patches.map((p) => `${p.count} records, ${p.bytes} bytes`).join('; ');
  return `  catalog patches from the ${patches.length} previous ${patches.length === 1 ? 'catalog' : 'catalogs'}: ${sizes}`;
}

function describePatches(patches: BuildSummary['patches']): string {
  const sizes = patches.map((p) => `${p.count} items, ${p.bytes} bytes`).join('; ');
  return `  patches for returning visitors of the ${patches.length} previous ${patches.length === 1 ? 'build' : 'builds'}: ${sizes}`;
}

function describeSignals(s: SignalsSummary, time: number): string {
  const skipped = [
    `${s.unknownItems} of unknown items`,
    ...(s.events ? [`${s.filteredEvents} left out by --events ${s.events.join(',')}`] : []),
    ...(s.badLineCount ? [`${s.badLineCount} bad ${s.badLineCount === 1 ? 'line' : 'lines'} skipped`] : []),
  ];
  const p = s.privacy;
  const privacy = p
    ? `\n  privacy: epsilon ${p.epsilon} per session (differential privacy, delta 0); at most ${p.maxItemsPerSession} items of a session counted (${p.sessionsTrimmed} sessions trimmed); published from noisy counts of ${p.thresholds.together} (pairs) / ${p.thresholds.next} (next) / ${p.thresholds.popularity} (popularity) up`
    : '';
  return `  signals: ${s.sessions} sessions, ${s.interactions} interactions (${skipped.join('; ')}); ${s.itemsWithTogether} items with "bought together", ${s.itemsWithNext} with "viewed next"; ${s.bytes} bytes; ${ms(time)}${privacy}`;
}

function describeLearned(l: LearnedSummary): string {
  return `  learned space: ${l.sides === 2 ? 'query and target sides' : 'one side'} of ${l.outDims} dimensions (${l.bytesPerItem} bytes per item), ${l.pairs} pairs from ${l.anchors} items, ${l.itemsWithOffset} items with their own offset; loss ${l.loss[0].toFixed(3)} -> ${l.loss[1].toFixed(3)} over ${l.epochs} epochs; ${describePropagation(l.propagation)}; ${l.bytes} bytes; ${l.seconds.toFixed(1)} s`;
}

function describePropagation(c: PropagationChoice): string {
  const setting = (s: PropagationChoice['chosen']) => (s ? `${s.layers} hop, alpha ${s.alpha}` : 'none');
  const rates = c.hitRates.map((h) => `${setting(h.setting)} ${h.hitRate.toFixed(3)}`).join(', ');
  return `propagation ${setting(c.chosen)} (held-out next item HR@10 over ${c.queries} items: ${rates})`;
}

function ms(v: number): string {
  return v >= 1000 ? `${(v / 1000).toFixed(1)} s` : `${Math.round(v)} ms`;
}
