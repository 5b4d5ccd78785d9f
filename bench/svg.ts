/**
 * Hand-written SVG charts, no library: grouped vertical bars (optional p95-style whiskers and a
 * label per bar) and horizontal bars, each a panel with a title, a conditions caption and a legend.
 * Panels stack into one document. Log scales because benchmark values span decades.
 */

/** One coloured series of a chart. */
export interface Series {
  name: string;
  color: string;
}

/** One bar: its value, an optional whisker top (e.g. p95 above a p50 bar) and text above it. */
export interface Bar {
  value: number | null;
  whisker?: number;
  label?: string;
}

/** A grouped bar chart: one group per x label, one bar per series inside each group. */
export interface GroupedBars {
  title: string;
  caption: string[];
  unit: string;
  log: boolean;
  series: Series[];
  groups: { label: string; bars: Bar[] }[];
}

/** A horizontal bar chart: one row per label, one bar per series in each row. */
export interface HBars {
  title: string;
  caption: string[];
  unit: string;
  log: boolean;
  series: Series[];
  rows: { label: string; values: (number | null)[] }[];
}

/** A rendered panel: SVG elements positioned from y = 0, and its height. */
export interface Panel {
  svg: string;
  height: number;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const text = (x: number, y: number, s: string, attrs = '') => `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" ${attrs}>${esc(s)}</text>`;

/** Compact number for labels on narrow bars: 0.123, 12.3, 456, 1.2k, 58k. */
export function fmt(v: number): string {
  if (v === 0) return '0';
  if (Math.abs(v) >= 1000) return `${(v / 1000).toFixed(Math.abs(v) >= 9950 ? 0 : 1).replace(/\.0$/, '')}k`;
  if (Math.abs(v) < 10) return v.toFixed(Math.abs(v) < 1 ? 3 : 2).replace(/\.?0+$/, '');
  if (Math.abs(v) < 100) return v.toFixed(1).replace(/\.0$/, '');
  return Math.round(v).toLocaleString('en-US');
}

/** Maps values onto [0, pixels]; log scales span whole decades, linear ones start at 0. */
function makeScale(values: number[], log: boolean, pixels: number) {
  const positive = values.filter((v) => Number.isFinite(v) && v > 0);
  const max = positive.length ? Math.max(...positive) : 1;
  if (log) {
    const lo = 10 ** Math.floor(Math.log10(Math.min(...(positive.length ? positive : [1]))));
    const hi = 10 ** Math.ceil(Math.log10(max * 1.0001));
    const at = (v: number) => (v <= lo ? 0 : ((Math.log10(v) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo))) * pixels);
    const ticks: number[] = [];
    for (let t = lo; t <= hi * 1.0001; t *= 10) ticks.push(t);
    return { at, ticks, base: lo };
  }
  const step = niceStep(max / 5);
  const hi = Math.ceil(max / step) * step;
  const ticks = Array.from({ length: Math.round(hi / step) + 1 }, (_, i) => i * step);
  return { at: (v: number) => (Math.max(0, v) / hi) * pixels, ticks, base: 0 };
}

function niceStep(raw: number): number {
  const p = 10 ** Math.floor(Math.log10(raw || 1));
  const m = raw / p;
  return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p;
}

/** Splits `line` at spaces into lines of at most `max` characters (a longer word stays whole). */
function wrap(line: string, max: number): string[] {
  const out: string[] = [];
  let cur = '';
  for (const word of line.split(' ')) {
    if (cur && cur.length + 1 + word.length > max) {
      out.push(cur);
      cur = word;
    } else cur = cur ? `${cur} ${word}` : word;
  }
  return cur ? [...out, cur] : out;
}

