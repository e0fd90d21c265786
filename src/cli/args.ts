// The command line's arguments: `plan`, `apply`, `--help`, `--version`, read with node:util parseArgs.
import { failure, success, type Failure, type PlainResult } from '../core/result.js';
import { parseArgs } from 'node:util';
import { readHistoryCommand, readStateOptions, stateOptionKinds, type CliStateOptions, type HistoryCommand } from './state-args.js';

/** `plan`: read the input and the mapping, compare with Looker and DX, print (and save) the plan. */
export interface PlanCommand {
  readonly command: 'plan';
  /** The records; left out only for a desired state of Looker definitions and group values alone. */
  readonly input: string | undefined;
  readonly map: string;
  readonly out: string | undefined;
  readonly previous: string | undefined;
  readonly fullDriftCheck: boolean;
  /** `--target EMAIL` (repeatable): plan only these people. */
  readonly targets: readonly string[] | undefined;
  /** `--summary-md FILE`: write a Markdown summary there. */
  readonly summaryMd: string | undefined;
  /** Exit 2 when changes are planned (as `terraform plan -detailed-exitcode`); else 0 either way. */
  readonly detailedExitcode: boolean;
  readonly json: boolean;
  readonly noColor: boolean;
  /** `--state DIR` and what goes with it. */
  readonly state?: CliStateOptions;
}

/** `apply`: carry out a saved plan. */
export interface ApplyCommand {
  readonly command: 'apply';
  readonly plan: string;
  readonly journal: string | undefined;
  /** Where to write the record snapshot for the next plan's --previous. */
  readonly snapshot: string | undefined;
  /** A number of values, or a percentage of the plan's managed values (`2%`). */
  readonly maxRemovals: number | `${number}%` | undefined;
  readonly maxCalls: { readonly looker?: number; readonly dx?: number } | undefined;
  readonly dryRun: boolean;
  /** A DX write refused because DX has no user with the email is a warning, not a failure. */
  readonly allowMissingDxUsers: boolean;
  readonly yes: boolean;
  /** `--summary-md FILE`: write a Markdown summary of the run there. */
  readonly summaryMd: string | undefined;
  readonly json: boolean;
  readonly noColor: boolean;
  /** `--state DIR` and `--monthly-budget`. */
  readonly state?: CliStateOptions;
}

/** `revert`: a plan putting back what an applied plan replaced, from its journal. */
export interface RevertCommand {
  readonly command: 'revert';
  readonly plan: string;
  /** The journal of the plan's apply; default: beside the plan, as apply's. */
  readonly journal: string | undefined;
  readonly out: string | undefined;
  readonly json: boolean;
  readonly noColor: boolean;
}

/** `--help` (of one command when given after it) and `--version`. */
export type InfoCommand = { readonly command: 'help'; readonly topic: 'plan' | 'apply' | 'history' | 'revert' | undefined } | { readonly command: 'version' };

/** What the arguments ask for. */
export type Command = PlanCommand | ApplyCommand | HistoryCommand | RevertCommand | InfoCommand;

/** Arguments that do not make a command; `message` is one line. */
export interface UsageError {
  readonly kind: 'usage';
  readonly message: string;
}

type OptionKind = 'string' | 'boolean';
const common = { json: 'boolean', 'no-color': 'boolean', help: 'boolean' } as const satisfies Record<string, OptionKind>;
const planOptions = {
  input: 'string', map: 'string', out: 'string', previous: 'string', 'full-drift-check': 'boolean', 'detailed-exitcode': 'boolean', target: 'string', 'summary-md': 'string',
  ...stateOptionKinds, 'full-check-age': 'string', ...common,
} as const;
const applyOptions = {
  journal: 'string', snapshot: 'string', 'max-removals': 'string', 'max-calls': 'string', 'dry-run': 'boolean', 'allow-missing-dx-users': 'boolean', yes: 'boolean',
  'summary-md': 'string', ...stateOptionKinds, ...common,
} as const;
const historyOptions = { state: 'string', chart: 'string', ...common } as const;

// Options whose value is a number.
const numeric: ReadonlySet<string> = new Set(['max-removals', 'max-calls']);

type Values = Record<string, string | string[] | boolean | undefined>;
type Parsed = PlainResult<{ values: Values; positionals: string[] }, UsageError>;

const usage = (message: string): Failure<UsageError> => failure({ kind: 'usage', message });

