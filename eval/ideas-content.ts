/**
 * Content-side ideas for issue 13, scored on the VALIDATION split with the library's own candidate
 * and blend code: pseudo-relevance-feedback expansion of anchor queries (eval/expansion.ts) for
 * "similar" and for "for you" from content only, and mean-centring the catalog's vectors (removing
 * the direction every item shares, a known fix for "hub" items close to everything). "Similar" is
 * scored by its validation proxy: similar() of each user's newest history item, the second-to-last
 * item the target (nothing is tuned on `also_*`).
 */
import { type BlendWeights, CONTENT_BLEND, DEFAULT_BLEND, ScoreCalibration } from '../src/recommend/index.ts';
import type { SignalLookup } from '../src/signals/index.ts';
import { cachedIndex, splitSignals, type TableOptions, tableHr10, userTables } from './blend-eval.ts';
import { Bootstrap, mean } from './bootstrap.ts';
import { type Expansion, expandedQuery } from './expansion.ts';
import { ItemVectors } from './methods.ts';
import type { SplitInput } from './signal-choice.ts';
import { tuneWeights } from './tune.ts';

const f = (x: number) => x.toFixed(4).replace(/^0\./, '.').replace(/^-0\./, '-.');

/** One row of an ideas table: a setting, and per dataset its validation HR@10 with Δ vs the first row. */
interface Row {
  setting: string;
  hr: Float64Array[];
}

function table(title: string, names: readonly string[], rows: readonly Row[]): string {
  const out = [
    title,
    '',
    `| setting | ${names.map((n) => `${n} HR@10 [Δ vs first row, 95%]`).join(' | ')} |`,
    `|---|${names.map(() => '---|').join('')}`,
  ];
  for (const r of rows) {
    const cells = r.hr.map((hr, d) => {
      const base = rows[0]!.hr[d]!;
      const [lo, hi] = new Bootstrap(hr.length, 1000).difference(hr, base);
      return `${f(mean(hr))} [${f(lo)}, ${f(hi)}]`;
    });
    out.push(`| ${r.setting} | ${cells.join(' | ')} |`);
  }
  return out.join('\n');
}

const signalsCache = new WeakMap<SplitInput['split'], SignalLookup>();
/** The shipped signals of a split's logs (built once per split). */
function signalsOf(s: SplitInput): SignalLookup {
  let lookup = signalsCache.get(s.split);
  if (!lookup) {
    lookup = splitSignals(s.vectors, s.split.train, {}, undefined, 'exact');
    signalsCache.set(s.split, lookup);
  }
  return lookup;
}

/** Per-user validation HR@10 of each dataset for one table option; the content decay re-tuned when `tuneDecay`. */
function score(
  splits: readonly SplitInput[],
  options: (s: SplitInput) => TableOptions,
  weights: BlendWeights,
  tuneDecay: boolean,
  withSignals = false,
) {
  const sets = splits.map((s) => ({
    name: s.data.name,
    calibration: s.calibration,
    tables: userTables(s.vectors, s.split, withSignals ? signalsOf(s) : undefined, s.split.users, options(s)),
  }));
  const w = tuneDecay ? tuneWeights(sets, weights, ['contentDecay']).weights : weights;
  return sets.map((s) => tableHr10(s.tables, w, s.calibration));
}

/** PRF settings tried for "similar" (proxy) and "for you" (content only). */
export const SIMILAR_EXPANSIONS: Expansion[] = [3, 5, 10, 20].flatMap((m) => [0.25, 0.5, 1].map((w) => ({ neighbours: m, weight: w })));
export const FOR_YOU_EXPANSIONS: Expansion[] = [
  { neighbours: 3, weight: 0.5 },
  { neighbours: 3, weight: 1 },
  { neighbours: 10, weight: 0.25 },
  { neighbours: 10, weight: 0.5 },
];
export const SIGNAL_EXPANSIONS: Expansion[] = [
  { neighbours: 5, weight: 0, signalWeight: 0.25 },
  { neighbours: 5, weight: 0, signalWeight: 0.5 },
  { neighbours: 5, weight: 0.25, signalWeight: 0.25 },
];

/** The PRF tables (markdown). */
export function expansionTables(splits: readonly SplitInput[], log: (m: string) => void): string {
  const names = splits.map((s) => s.data.name);
  const run = (e: Expansion | undefined, lastOnly: boolean, signals: boolean) => {
    log(`ideas: expansion ${JSON.stringify(e ?? 'none')}${lastOnly ? ' (similar proxy)' : ''}${signals ? ' with signals' : ''}`);
    const options = (s: SplitInput): TableOptions => {
      const index = cachedIndex(s.vectors);
      const lookup = signals ? signalsOf(s) : undefined;
      return { lastOnly, anchorQuery: e && ((key) => expandedQuery(index, key, e, lookup)) };
    };
    return score(splits, options, signals ? DEFAULT_BLEND : CONTENT_BLEND, false, signals);
  };
  const label = (e: Expansion | undefined) =>
    e ? `${e.neighbours} neighbours x ${e.weight}${e.signalWeight ? `, "together" mean x ${e.signalWeight}` : ''}` : 'none (shipped)';
  const similar = [undefined, ...SIMILAR_EXPANSIONS].map((e) => ({ setting: label(e), hr: run(e, true, false) }));
  const similarSignals = [undefined, ...SIGNAL_EXPANSIONS].map((e) => ({ setting: label(e), hr: run(e, true, true) }));
  const forYou = [undefined, ...FOR_YOU_EXPANSIONS].map((e) => ({ setting: label(e), hr: run(e, false, false) }));
  return [
    table('**PRF query expansion, similar() (validation proxy: similar of the newest history item), content only**', names, similar),
    table('**PRF query expansion, similar() with site signals (the blend, one anchor; validation proxy)**', names, similarSignals),
    table('**PRF query expansion of every anchor, for-you from content only (shipped content decay)**', names, forYou),
  ].join('\n\n');
}

