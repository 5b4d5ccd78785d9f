/**
 * Every default chosen by measurement, chosen here on the VALIDATION split (each user's
 * second-to-last item, signals from the sequences without their last two items): the content-only
 * recency decay, the blend weights with signals together with the signals' build options
 * (eval/signal-choice.ts), the signals' minimum support, and the diversity default. Prints what it found beside the shipped defaults and warns loudly when they differ.
 */
import {
  type BlendWeights,
  CONTENT_BLEND,
  CONTENT_DIVERSITY,
  DEFAULT_BLEND,
  DEFAULT_DIVERSITY,
  forYouBlended,
  intraListSimilarity,
  profileFromHistory,
  type ScoreCalibration,
} from '../src/recommend/index.ts';
import { DEFAULT_SIGNALS_OPTIONS } from '../src/signals/index.ts';
import { cachedIndex, splitSignals, userTables, viewEvents } from './blend-eval.ts';
import { Bootstrap, mean } from './bootstrap.ts';
import type { Dataset } from './dataset.ts';
import type { ItemVectors } from './methods.ts';
import { chooseSignalOptions, type SignalOptions, signalTuneSets } from './signal-choice.ts';
import { nextItemSplit } from './split.ts';
import { sameWeights, type TuneResult, type TuneSet, tuneWeights } from './tune.ts';

/** One dataset for validation. */
export interface ValidationInput {
  data: Dataset;
  vectors: ItemVectors;
  calibration: ScoreCalibration;
}

const f = (x: number) => x.toFixed(4).replace(/^0\./, '.').replace(/^-0\./, '-.');
export const DIVERSITY_SETTINGS = [0, 0.1, 0.2, 0.3, 0.5, 0.7];

type Prepared = ValidationInput & { split: ReturnType<typeof nextItemSplit> };
type Log = (m: string) => void;

/** The blend weights chosen: content only, and with signals at the chosen signal options. */
interface BlendChoice {
  content: TuneResult;
  blend: TuneResult;
  chosenOptions: SignalOptions;
  /** The table rows: content only, the blend with signals, then every signal option tried. */
  rows: string[];
}

/** Tunes the content-only weights, then the blend with signals at each signal option tried. */
function chooseBlends(splits: readonly Prepared[], names: readonly string[], log: Log): BlendChoice {
  log('validation: candidate tables without signals');
  const plain: TuneSet[] = splits.map((s) => ({
    name: s.data.name,
    calibration: s.calibration,
    tables: userTables(s.vectors, s.split, undefined),
  }));
  const content = tuneWeights(plain, CONTENT_BLEND, ['contentDecay', 'wordOverlap']);
  const signalChoice = chooseSignalOptions(splits, log);
  const blend = signalChoice.chosen.result;
  const w = blend.weights;
  const rows = [
    `| content only: recency decay, word overlap | ${content.weights.contentDecay}, ${content.weights.wordOverlap} | ${CONTENT_BLEND.contentDecay}, ${CONTENT_BLEND.wordOverlap} | ${names.map((n) => f(content.hr10[n]!)).join(' / ')} |`,
    `| blend with signals (content, together, next, popularity, signalDecay, contentDecay, wordOverlap) | ${w.content}, ${w.together}, ${w.next}, ${w.popularity}, ${w.signalDecay}, ${w.contentDecay}, ${w.wordOverlap} | ${DEFAULT_BLEND.content}, ${DEFAULT_BLEND.together}, ${DEFAULT_BLEND.next}, ${DEFAULT_BLEND.popularity}, ${DEFAULT_BLEND.signalDecay}, ${DEFAULT_BLEND.contentDecay}, ${DEFAULT_BLEND.wordOverlap} | ${names.map((n) => f(blend.hr10[n]!)).join(' / ')} |`,
  ];
  for (const t of signalChoice.trials) {
    const o = t.options;
    const tw = t.result.weights;
    rows.push(
      `| signals window ${o.window}, maxNeighbours ${o.maxNeighbours} (blend re-tuned: ${tw.together}, ${tw.next}, ${tw.popularity}, ${tw.signalDecay}, ${tw.contentDecay}, ${tw.wordOverlap}) | ${t === signalChoice.chosen ? 'chosen' : ''} | ${o.window === DEFAULT_SIGNALS_OPTIONS.window && o.maxNeighbours === DEFAULT_SIGNALS_OPTIONS.maxNeighbours ? 'shipped' : ''} | ${names.map((n) => f(t.result.hr10[n]!)).join(' / ')} |`,
    );
  }
  return { content, blend, chosenOptions: signalChoice.chosen.options, rows };
}