/** Reads `argv` (without node and the script). */
export function parseCommandLine(argv: readonly string[]): PlainResult<Command, UsageError> {
  const [first, ...rest] = argv;
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') return { ok: true, data: { command: 'help', topic: undefined } };
  if (first === '--version') return { ok: true, data: { command: 'version' } };
  if (first === 'plan') return planCommand(rest);
  if (first === 'apply') return applyCommand(rest);
  if (first === 'history') return historyCommand(rest);
  if (first === 'revert') return revertCommand(rest);
  if (first.startsWith('-')) return usage(`unknown option ${first}`);
  return usage(`unknown command "${first}": the commands are plan, apply, revert and history`);
}

function planCommand(args: readonly string[]): PlainResult<Command, UsageError> {
  const parsed = read(args, planOptions);
  if (!parsed.ok) return parsed;
  const { values, positionals } = parsed.data;
  if (values.help) return success({ command: 'help', topic: 'plan' });
  if (positionals.length > 0) return usage(`plan takes no argument "${positionals[0]}": give the input with --input`);
  if (values.map === undefined) return usage('plan needs --map FILE: the JSON mapping file');
  const fromStdin = (['map', 'input', 'previous'] as const).filter((name) => values[name] === '-');
  if (fromStdin.length > 1) return usage(`only one of ${fromStdin.map((name) => `--${name}`).join(' and ')} can read standard input`);
  if (values.out === '-') return usage('--out needs a file name: the plan is printed anyway');
  const state = readStateOptions(values);
  if (typeof state === 'string') return usage(state);
  if (values['summary-md'] === '-') return usage('--summary-md needs a file name');
  const data: PlanCommand = {
    command: 'plan',
    input: values.input as string | undefined,
    map: values.map as string,
    out: values.out as string | undefined,
    previous: values.previous as string | undefined,
    fullDriftCheck: values['full-drift-check'] === true,
    targets: values.target as string[] | undefined,
    summaryMd: values['summary-md'] as string | undefined,
    detailedExitcode: values['detailed-exitcode'] === true,
    json: values.json === true,
    noColor: values['no-color'] === true,
    ...(state && { state }),
  };
  return success(data);
}

function applyCommand(args: readonly string[]): PlainResult<Command, UsageError> {
  const parsed = read(args, applyOptions);
  if (!parsed.ok) return parsed;
  const { values, positionals } = parsed.data;
  if (values.help) return success({ command: 'help', topic: 'apply' });
  if (positionals.length === 0) return usage('apply needs the plan file: apply plan.json');
  if (positionals.length > 1) return usage(`apply takes one plan file, not also "${positionals[1]}"`);
  if (values.snapshot === '-') return usage('--snapshot needs a file name');
  if (values['summary-md'] === '-') return usage('--summary-md needs a file name');
  const cap = values['max-removals'] === undefined ? undefined : removalCap(values['max-removals'] as string);
  if (cap && 'problem' in cap) return usage(cap.problem);
  const maxRemovals = cap?.cap;
  const maxCalls = callBudget(values['max-calls'] as string[] | undefined);
  if (typeof maxCalls === 'string') return usage(maxCalls);
  const state = readStateOptions(values);
  if (typeof state === 'string') return usage(state);
  const data: ApplyCommand = {
    command: 'apply',
    plan: positionals[0] as string,
    journal: values.journal as string | undefined,
    snapshot: values.snapshot as string | undefined,
    maxRemovals,
    maxCalls,
    dryRun: values['dry-run'] === true,
    allowMissingDxUsers: values['allow-missing-dx-users'] === true,
    yes: values.yes === true,
    summaryMd: values['summary-md'] as string | undefined,
    json: values.json === true,
    noColor: values['no-color'] === true,
    ...(state && { state }),
  };
  return success(data);
}

function historyCommand(args: readonly string[]): PlainResult<Command, UsageError> {
  const parsed = read(args, historyOptions);
  if (!parsed.ok) return parsed;
  if (parsed.data.values.help) return success({ command: 'help', topic: 'history' });
  const history = readHistoryCommand(parsed.data.values, parsed.data.positionals);
  return typeof history === 'string' ? usage(history) : success(history);
}

const revertOptions = { journal: 'string', out: 'string', ...common } as const;