/** Vectors minus `beta` x their mean, re-normalised (a new index over them). */
export function centred(v: ItemVectors, beta: number): ItemVectors {
  const d = v.dims;
  const n = v.ids.length;
  const mu = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let k = 0; k < d; k++) mu[k]! += v.vectors[i * d + k]! / n;
  const out = new Float32Array(v.vectors.length);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let k = 0; k < d; k++) {
      const x = v.vectors[i * d + k]! - beta * mu[k]!;
      out[i * d + k] = x;
      s += x * x;
    }
    const inv = s > 0 ? 1 / Math.sqrt(s) : 0;
    for (let k = 0; k < d; k++) out[i * d + k]! *= inv;
  }
  return new ItemVectors(v.ids, out, d);
}

/** Mean-centring tables (markdown): similar proxy and for-you content only, content decay re-tuned. */
export function centringTables(splits: readonly SplitInput[], log: (m: string) => void, betas = [0, 0.5, 1]): string {
  const names = splits.map((s) => s.data.name);
  const similar: Row[] = [];
  const forYou: Row[] = [];
  for (const beta of betas) {
    log(`ideas: centring ${beta}`);
    const moved = splits.map((s) => {
      const vectors = beta ? centred(s.vectors, beta) : s.vectors;
      return { ...s, vectors, calibration: beta ? ScoreCalibration.fromVectors(vectors.vectors, vectors.dims) : s.calibration };
    });
    const setting = beta ? `centred, beta ${beta}` : 'raw vectors (shipped)';
    similar.push({ setting, hr: score(moved, () => ({ lastOnly: true }), CONTENT_BLEND, false) });
    forYou.push({ setting, hr: score(moved, () => ({}), CONTENT_BLEND, true) });
  }
  // What the library could do without an index of centred vectors: raw candidates (each anchor's
  // 50 nearest by raw cosine), then their cosines re-scored as centred ones (beta 1).
  log('ideas: centring 1 as a re-scoring of raw candidates');
  const setting = 'raw candidates, centred re-scoring (beta 1)';
  similar.push({ setting, hr: rescored(splits, true) });
  forYou.push({ setting, hr: rescored(splits, false) });
  return [
    table('**Mean-centred vectors, similar() (validation proxy)**', names, similar),
    table('**Mean-centred vectors, for-you from content only (content decay re-tuned)**', names, forYou),
  ].join('\n\n');
}

/** Per-user HR@10 with raw candidates whose cosines are replaced by centred cosines (content decay re-tuned for for-you). */
function rescored(splits: readonly SplitInput[], lastOnly: boolean): Float64Array[] {
  const sets = splits.map((s) => {
    const { ids, vectors: raw, dims: d } = s.vectors;
    const n = ids.length;
    const mu = new Float64Array(d);
    for (let i = 0; i < n; i++) for (let k = 0; k < d; k++) mu[k]! += raw[i * d + k]! / n;
    let mm = 0;
    for (let k = 0; k < d; k++) mm += mu[k]! * mu[k]!;
    const muDot = new Map<string, number>();
    ids.forEach((id, i) => {
      let x = 0;
      for (let k = 0; k < d; k++) x += mu[k]! * raw[i * d + k]!;
      muDot.set(id, x);
    });
    const tables = userTables(s.vectors, s.split, undefined, s.split.users, { lastOnly });
    for (const { table } of tables) {
      const m = table.anchors.length;
      table.keys.forEach((key, i) => {
        const mc = muDot.get(key)!;
        table.anchors.forEach((a, j) => {
          const ma = muDot.get(a.key)!;
          const c = table.cosine[i * m + j]!;
          table.cosine[i * m + j] = (c - mc - ma + mm) / Math.sqrt((1 - 2 * mc + mm) * (1 - 2 * ma + mm));
        });
      });
    }
    const moved = centred(s.vectors, 1);
    return { name: s.data.name, calibration: ScoreCalibration.fromVectors(moved.vectors, moved.dims), tables };
  });
  const w = lastOnly ? CONTENT_BLEND : tuneWeights(sets, CONTENT_BLEND, ['contentDecay']).weights;
  return sets.map((t) => tableHr10(t.tables, w, t.calibration));
}
