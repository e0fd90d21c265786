// A grouped bar chart of the main table's relative costs, drawn as SVG and rendered to PNG.
import { Resvg } from '@resvg/resvg-js';
import type { ContenderId } from './clients.js';
import type { Row } from './report.js';

const FONT_DIR = '/usr/share/fonts/truetype/dejavu';
const FONT_FILES = [`${FONT_DIR}/DejaVuSans.ttf`, `${FONT_DIR}/DejaVuSans-Bold.ttf`];

// Okabe–Ito colours, distinguishable with the common colour-vision deficiencies.
const COLOURS: Record<ContenderId, string> = {
  fetch: '#8c8c8c',
  'openapi-fetch': '#56B4E9',
  sdk: '#0072B2',
  'looker-sdk-node': '#E69F00',
};

export interface ChartInput {
  readonly title: string;
  readonly subtitle: string;
  readonly contenders: readonly { readonly id: ContenderId; readonly name: string }[];
  readonly rows: readonly Row[];
  /** Drawn as a dashed line: the most this SDK may cost relative to the floor. */
  readonly goal: number;
}

const escapeXml = (text: string) => text.replace(/[<>&"]/g, (c) => `&${{ '<': 'lt', '>': 'gt', '&': 'amp', '"': 'quot' }[c]};`);

/** Splits a row label like "Median latency, c=1" into two lines at its last comma. */
function labelLines(label: string): string[] {
  const short = label.replace(/ \(.*\)$/, '');
  const comma = short.lastIndexOf(', ');
  return comma < 0 ? [short] : [short.slice(0, comma), short.slice(comma + 2)];
}

export function renderChartSvg({ title, subtitle, contenders, rows, goal }: ChartInput): string {
  const width = 1280;
  const height = 660;
  const plot = { left: 80, right: width - 30, top: 150, bottom: height - 90 };
  const highest = Math.max(goal, ...rows.flatMap((r) => contenders.map(({ id }) => r.relativeCost[id])));
  const step = highest > 3 ? 0.5 : 0.25;
  const yMax = Math.ceil((highest * 1.12) / step) * step;
  const y = (value: number) => plot.bottom - (value / yMax) * (plot.bottom - plot.top);
  const groupWidth = (plot.right - plot.left) / rows.length;
  const barWidth = Math.min(46, (groupWidth * 0.8) / contenders.length);

  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="DejaVu Sans">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="${width / 2}" y="36" text-anchor="middle" font-size="22" font-weight="bold" fill="#222">${escapeXml(title)}</text>`,
    `<text x="${width / 2}" y="62" text-anchor="middle" font-size="14" fill="#555">${escapeXml(subtitle)}</text>`,
  ];

  // Legend, centred in one line; the last entry explains the dashed goal line.
  const goalLabel = `goal for user-attributes-sdk (≤ ${goal.toFixed(2)}×)`;
  const entryWidth = (label: string) => 26 + label.length * 7.9 + 22;
  const entryWidths = [...contenders.map(({ name }) => entryWidth(name)), entryWidth(goalLabel)];
  let legendX = (width - entryWidths.reduce((a, b) => a + b, 0)) / 2;
  contenders.forEach(({ id, name }, i) => {
    parts.push(`<rect x="${legendX}" y="88" width="18" height="18" rx="3" fill="${COLOURS[id]}"/>`);
    parts.push(`<text x="${legendX + 26}" y="102" font-size="14" fill="#222">${escapeXml(name)}</text>`);
    legendX += entryWidths[i]!;
  });
  parts.push(
    `<line x1="${legendX}" x2="${legendX + 26}" y1="97" y2="97" stroke="#c0392b" stroke-width="2" stroke-dasharray="6 4"/>`,
  );
  parts.push(`<text x="${legendX + 34}" y="102" font-size="14" fill="#c0392b">${escapeXml(goalLabel)}</text>`);

  // Grid and axis.
  for (let tick = 0; tick <= yMax + 1e-9; tick += step) {
    parts.push(`<line x1="${plot.left}" x2="${plot.right}" y1="${y(tick)}" y2="${y(tick)}" stroke="#e6e6e6"/>`);
    parts.push(
      `<text x="${plot.left - 10}" y="${y(tick) + 5}" text-anchor="end" font-size="13" fill="#555">${tick.toFixed(2)}×</text>`,
    );
  }
  parts.push(
    `<text transform="translate(24 ${(plot.top + plot.bottom) / 2}) rotate(-90)" text-anchor="middle" font-size="14" fill="#333">cost relative to hand-written fetch (lower is better)</text>`,
  );

  // Under the bars, so their value labels stay readable where they cross it.
  parts.push(
    `<line x1="${plot.left}" x2="${plot.right}" y1="${y(goal)}" y2="${y(goal)}" stroke="#c0392b" stroke-width="1.5" stroke-dasharray="7 5"/>`,
  );

  rows.forEach((row, g) => {
    const groupLeft = plot.left + g * groupWidth + (groupWidth - barWidth * contenders.length) / 2;
    contenders.forEach(({ id }, i) => {
      const value = row.relativeCost[id];
      const x = groupLeft + i * barWidth;
      parts.push(
        `<rect x="${x + 3}" y="${y(value)}" width="${barWidth - 6}" height="${plot.bottom - y(value)}" fill="${COLOURS[id]}"/>`,
      );
      parts.push(
        `<text x="${x + barWidth / 2}" y="${y(value) - 6}" text-anchor="middle" font-size="12" fill="#222" stroke="#fff" stroke-width="3" paint-order="stroke">${value.toFixed(2)}</text>`,
      );
    });
    labelLines(row.label).forEach((line, i) => {
      parts.push(
        `<text x="${plot.left + (g + 0.5) * groupWidth}" y="${plot.bottom + 26 + i * 19}" text-anchor="middle" font-size="15" fill="#222">${escapeXml(line)}</text>`,
      );
    });
  });

  parts.push(`<line x1="${plot.left}" x2="${plot.right}" y1="${plot.bottom}" y2="${plot.bottom}" stroke="#444"/>`);
  parts.push('</svg>');
  return parts.join('\n');
}

/** Renders the SVG at twice its size, with DejaVu Sans loaded explicitly so the text never depends on system fonts. */
export function renderPng(svg: string): Buffer {
  const resvg = new Resvg(svg, {
    font: { fontFiles: FONT_FILES, loadSystemFonts: false, defaultFontFamily: 'DejaVu Sans' },
    fitTo: { mode: 'zoom', value: 2 },
    background: '#ffffff',
  });
  return resvg.render().asPng();
}