/** Title, caption lines and legend; returns the SVG and the y where the chart may start. */
function header(title: string, caption: string[], series: Series[], width: number): { svg: string; y: number } {
  const parts = [text(20, 24, title, 'class="title"')];
  let y = 24;
  for (const line of caption.flatMap((l) => wrap(l, Math.floor((width - 40) / 5.9)))) {
    y += 15;
    parts.push(text(20, y, line, 'class="caption"'));
  }
  let x = 20;
  y += 20;
  for (const s of series) {
    const w = 22 + s.name.length * 6.2;
    if (x + w > width - 20) {
      x = 20;
      y += 16;
    }
    parts.push(`<rect x="${x}" y="${y - 9}" width="10" height="10" fill="${s.color}"/>`, text(x + 14, y, s.name, 'class="legend"'));
    x += w + 10;
  }
  return { svg: parts.join(''), y: y + 14 };
}

/** Renders a grouped bar chart `width` wide. */
export function groupedBarsPanel(spec: GroupedBars, width: number): Panel {
  const head = header(spec.title, spec.caption, spec.series, width);
  const plotH = 200;
  const left = 70;
  const top = head.y + 14;
  const plotW = width - left - 20;
  const values = spec.groups.flatMap((g) => g.bars.flatMap((b) => [b.value ?? NaN, b.whisker ?? NaN]));
  const scale = makeScale(values, spec.log, plotH);
  const yOf = (v: number) => top + plotH - scale.at(v);
  const parts = [head.svg];
  for (const t of scale.ticks) {
    parts.push(
      `<line x1="${left}" x2="${left + plotW}" y1="${yOf(t).toFixed(1)}" y2="${yOf(t).toFixed(1)}" class="grid"/>`,
      text(left - 6, yOf(t) + 4, fmt(t), 'class="tick" text-anchor="end"'),
    );
  }
  parts.push(
    text(
      14,
      top + plotH / 2,
      spec.unit + (spec.log ? ' (log)' : ''),
      `class="tick" transform="rotate(-90 14 ${top + plotH / 2})" text-anchor="middle"`,
    ),
  );
  const groupW = plotW / Math.max(1, spec.groups.length);
  const barW = Math.min(34, (groupW * 0.8) / Math.max(1, spec.series.length));
  spec.groups.forEach((g, gi) => {
    const x0 = left + gi * groupW + (groupW - barW * spec.series.length) / 2;
    g.bars.forEach((b, bi) => {
      if (b.value === null || !Number.isFinite(b.value)) return;
      const x = x0 + bi * barW;
      const y = yOf(b.value);
      parts.push(
        `<rect x="${(x + 1).toFixed(1)}" y="${y.toFixed(1)}" width="${(barW - 2).toFixed(1)}" height="${(top + plotH - y).toFixed(1)}" fill="${spec.series[bi]?.color ?? '#888'}"><title>${esc(`${spec.series[bi]?.name}, ${g.label}: ${fmt(b.value)} ${spec.unit}`)}</title></rect>`,
      );
      let labelY = y - 3;
      if (b.whisker !== undefined && Number.isFinite(b.whisker)) {
        const wy = yOf(b.whisker);
        const cx = x + barW / 2;
        parts.push(
          `<line x1="${cx.toFixed(1)}" x2="${cx.toFixed(1)}" y1="${y.toFixed(1)}" y2="${wy.toFixed(1)}" class="whisker"/><line x1="${(cx - 4).toFixed(1)}" x2="${(cx + 4).toFixed(1)}" y1="${wy.toFixed(1)}" y2="${wy.toFixed(1)}" class="whisker"/>`,
        );
        labelY = Math.min(labelY, wy - 3);
      }
      parts.push(text(x + barW / 2, labelY, b.label ?? fmt(b.value), 'class="value" text-anchor="middle"'));
    });
    // A label may have two lines ("\n"), so long names do not run into their neighbours.
    g.label.split('\n').forEach((line, li) => {
      parts.push(text(left + gi * groupW + groupW / 2, top + plotH + 18 + li * 13, line, 'class="group" text-anchor="middle"'));
    });
  });
  parts.push(`<line x1="${left}" x2="${left + plotW}" y1="${top + plotH}" y2="${top + plotH}" class="axis"/>`);
  const labelLines = Math.max(1, ...spec.groups.map((g) => g.label.split('\n').length));
  return { svg: parts.join(''), height: top + plotH + 21 + labelLines * 13 };
}

