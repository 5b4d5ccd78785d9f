/**
 * `npm run eval [-- --data <folder>]... [--text-field <name>] [--dtype q8|fp32]
 *   [--rounds 1000] [--max-queries N] [--baselines-only] [--quick] [--no-validation] [--no-search]
 *   [--no-modes | --modes-only] [--out eval/results]`
 *
 * Evaluates the library's ranking on every dataset folder given (a folder holding `derived/`, or a
 * folder of such folders; default ../shared/datasets): next-item (test split, cold targets),
 * item-to-item, the minScore cut-off, search (keyword / vector / hybrid; known-item queries, and
 * the judged queries of eval/search-truth), the site signals' wire size, the defaults chosen on the
 * validation split, and each mode on its own truth (eval/mode-truth: substitutes, complements, the
 * cold visitor). A catalog without interactions (Steam) gets the judged search queries and the
 * per-mode part; `--modes-only` runs only the latter, `--no-modes` leaves it out. Prints one
 * markdown report (and JSON) and
 * writes eval.md, eval.json and quality-summary.md (the tables for docs/quality.md) to `--out`. Vectors come from the library's
 * encoder in Node, cached under .cache/vectors (see tools/embed-cache.ts). The data are read at run
 * time and never copied.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { HYBRID_KEYWORD_WEIGHT, ScoreCalibration } from '../src/recommend/index.ts';
import { DATASETS_DIR, ROOT } from '../test/paths.ts';
import { embedCached } from '../tools/embed-cache.ts';
import { cutoffTable } from './cutoff.ts';
import { datasetDirs, loadDataset } from './dataset.ts';
import { similarDiversityTable } from './diversity.ts';
import { evaluate, type TaskResult } from './evaluate.ts';
import { textWarnings, warningBanner } from './inputs.ts';
import { ItemVectors } from './methods.ts';
import type { ModeEvalInput } from './mode-truth/evaluate.ts';
import { fieldedOffice } from './mode-truth/office-fielded.ts';
import { isOfficeLike } from './mode-truth/office-truth.ts';
import { judgeable, modeSection } from './mode-truth/run-modes.ts';
import { markdownReport, summaryTable } from './report.ts';
import { chooseFusionWeight, type FusionValidation, type SearchRow, searchReport } from './search-eval.ts';
import { evaluateSearchTruth, type TruthRow } from './search-truth/evaluate.ts';
import { hasJudgedQueries } from './search-truth/queries.ts';
import { truthSummary, truthTable } from './search-truth/report.ts';
import { shippedMethods, type TruthCatalog, truthCatalog } from './search-truth/shipped.ts';
import { type SignalSize, signalSize, signalSizeTable } from './signal-size.ts';
import { datasetFacets, datasetNames, datasetTexts } from './texts.ts';
import { type ValidationInput, validate } from './validation.ts';

const { values: args } = parseArgs({
  options: {
    data: { type: 'string', multiple: true },
    'text-field': { type: 'string' },
    dtype: { type: 'string', default: 'q8' },
    rounds: { type: 'string', default: '1000' },
    'max-queries': { type: 'string' },
    'baselines-only': { type: 'boolean', default: false },
    quick: { type: 'boolean', default: false },
    'no-validation': { type: 'boolean', default: false },
    'no-search': { type: 'boolean', default: false },
    'no-modes': { type: 'boolean', default: false },
    'modes-only': { type: 'boolean', default: false },
    out: { type: 'string', default: join(ROOT, 'eval', 'results') },
  },
});
if (args.dtype !== 'q8' && args.dtype !== 'fp32') throw new Error(`--dtype must be q8 or fp32, got ${args.dtype}`);
const dtype = args.dtype;
const log = (m: string) => console.error(m);

interface Report {
  dataset: string;
  items: number;
  users: number;
  text: string;
  warnings: string[];
  encoder?: Record<string, unknown>;
  tasks: TaskResult[];
  search?: SearchRow[];
  signals?: SignalSize[];
}
const reports: Report[] = [];
const markdown: string[] = [];
const warnings: string[] = [];
const sizes: SignalSize[] = [];
const validationInputs: ValidationInput[] = [];
const searchValidation: FusionValidation[] = [];
const truthCatalogs: TruthCatalog[] = [];
const embedQueries = async (qs: string[], name: string) => (await embedCached(qs, { name, dtype })).vectors;
const modeInputs: ModeEvalInput[] = [];
const modes = !args['no-modes'] && !args['baselines-only'];
for (const dir of datasetDirs(args.data ?? [DATASETS_DIR])) {
  const data = loadDataset(dir);
  // A catalog without interactions or relevance lists (Steam) has only the judged search queries
  // and its substitutes (the per-mode part).
  const bare = !data.sequences.length && !data.relevance.length;
  const modesOnly = args['modes-only'] === true;
  const wantModes = modes && judgeable({ data });
  const wantTruth = !modesOnly && !args['no-search'] && !args['baselines-only'] && hasJudgedQueries(data);
  if ((modesOnly || bare) && !wantModes && !wantTruth) {
    log(`${data.name}: nothing to evaluate (skipped)`);
    continue;
  }
  const { texts, rule } = datasetTexts(data, args['text-field']);
  const found = textWarnings(data.name, texts);
  if (found.length) log(warningBanner(found));
  warnings.push(...found);
  const report: Report = {
    dataset: data.name,
    items: data.items.length,
    users: data.sequences.length,
    text: rule,
    warnings: found,
    tasks: [],
  };
  const sections: string[] = [];
  let vectors: ItemVectors | undefined;
  let int8Vectors: ItemVectors | undefined;
  let calibration: ScoreCalibration | undefined;
  if (!args['baselines-only']) {
    const embedded = await embedCached(texts, {
      name: data.name,
      dtype,
      onProgress: (done, total) => done % 1024 < 32 && log(`${data.name}: embedded ${done}/${total}`),
    });
    const ids = data.items.map((i) => i.id);
    vectors = new ItemVectors(
      ids,
      embedded.vectors,
      embedded.dims,
      'flat',
      texts,
      datasetNames(data),
      datasetFacets(data, args['text-field']),
    );
    if (!args.quick && !modesOnly && !bare) int8Vectors = new ItemVectors(ids, embedded.vectors, embedded.dims, 'int8'); // cosine-only variants: no word overlap
    calibration = ScoreCalibration.fromVectors(embedded.vectors, embedded.dims);
    report.encoder = {
      model: 'use-lite-en',
      dims: embedded.dims,
      dtype,
      fromCache: embedded.fromCache,
      embedSeconds: Math.round(embedded.ms / 100) / 10,
    };
    if (data.sequences.length && !modesOnly) validationInputs.push({ data, vectors, calibration });
    if (modes && judgeable({ data })) modeInputs.push({ data, vectors, texts });
    // Office again, its text split into title, category and brand as a shop's feed holds it: where
    // similar's reading of an item's own name shows (eval/mode-truth/office-fielded.ts).
    if (modes && isOfficeLike(data) && !args['text-field']) {
      const fielded = fieldedOffice(data);
      const { vectors: v, dims } = await embedCached(fielded.texts, { name: fielded.data.name, dtype });
      const fieldedVectors = new ItemVectors(
        ids,
        v,
        dims,
        'flat',
        fielded.texts,
        datasetNames(fielded.data),
        datasetFacets(fielded.data, undefined),
      );
      modeInputs.push({ ...fielded, vectors: fieldedVectors, modes: ['similar'] });
    }
  }
  if (modesOnly) continue;
  const start = performance.now();
  report.tasks = bare
    ? []
    : evaluate(data, {
        vectors,
        int8Vectors,
        calibration,
        quick: args.quick,
        rounds: Number(args.rounds),
        maxQueries: args['max-queries'] ? Number(args['max-queries']) : undefined,
        onProgress: (m) => log(`${data.name}: ${m}`),
      });
  if (vectors && calibration)
    for (const task of data.relevance)
      sections.push(cutoffTable(task, vectors, calibration), similarDiversityTable(task, vectors, calibration));
  if (vectors && !args['no-search'] && !bare) {
    const search = await searchReport(data, vectors, embedQueries);
    report.search = search.rows;
    searchValidation.push(search.validation);
    sections.push(search.markdown);
  }
  if (vectors && wantTruth) truthCatalogs.push(await truthCatalog(data, vectors, texts, embedQueries));
  if (data.sequences.length) {
    report.signals = signalSize(data);
    sizes.push(...report.signals);
  }
  log(`${data.name}: evaluated in ${((performance.now() - start) / 1000).toFixed(1)} s`);
  reports.push(report);
  const cond = `${data.items.length.toLocaleString('en-US')} items, ${data.sequences.length.toLocaleString('en-US')} users; text: ${rule}; ${vectors ? `encoder use-lite-en ${dtype} (${vectors.dims}-d) in Node` : 'baselines only'}`;
  markdown.push(
    [found.length ? `> **${found.join('; ')}**\n` : '', markdownReport(data.name, cond, report.tasks), ...sections].join('\n\n'),
  );
}
if (sizes.length) markdown.push(signalSizeTable(sizes));
let truthMd = '';
let truth: { test: TruthRow[]; validation: TruthRow[]; seconds: number } | undefined;
if (truthCatalogs.length) {
  const start = performance.now();
  const queries = truthCatalogs.flatMap((c) => c.queries);
  const methods = shippedMethods(truthCatalogs);
  const ordered = { hybrid: methods.hybrid, keyword: methods.keyword, vector: methods.vector };
  const test = await evaluateSearchTruth(queries, ordered, 'test');
  const validation = await evaluateSearchTruth(queries, ordered, 'validation'); // for tuning; reported in eval.json
  truth = { test: test.rows, validation: validation.rows, seconds: Math.round((performance.now() - start) / 100) / 10 };
  log(`search truth: ${queries.length} judged queries evaluated in ${truth.seconds} s`);
  truthMd = truthSummary(test);
  markdown.push(truthTable(test, 'test'));
}
const perMode = await modeSection(modeInputs, {
  rounds: Number(args.rounds),
  maxQueries: args['max-queries'] ? Number(args['max-queries']) : undefined,
  log,
});
if (perMode.markdown) markdown.push(perMode.markdown);
let validationMd = '';
if (validationInputs.length && !args['no-validation']) {
  const fusion = searchValidation.length ? chooseFusionWeight(searchValidation) : undefined;
  const result = validate(validationInputs, log, fusion?.row);
  validationMd = result.markdown;
  if (fusion && fusion.weight !== HYBRID_KEYWORD_WEIGHT)
    validationMd += `\n\n> **WARNING: hybrid search keyword weight chosen ${fusion.weight}, shipped ${HYBRID_KEYWORD_WEIGHT}.**`;
  markdown.push(validationMd);
}
const summary = reports.length ? summaryTable(reports) : '';
const banner = warningBanner(warnings);
const full = [banner ? `\`\`\`\n${banner}\n\`\`\`` : '', summary, truthMd, ...markdown].filter(Boolean).join('\n\n');
const json = {
  eval: 'inpage-rec quality',
  date: new Date().toISOString(),
  protocol:
    'leave-last-out next item and item-to-item, full ranking, history excluded, ties counted as their expectation; defaults chosen on the validation split',
  warnings,
  reports,
  searchTruth: truth,
  modes: perMode.results,
};
mkdirSync(args.out!, { recursive: true });
// Per-query arrays are for paired comparisons in the process, not for the report.
writeFileSync(
  join(args.out!, 'eval.json'),
  JSON.stringify(json, (key, value) => (key === 'perQuery' ? undefined : value), 2),
);
writeFileSync(join(args.out!, 'eval.md'), full);
writeFileSync(
  join(args.out!, 'quality-summary.md'),
  [summary, truthMd, perMode.markdown, sizes.length ? signalSizeTable(sizes) : '', validationMd].filter(Boolean).join('\n\n'),
);
console.log(full);
if (banner) log(banner);