/**
 * "Similar" with signals, for information: one anchor, so only the signal weights matter; its proxy
 * is the blend of each user's newest history item alone (nothing is tuned on also_*). Not shipped
 * (see SIMILAR_PROXY_BLEND in specs.ts), so it does not count in `matches`.
 */
function similarRow(splits: readonly Prepared[], names: readonly string[], w: BlendWeights, options: SignalOptions, log: Log): string {
  log('validation: similar with signals (newest history item alone)');
  const similarSets = splits.map((s) => ({
    name: s.data.name,
    calibration: s.calibration,
    tables: userTables(s.vectors, s.split, splitSignals(s.vectors, s.split.train, options, undefined, 'exact'), s.split.users, {
      lastOnly: true,
    }),
  }));
  const similarAtBlend = tuneWeights(similarSets, w, []);
  const similar = tuneWeights(similarSets, w, ['together', 'next', 'popularity']);
  const sw = similar.weights;
  return `| similar with signals, for information (together, next, popularity; proxy: the newest history item alone) | ${sw.together}, ${sw.next}, ${sw.popularity} | ${w.together}, ${w.next}, ${w.popularity} (the for-you blend) | ${names.map((n) => f(similar.hr10[n]!)).join(' / ')} (for-you weights: ${names.map((n) => f(similarAtBlend.hr10[n]!)).join(' / ')}) |`;
}

/** HR@10 with the signals' minimum support at 1 and at 2 (the default), at the chosen options and blend. */
function minSupportRows(
  splits: readonly Prepared[],
  names: readonly string[],
  w: BlendWeights,
  options: SignalOptions,
  log: Log,
): string[] {
  log('validation: minSupport 1 and 2 at the chosen signal options');
  return [1, 2].map((minSupport) => {
    const r = tuneWeights(signalTuneSets(splits, { ...options, minSupport }), w, []);
    return `| signals minSupport ${minSupport} (at the chosen options and blend) | ${minSupport === 2 ? 'default (privacy: no pair from a single session)' : ''} | | ${names.map((n) => f(r.hr10[n]!)).join(' / ')} |`;
  });
}

/**
 * Diversity: HR@10 and intra-list similarity of the blended for-you list, per setting, with and
 * without signals; the lines of its table, and whether both chosen settings are the shipped ones.
 */
function diversitySection(
  splits: readonly Prepared[],
  names: readonly string[],
  blends: BlendChoice,
  log: Log,
): { lines: string[]; matches: boolean } {
  const withSignals = diversityTable(splits, blends.blend.weights, blends.chosenOptions, log);
  const contentOnly = diversityTable(splits, blends.content.weights, undefined, log);
  const lines = [
    '',
    '**Diversity (MMR) on the validation split**: for-you, HR@10 and intra-list similarity (ILS) of the top 10',
    '',
    `| mode | diversity | ${names.map((n) => `${n} HR@10 [Δ vs 0] | ILS@10`).join(' | ')} |`,
    `|---|---|${names.map(() => '---|---|').join('')}`,
  ];
  let matches = true;
  for (const [mode, t, shipped] of [
    ['with signals', withSignals, DEFAULT_DIVERSITY],
    ['content only', contentOnly, CONTENT_DIVERSITY],
  ] as const) {
    for (const [i, d] of DIVERSITY_SETTINGS.entries())
      lines.push(`| ${mode} | ${d}${d === t.chosen ? ' (chosen)' : ''} | ${t.cells[i]!.join(' | ')} |`);
    if (t.chosen !== shipped) matches = false;
  }
  lines.push(
    '',
    `Chosen: the largest setting whose HR@10 loss is not significant (paired 95% interval reaches 0) on every dataset; shipped DEFAULT_DIVERSITY = ${DEFAULT_DIVERSITY} (with signals), CONTENT_DIVERSITY = ${CONTENT_DIVERSITY}.`,
  );
  return { lines, matches };
}

