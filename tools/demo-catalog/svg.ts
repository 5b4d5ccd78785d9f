/**
 * Placeholder product images: one small self-contained SVG per subcategory (rounded card in the
 * department colour, a simple pictogram and the subcategory name). No external references.
 */
import type { IconKind } from './types.ts';

const W = 'fill="#fff"';
const S = 'fill="none" stroke="#fff" stroke-width="8" stroke-linecap="round" stroke-linejoin="round"';

/** Pictograms drawn around (200, 120); `bg` is the card colour, used for cut-outs. */
function icon(kind: IconKind, bg: string): string {
  switch (kind) {
    case 'shoe':
      return `<path ${W} d="M128 150V104q22-6 36 12l30 14q52 6 74 20q10 18-10 20H140q-12 0-12-20z"/><path fill="${bg}" d="M150 120l10-4l6 10l-10 4zM170 128l10-4l6 10l-10 4z"/><rect ${W} x="124" y="166" width="152" height="10" rx="5"/>`;
    case 'tent':
      return `<path ${W} d="M200 68l86 104H114z"/><path fill="${bg}" d="M200 112l26 60h-52z"/><path ${S} d="M200 68l-14-16M200 68l14-16"/>`;
    case 'moon':
      return `<circle ${W} cx="196" cy="122" r="52"/><circle fill="${bg}" cx="222" cy="102" r="46"/><path ${W} d="M262 72l4 10l10 4l-10 4l-4 10l-4-10l-10-4l10-4z"/>`;
    case 'pack':
      return `<rect ${W} x="150" y="74" width="100" height="108" rx="26"/><path fill="${bg}" d="M164 84h72q6 0 6 8v18h-84V92q0-8 6-8z" opacity=".35"/><rect fill="${bg}" x="172" y="128" width="56" height="38" rx="8" opacity=".45"/><path ${S} d="M180 74q20-22 40 0"/>`;
    case 'pot':
      return `<rect ${W} x="140" y="108" width="120" height="70" rx="14"/><rect ${W} x="132" y="96" width="136" height="14" rx="7"/><path ${S} d="M140 128h-20M260 128h20M178 82q-8-12 0-24M200 82q-8-12 0-24M222 82q-8-12 0-24"/>`;
    case 'mountain':
      return `<path ${W} d="M108 178l64-104l40 62l20-30l60 72z"/><path fill="${bg}" d="M172 74l-18 30l12-4l8 10l10-12l8 6z" opacity=".4"/><circle ${W} cx="262" cy="78" r="14"/>`;
    case 'bike':
      return `<circle ${S} cx="148" cy="148" r="34"/><circle ${S} cx="252" cy="148" r="34"/><path ${S} d="M148 148l30-52h50l24 52M178 96l22 52l28-52M200 148h-52M170 90h20M228 96l-6-16h16"/>`;
    case 'knife':
      return `<path ${W} d="M112 136q70-56 150-40l4 22q-74 4-154 18z"/><rect ${W} x="262" y="104" width="56" height="22" rx="8" transform="rotate(-4 290 115)"/><circle fill="${bg}" cx="280" cy="114" r="3"/><circle fill="${bg}" cx="300" cy="113" r="3"/>`;
    case 'laptop':
      return `<rect ${W} x="136" y="70" width="128" height="86" rx="8"/><rect fill="${bg}" x="148" y="82" width="104" height="62" rx="3" opacity=".5"/><path ${W} d="M116 164h168l-10 16H126z"/>`;
    case 'bulb':
      return `<path ${W} d="M200 66a42 42 0 0 1 26 75q-6 6-6 16h-40q0-10-6-16a42 42 0 0 1 26-75z"/><rect ${W} x="180" y="162" width="40" height="10" rx="4"/><rect ${W} x="186" y="176" width="28" height="8" rx="4"/><path ${S} d="M132 108h-16M284 108h-16M146 60l-12-12M254 60l12-12"/>`;
    case 'leaf':
      return `<path ${W} d="M130 178q-6-96 110-110q22-2 34-8q4 100-96 118q-28 4-48 0z"/><path fill="none" stroke="${bg}" stroke-width="6" stroke-linecap="round" d="M138 172q48-46 120-96"/>`;
    case 'blocks':
      return `<rect ${W} x="130" y="120" width="60" height="60" rx="8"/><rect ${W} x="200" y="120" width="60" height="60" rx="8"/><rect ${W} x="165" y="56" width="60" height="60" rx="8" transform="rotate(8 195 86)"/><circle fill="${bg}" cx="160" cy="150" r="10"/><path fill="${bg}" d="M230 136l16 28h-32z"/>`;
  }
}

/** Mixes a #rrggbb colour towards black (amount < 0) or white (amount > 0). */
export function shade(hex: string, amount: number): string {
  const target = amount < 0 ? 0 : 255;
  const t = Math.abs(amount);
  const channels = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  return `#${channels
    .map((c) =>
      Math.round(c + (target - c) * t)
        .toString(16)
        .padStart(2, '0'),
    )
    .join('')}`;
}

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A 400x300 SVG card for one subcategory. */
export function subcategorySvg(opts: { department: string; subcategory: string; color: string; icon: IconKind }): string {
  const label = escapeXml(opts.subcategory);
  const dept = escapeXml(opts.department.toUpperCase());
  const font = 'font-family="system-ui, -apple-system, \'Segoe UI\', Roboto, Helvetica, Arial, sans-serif"';
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 300" width="400" height="300" role="img" aria-label="${label}">`,
    `<title>${label}</title>`,
    `<rect width="400" height="300" rx="28" fill="${opts.color}"/>`,
    `<circle cx="200" cy="122" r="92" fill="#fff" opacity=".12"/>`,
    icon(opts.icon, opts.color),
    `<text x="200" y="252" ${font} font-size="28" font-weight="600" fill="#fff" text-anchor="middle">${label}</text>`,
    `<text x="200" y="34" ${font} font-size="13" letter-spacing="2" fill="#fff" opacity=".75" text-anchor="middle">${dept}</text>`,
    '</svg>',
    '',
  ].join('\n');
}
