// The sync benchmark's chart: calls per run (log scale), and achieved write rates as a share of
// the allowed rate, as horizontal bars drawn in SVG (rendered to PNG by the main benchmark's renderer).

export interface Bar {
  readonly label: string;
  readonly value: number;
  /** The text shown after the bar. */
  readonly text: string;
  readonly colour: string;
}

export interface Panel {
  readonly title: string;
  readonly bars: readonly Bar[];
  /** `log`: bars scale with log10 of the value (calls span three orders of magnitude). */
  readonly scale: 'log' | 'linear';
  /** The largest value of the axis. */
  readonly max: number;
  /** A dashed line at this value (a goal), if any. */
  readonly goal?: { readonly value: number; readonly label: string };
}

const escapeXml = (text: string) => text.replace(/[<>&"]/g, (c) => `&${{ '<': 'lt', '>': 'gt', '&': 'amp', '"': 'quot' }[c]};`);

export function renderSyncChartSvg(title: string, subtitle: string, panels: readonly Panel[]): string {
  const width = 1280;
  const barHeight = 30;
  const gap = 12;
  const labelWidth = 420;
  const plotWidth = width - labelWidth - 200;
  const parts: string[] = [];
  let y = 110;
  for (const panel of panels) {
    parts.push(`<text x="40" y="${y}" font-size="20" font-weight="bold" fill="#222">${escapeXml(panel.title)}</text>`);
    y += 20;
    const position = (value: number) =>
      panel.scale === 'log' ? (Math.log10(Math.max(1, value)) / Math.log10(panel.max)) * plotWidth : (value / panel.max) * plotWidth;
    const top = y;
    for (const bar of panel.bars) {
      const length = Math.max(2, position(bar.value));
      parts.push(`<text x="${labelWidth - 12}" y="${y + barHeight * 0.68}" font-size="16" text-anchor="end" fill="#222">${escapeXml(bar.label)}</text>`);
      parts.push(`<rect x="${labelWidth}" y="${y}" width="${length.toFixed(1)}" height="${barHeight}" fill="${bar.colour}"/>`);
      parts.push(`<text x="${labelWidth + length + 8}" y="${y + barHeight * 0.68}" font-size="16" fill="#222">${escapeXml(bar.text)}</text>`);
      y += barHeight + gap;
    }
    if (panel.goal) {
      const x = labelWidth + position(panel.goal.value);
      parts.push(`<line x1="${x}" x2="${x}" y1="${top - 6}" y2="${y - gap + 6}" stroke="#D55E00" stroke-width="2" stroke-dasharray="6 4"/>`);
      parts.push(`<text x="${x + 6}" y="${top - 8}" font-size="14" fill="#D55E00">${escapeXml(panel.goal.label)}</text>`);
    }
    parts.push(`<line x1="${labelWidth}" x2="${labelWidth}" y1="${top - 4}" y2="${y - gap + 4}" stroke="#444"/>`);
    y += 40;
  }
  const height = y;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="DejaVu Sans">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="40" y="48" font-size="26" font-weight="bold" fill="#111">${escapeXml(title)}</text>`,
    `<text x="40" y="78" font-size="16" fill="#444">${escapeXml(subtitle)}</text>`,
    ...parts,
    '</svg>',
  ].join('\n');
}