function revertCommand(args: readonly string[]): PlainResult<Command, UsageError> {
  const parsed = read(args, revertOptions);
  if (!parsed.ok) return parsed;
  const { values, positionals } = parsed.data;
  if (values.help) return success({ command: 'help', topic: 'revert' });
  if (positionals.length === 0) return usage('revert needs the applied plan file: revert plan.json --journal plan.journal.ndjson --out revert.json');
  if (positionals.length > 1) return usage(`revert takes one plan file, not also "${positionals[1]}"`);
  if (values.out === '-') return usage('--out needs a file name: the plan is printed anyway');
  const { journal, out } = values as { journal?: string; out?: string };
  return success({ command: 'revert', plan: positionals[0] as string, journal, out, json: values.json === true, noColor: values['no-color'] === true });
}

// Non-strict parsing with tokens, checked here, so that every mistake gets a short message of ours.
function read(args: readonly string[], options: Record<string, OptionKind>): Parsed {
  const config = Object.fromEntries(Object.entries(options).map(([name, type]) => [name, name === 'help' ? { type, short: 'h' } : { type }]));
  const { tokens } = parseArgs({ args: [...args], options: config, strict: false, allowPositionals: true, tokens: true });
  const values: Values = {};
  const positionals: string[] = [];
  for (const token of tokens) {
    if (token.kind === 'positional') positionals.push(token.value);
    if (token.kind !== 'option') continue;
    const kind = options[token.name];
    if (kind === undefined) return usage(`unknown option ${token.rawName}`);
    if (kind === 'boolean') {
      if (token.value !== undefined) return usage(`${token.rawName} takes no value`);
      // Harmless twice, but refused as every other flag is: a repeat is often a slip of a longer line.
      if (values[token.name] === true && token.name !== 'help') return usage(`${token.rawName} is given twice`);
      values[token.name] = true;
      continue;
    }
    // A number's option takes "-1" as its value, so that the message can say which numbers it takes.
    const number = numeric.has(token.name) && /^-\d/.test(token.value ?? '');
    if (token.value === undefined || (!token.inlineValue && !number && token.value.startsWith('-') && token.value !== '-')) {
      return usage(`${token.rawName} needs a value`);
    }
    // Repeatable: the sync refuses a --target that is not an email, naming it.
    if (token.name === 'max-calls' || token.name === 'target') values[token.name] = [...((values[token.name] as string[] | undefined) ?? []), token.value];
    else if (values[token.name] !== undefined) return usage(`${token.rawName} is given twice`);
    else values[token.name] = token.value;
  }
  return { ok: true, data: { values, positionals } };
}

/** A whole number of at least `min`, or the message saying why `text` is not one. */
function count(option: string, text: string, min: number): number | string {
  const value = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < min) return `${option} needs a whole number of at least ${min}, not "${text}"`;
  return value;
}

/** `--max-removals N` or `--max-removals P%` (a percentage of the managed values, 0 to 100). */
function removalCap(text: string): { cap: number | `${number}%` } | { problem: string } {
  if (!text.endsWith('%')) {
    const value = count('--max-removals', text, 0);
    return typeof value === 'string' ? { problem: `${value}, or a percentage such as 2%` } : { cap: value };
  }
  const percent = /^\d+(\.\d+)?%$/.test(text) ? Number(text.slice(0, -1)) : Number.NaN;
  return percent <= 100 ? { cap: text as `${number}%` } : { problem: `--max-removals needs a percentage from 0% to 100%, not "${text}"` };
}

// `--max-calls N` caps each service; `--max-calls looker=N --max-calls dx=N` caps each its own.
// A service given twice (`N` names both) is refused: the later value would silently win.
function callBudget(texts: readonly string[] | undefined): { looker?: number; dx?: number } | undefined | string {
  if (texts === undefined) return undefined;
  const budget: { looker?: number; dx?: number } = {};
  for (const text of texts) {
    const match = /^(?:(looker|dx)=)?(.*)$/s.exec(text) as RegExpExecArray;
    const service = match[1] as 'looker' | 'dx' | undefined;
    const value = count('--max-calls', match[2] as string, 1);
    if (typeof value === 'string') return service ? value.replace('--max-calls', `--max-calls ${service}=N`) : value;
    for (const name of service ? [service] : (['looker', 'dx'] as const)) {
      if (budget[name] !== undefined) return `--max-calls is given twice for ${name}: give N once for both services, or looker=N and dx=N once each`;
      budget[name] = value;
    }
  }
  return budget;
}
