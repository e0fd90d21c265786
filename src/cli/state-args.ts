// The state's options: --state DIR, --monthly-budget looker=N,dx=N and --full-check-age on plan
// and apply, and the `history` command's arguments.
import type { ServiceCalls } from './sync.js';

/** What plan and apply were told about the state. */
export interface CliStateOptions {
  /** The state folder. */
  readonly dir: string;
  /** `--monthly-budget`: calls per service per calendar month (UTC); kept in the state for later runs. */
  readonly monthlyBudget?: Partial<ServiceCalls>;
  /** `--full-check-age` (plan): a full drift check when the last is older; default 7 days. */
  readonly fullCheckAgeMs?: number;
}

/** `history`: the runs a state recorded, and optionally their chart. */
export interface HistoryCommand {
  readonly command: 'history';
  readonly state: string;
  /** `--chart FILE.svg`: calls per run against the month's budget, and changes per run. */
  readonly chart: string | undefined;
  readonly json: boolean;
  readonly noColor: boolean;
}

/** The options of plan and apply that concern the state (added to theirs). */
export const stateOptionKinds = { state: 'string', 'monthly-budget': 'string' } as const;

const UNITS: Record<string, number> = { d: 24 * 3600 * 1000, h: 3600 * 1000, m: 60 * 1000 };

/** `7d`, `36h`, `90m`, or a number of days: the age in milliseconds, or why not. */
export function parseAge(text: string): number | string {
  const match = /^(\d+)([dhm]?)$/.exec(text);
  const value = match ? Number(match[1]) * (UNITS[match[2] || 'd'] as number) : Number.NaN;
  if (!match || !Number.isSafeInteger(value)) return `--full-check-age needs an age such as 7d, 36h or 90m, not "${text}"`;
  return value;
}

/** `looker=10000,dx=5000`: the budget per service, or why not. */
export function parseMonthlyBudget(text: string): Partial<ServiceCalls> | string {
  const budget: { looker?: number; dx?: number } = {};
  for (const part of text.split(',')) {
    const match = /^(looker|dx)=(\d+)$/.exec(part.trim());
    if (!match) return `--monthly-budget takes looker=N,dx=N (either or both), not "${text}"`;
    const service = match[1] as 'looker' | 'dx';
    if (budget[service] !== undefined) return `--monthly-budget names ${service} twice`;
    budget[service] = Number(match[2]);
  }
  return budget;
}

/**
 * The state options from parsed values, or a usage message. `--monthly-budget` and
 * `--full-check-age` need `--state` (the ledger and the last full check live there), and
 * `--previous` does not go with it (the state holds the snapshot).
 */
export function readStateOptions(values: Record<string, unknown>): CliStateOptions | undefined | string {
  const dir = values.state as string | undefined;
  const given = ['monthly-budget', 'full-check-age'].find((name) => values[name] !== undefined);
  if (dir === undefined) return given ? `--${given} needs --state DIR: the state keeps the month's calls and the last full check` : undefined;
  if (dir === '-' || dir === '') return '--state needs a folder';
  if (values.previous !== undefined) return '--previous and --state both give the snapshot: give one (the state keeps it by itself)';
  if (values.snapshot !== undefined) return '--snapshot and --state both keep the snapshot: give one (the state keeps it by itself)';
  const budget = values['monthly-budget'] === undefined ? undefined : parseMonthlyBudget(values['monthly-budget'] as string);
  if (typeof budget === 'string') return budget;
  const age = values['full-check-age'] === undefined ? undefined : parseAge(values['full-check-age'] as string);
  if (typeof age === 'string') return age;
  return { dir, ...(budget && { monthlyBudget: budget }), ...(age !== undefined && { fullCheckAgeMs: age }) };
}

/** The history command from parsed values, or a usage message. */
export function readHistoryCommand(values: Record<string, unknown>, positionals: readonly string[]): HistoryCommand | string {
  if (positionals.length > 0) return `history takes no argument "${positionals[0]}": give the folder with --state DIR`;
  if (values.state === undefined) return 'history needs --state DIR: the folder plan and apply kept their state in';
  const chart = values.chart as string | undefined;
  if (chart !== undefined && !/\.svg$/i.test(chart)) return `--chart writes an SVG file: name it FILE.svg, not "${chart}"`;
  return { command: 'history', state: values.state as string, chart, json: values.json === true, noColor: values['no-color'] === true };
}