/** Renders a horizontal bar chart `width` wide. */
export function hBarsPanel(spec: HBars, width: number): Panel {
  const head = header(spec.title, spec.caption, spec.series, width);
  const left = 300;
  const plotW = width - left - 90;
  const barH = 11;
  const rowH = spec.series.length * (barH + 2) + 8;
  const top = head.y + 18;
  const scale = makeScale(
    spec.rows.flatMap((r) => r.values.map((v) => v ?? NaN)),
    spec.log,
    plotW,
  );
  const parts = [head.svg];
  const bottom = top + spec.rows.length * rowH;
  for (const t of scale.ticks) {
    const x = left + scale.at(t);
    parts.push(
      `<line x1="${x.toFixed(1)}" x2="${x.toFixed(1)}" y1="${top - 6}" y2="${bottom}" class="grid"/>`,
      text(x, top - 9, fmt(t), 'class="tick" text-anchor="middle"'),
    );
  }
  parts.push(text(left + plotW, bottom + 16, spec.unit + (spec.log ? ' (log)' : ''), 'class="tick" text-anchor="end"'));
  spec.rows.forEach((r, ri) => {
    const y0 = top + ri * rowH + 4;
    parts.push(text(left - 8, y0 + (rowH - 8) / 2 + 4, r.label, 'class="group" text-anchor="end"'));
    r.values.forEach((v, si) => {
      if (v === null || !Number.isFinite(v)) return;
      const y = y0 + si * (barH + 2);
      const w = Math.max(1, scale.at(v));
      parts.push(
        `<rect x="${left}" y="${y}" width="${w.toFixed(1)}" height="${barH}" fill="${spec.series[si]?.color ?? '#888'}"><title>${esc(`${r.label}, ${spec.series[si]?.name}: ${fmt(v)} ${spec.unit}`)}</title></rect>`,
        text(left + w + 4, y + barH - 2, fmt(v), 'class="value"'),
      );
    });
  });
  return { svg: parts.join(''), height: bottom + 26 };
}

/** Stacks panels into one SVG document with a title line and shared styles. */
export function svgDocument(title: string, subtitle: string, panels: Panel[], width: number): string {
  let y = 56;
  const body = panels.map((p) => {
    const g = `<g transform="translate(0 ${y})"><rect x="8" y="2" width="${width - 16}" height="${p.height - 6}" class="panel"/>${p.svg}</g>`;
    y += p.height + 6;
    return g;
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${y + 10}" viewBox="0 0 ${width} ${y + 10}" font-family="system-ui, -apple-system, 'Segoe UI', sans-serif" role="img">`,
    // The accessible name of the whole chart (screen readers, and the linter's a11y rule).
    `<title>${esc(`${title}: ${subtitle}`)}</title>`,
    '<style>.title{font-size:16px;font-weight:600;fill:#111}.caption{font-size:11px;fill:#555}.legend{font-size:11px;fill:#222}.tick{font-size:10px;fill:#666}.value{font-size:9px;fill:#222}.group{font-size:11px;fill:#222}.grid{stroke:#e4e4e4}.axis{stroke:#999}.whisker{stroke:#222;stroke-width:1}.panel{fill:#fff;stroke:#ddd;rx:6}</style>',
    `<rect width="100%" height="100%" fill="#f7f7f8"/>`,
    text(20, 28, title, 'font-size="20" font-weight="700" fill="#111"'),
    text(20, 46, subtitle, 'font-size="11" fill="#555"'),
    ...body,
    '</svg>',
  ].join('\n');
}