/** Runs the choices; returns markdown and whether every shipped default matches the choice. */
export function validate(inputs: readonly ValidationInput[], log: Log, extraRow?: string): { markdown: string; matches: boolean } {
  const splits = inputs.map((i) => ({ ...i, split: nextItemSplit(i.data, 'validation') }));
  const names = inputs.map((i) => i.data.name);
  const blends = chooseBlends(splits, names, log);
  const { content, blend, chosenOptions } = blends;
  const out = [
    '## Defaults chosen on the validation split',
    '',
    `| choice | chosen | shipped | validation HR@10 (${names.join(' / ')}) |`,
    '|---|---|---|---|',
    ...blends.rows,
    similarRow(splits, names, blend.weights, chosenOptions, log),
    ...minSupportRows(splits, names, blend.weights, chosenOptions, log),
  ];
  if (extraRow) out.push(extraRow);
  const weightsMatch =
    sameWeights(content.weights, CONTENT_BLEND) &&
    sameWeights(blend.weights, DEFAULT_BLEND) &&
    chosenOptions.window === DEFAULT_SIGNALS_OPTIONS.window &&
    chosenOptions.maxNeighbours === DEFAULT_SIGNALS_OPTIONS.maxNeighbours;
  const diversity = diversitySection(splits, names, blends, log);
  out.push(...diversity.lines);
  const matches = weightsMatch && diversity.matches;
  if (!matches)
    out.push('', '> **WARNING: a shipped default differs from the validation choice above. Update src/recommend (blend.ts, mmr.ts).**');
  return { markdown: out.join('\n'), matches };
}

/** Cells (HR@10 with its paired interval vs 0, ILS) per setting and dataset, and the chosen setting. */
function diversityTable(splits: readonly Prepared[], weights: BlendWeights, signals: SignalOptions | undefined, log: Log) {
  const cells = DIVERSITY_SETTINGS.map(() => [] as string[]);
  const acceptable = new Set(DIVERSITY_SETTINGS);
  for (const s of splits) {
    log(`validation: diversity on ${s.data.name}${signals ? ' with signals' : ', content only'}`);
    const rows = diversityRuns(s, DIVERSITY_SETTINGS, weights, signals);
    const boot = new Bootstrap(rows[0]!.hr.length, 1000);
    rows.forEach((r, i) => {
      const [lo, hi] = boot.difference(r.hr, rows[0]!.hr);
      if (hi < 0) acceptable.delete(DIVERSITY_SETTINGS[i]!);
      cells[i]!.push(`${f(mean(r.hr))} [${f(lo)}, ${f(hi)}]`, f(mean(r.ils)));
    });
  }
  let chosen = 0;
  for (const d of DIVERSITY_SETTINGS) {
    if (!acceptable.has(d)) break;
    chosen = d;
  }
  return { cells, chosen };
}

function diversityRuns(s: Prepared, settings: readonly number[], weights: BlendWeights, options: SignalOptions | undefined) {
  const index = cachedIndex(s.vectors);
  const signals = options ? splitSignals(s.vectors, s.split.train, options, undefined, 'exact') : undefined;
  const vectorOf = (key: string) => index.vector(key);
  return settings.map((diversity) => {
    const hr = new Float64Array(s.split.users.length);
    const ils = new Float64Array(s.split.users.length);
    s.split.users.forEach((u, q) => {
      const profile = profileFromHistory(viewEvents(s.vectors.ids, u.history));
      const list = forYouBlended(index, profile, 10, undefined, {
        signals,
        calibration: s.calibration,
        weights,
        diversity,
        wordOverlap: s.vectors.wordOverlap,
      });
      hr[q] = list.some((r) => r.key === s.vectors.ids[u.target]) ? 1 : 0;
      ils[q] = intraListSimilarity(
        list.map((r) => r.key),
        vectorOf,
      );
    });
    return { hr, ils };
  });
}
