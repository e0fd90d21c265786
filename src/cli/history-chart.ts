// `history --chart FILE.svg`: a small hand-written SVG of the runs a state recorded: calls per run,
// the month's running total against its budget, and the changes each run applied or failed.
import type { StateDocument, StateRun } from './sync.js';

const WIDTH = 960;
const LEFT = 70;
const PLOT = WIDTH - LEFT - 30;
const PANEL = 170;

const escapeXml = (text: string) => text.replace(/[<>&"]/g, (c) => `&${{ '<': 'lt', '>': 'gt', '&': 'amp', '"': 'quot' }[c]};`);
const total = (run: StateRun, service: 'looker' | 'dx') => run.calls.plan[service] + run.calls.apply[service];

interface Series {
  readonly label: string;
  readonly colour: string;
  readonly values: readonly number[];
}

/** One panel: bars (stacked series) or a line, on a scale to `max`, with an optional dashed limit line. */
function panel(top: number, title: string, series: readonly Series[], kind: 'bars' | 'line', limit?: { value: number; label: string }): string[] {
  const count = series[0]?.values.length ?? 0;
  const sums = Array.from({ length: count }, (_, i) => (kind === 'bars' ? series.reduce((sum, s) => sum + (s.values[i] ?? 0), 0) : Math.max(...series.map((s) => s.values[i] ?? 0))));
  const max = Math.max(1, limit?.value ?? 0, ...sums);
  const y = (value: number) => top + PANEL - (value / max) * PANEL;
  const step = PLOT / Math.max(1, count);
  const parts = [
    `<text x="${LEFT}" y="${top - 14}" font-size="15" font-weight="bold" fill="#222">${escapeXml(title)}</text>`,
    `<line x1="${LEFT}" x2="${LEFT + PLOT}" y1="${top + PANEL}" y2="${top + PANEL}" stroke="#444"/>`,
    `<text x="${LEFT - 6}" y="${top + 5}" font-size="11" text-anchor="end" fill="#444">${Math.round(max).toLocaleString('en-US')}</text>`,
    `<text x="${LEFT - 6}" y="${top + PANEL}" font-size="11" text-anchor="end" fill="#444">0</text>`,
  ];
  if (kind === 'bars') {
    for (let i = 0; i < count; i++) {
      let base = 0;
      for (const s of series) {
        const value = s.values[i] ?? 0;
        if (value > 0) parts.push(`<rect x="${(LEFT + i * step + step * 0.15).toFixed(1)}" y="${y(base + value).toFixed(1)}" width="${(step * 0.7).toFixed(1)}" height="${(y(base) - y(base + value)).toFixed(1)}" fill="${s.colour}"/>`);
        base += value;
      }
    }
  } else {
    // A running total restarts each month: a new line starts where the value falls.
    for (const s of series) {
      let points: string[] = [];
      s.values.forEach((v, i) => {
        if (i > 0 && v < (s.values[i - 1] ?? 0)) {
          parts.push(`<polyline points="${points.join(' ')}" fill="none" stroke="${s.colour}" stroke-width="2.5"/>`);
          points = [];
        }
        points.push(`${(LEFT + i * step + step / 2).toFixed(1)},${y(v).toFixed(1)}`);
      });
      parts.push(`<polyline points="${points.join(' ')}" fill="none" stroke="${s.colour}" stroke-width="2.5"/>`);
    }
  }
  if (limit) {
    parts.push(`<line x1="${LEFT}" x2="${LEFT + PLOT}" y1="${y(limit.value)}" y2="${y(limit.value)}" stroke="#D55E00" stroke-width="2" stroke-dasharray="6 4"/>`);
    parts.push(`<text x="${LEFT + 6}" y="${y(limit.value) + 16}" font-size="12" fill="#D55E00">${escapeXml(limit.label)}</text>`);
  }
  series.forEach((s, i) => parts.push(`<text x="${LEFT + PLOT - 150 * (series.length - i)}" y="${top - 14}" font-size="12" fill="${s.colour}">■ ${escapeXml(s.label)}</text>`));
  return parts;
}

/** The month's running total of `service` calls after each run (restarting each calendar month, UTC). */
function monthToDate(runs: readonly StateRun[], service: 'looker' | 'dx'): number[] {
  let month = '';
  let sum = 0;
  return runs.map((run) => {
    if (run.at.slice(0, 7) !== month) [month, sum] = [run.at.slice(0, 7), 0];
    sum += total(run, service);
    return sum;
  });
}

/**
 * The SVG of the last `limit` runs of `state`: Looker and DX calls per run (plan and apply), the
 * month's Looker calls so far against the monthly budget (when one is set), and the changes each
 * run applied and failed (or met as conflicts).
 */
export function historyChartSvg(state: StateDocument, limit = 62): string {
  const runs = state.runs.slice(-limit);
  const budget = state.monthlyBudget.looker;
  const first = runs[0]?.at.slice(0, 10) ?? '';
  const last = runs.at(-1)?.at.slice(0, 10) ?? '';
  const parts = [
    ...panel(90, 'Calls per run (plan and apply)', [
      { label: 'Looker', colour: '#0072B2', values: runs.map((r) => total(r, 'looker')) },
      { label: 'DX', colour: '#E69F00', values: runs.map((r) => total(r, 'dx')) },
    ], 'bars'),
    ...panel(320, 'Looker calls this month so far', [{ label: 'month to date', colour: '#0072B2', values: monthToDate(runs, 'looker') }], 'line',
      budget === undefined ? undefined : { value: budget, label: `monthly budget ${budget.toLocaleString('en-US')}` }),
    ...panel(550, 'Changes per run', [
      { label: 'applied', colour: '#009E73', values: runs.map((r) => r.applied) },
      { label: 'failed or conflict', colour: '#CC3311', values: runs.map((r) => r.failed + r.conflict) },
    ], 'bars'),
  ];
  const height = 760;
  const subtitle = `${runs.length} run${runs.length === 1 ? '' : 's'}${first ? `, ${first} to ${last}` : ''}; ${state.desiredState}`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="DejaVu Sans, sans-serif">`,
    `<rect width="${WIDTH}" height="${height}" fill="#ffffff"/>`,
    `<text x="${LEFT}" y="34" font-size="20" font-weight="bold" fill="#111">user-attributes-sdk runs</text>`,
    `<text x="${LEFT}" y="56" font-size="13" fill="#444">${escapeXml(subtitle)}</text>`,
    ...parts,
    '</svg>',
    '',
  ].join('\n');
}
