// A Markdown summary of a plan, or of its apply, for a pull-request comment or a CI job summary:
// counts per service and action, the definitions and group values, warnings, problems, calls, and
// a collapsible per-user table.
// Every value, email and message is escaped: a value cannot open a tag, a link or a table cell.
import type { ApplyOutcome, ApplyReport } from '../model/apply-report.js';
import { changeKey } from '../model/journal.js';
import { writes, type Change, type SyncPlan } from '../model/plan.js';
import type { SyncService } from '../model/ports.js';
import { layerSummary } from './layers-markdown.js';

/** A section another part of the job adds (a monthly call ledger, the effective-value changes). */
export interface SummarySection {
  /** Its heading, as text (escaped). */
  readonly title: string;
  /** Its body, as Markdown the caller is responsible for (not escaped). */
  readonly markdown: string;
}

/** What `renderSummaryMarkdown` summarises. */
export interface SummaryInput {
  readonly plan: SyncPlan;
  /** The apply's report: the summary is then of the run (outcomes, the calls used), else of the plan (the forecast). */
  readonly report?: ApplyReport;
  /** Sections placed after the calls, before the per-user table, in order. */
  readonly sections?: readonly SummarySection[];
  /** Rows of the per-user table and items of each list shown at most (default 500); the rest are counted. */
  readonly maxRows?: number;
}

const SERVICES = ['looker', 'dx'] as const;
const NAMES: Readonly<Record<SyncService, string>> = { looker: 'Looker', dx: 'DX' };

/**
 * Text as Markdown that shows it as it is: HTML's special characters as entities, Markdown's
 * punctuation backslash-escaped (a `|` cannot end a table cell), line breaks as spaces.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] as string)
    .replace(/[\\`*_{}[\]()#+\-.!|~]/g, '\\$&')
    .replace(/\r\n|[\r\n\u2028\u2029]/g, ' ');
}

/** A value in a sentence: quoted, or "no value". */
const value = (text: string | null) => (text === null ? '_no value_' : `“${escapeMarkdown(text)}”`);

/** A change as a table cell: before → after, or what a removal falls back to. */
function changeCell(change: Extract<Change, { action: 'set' | 'remove' }>): string {
  if (change.action === 'set') return change.before === null ? `set ${value(change.after)}` : `${value(change.before)} → ${value(change.after)}`;
  const fallback = change.fallback.source === 'unknown' ? 'what they had before the apply' : `${value(change.fallback.value)} (${escapeMarkdown(change.fallback.source)})`;
  return `remove ${value(change.before)}, falls back to ${fallback}`;
}

/** A list of at most `max` lines, and the count of the rest. */
function capped(lines: readonly string[], max: number): string[] {
  return lines.length > max ? [...lines.slice(0, max), `- … and ${lines.length - max} more`] : [...lines];
}

/** The count table: per service and action, planned (and, for an apply, how each ended). */
function countTable(plan: SyncPlan, report: ApplyReport | undefined): string[] {
  const outcomes = new Map(report?.outcomes.map((o) => [changeKey(o.service, o.email, o.attribute), o]) ?? []);
  const head = report ? '| Service | Action | Planned | Applied | Failed | Conflict | Skipped |' : '| Service | Action | Planned |';
  const rule = report ? '|---|---|---:|---:|---:|---:|---:|' : '|---|---|---:|';
  const rows: string[] = [head, rule];
  for (const service of SERVICES) {
    if (plan.services[service].status !== 'planned') continue;
    for (const action of ['set', 'remove'] as const) {
      const counts = { planned: 0, applied: 0, failed: 0, conflict: 0, skipped: 0 };
      for (const user of plan.users) {
        for (const change of user[service]?.changes ?? []) {
          if (change.action !== action) continue;
          counts.planned++;
          const outcome = outcomes.get(changeKey(service, user.email, change.attribute));
          if (outcome) counts[outcome.outcome]++;
        }
      }
      const ends = report ? ` ${counts.applied} | ${counts.failed} | ${counts.conflict} | ${counts.skipped} |` : '';
      rows.push(`| ${NAMES[service]} | ${action} | ${counts.planned} |${ends}`);
    }
  }
  return rows;
}

/** The heading and the lines under it: what the summary is of, and what the plan is. */
function heading(plan: SyncPlan, report: ApplyReport | undefined): string[] {
  const what = plan.revert ? `revert of plan ${plan.revert.planId}` : `plan ${plan.id}`;
  const title = report ? `${report.dryRun ? 'Dry run' : 'Apply'} of ${what}` : plan.revert ? `Revert plan ${plan.id} (${what})` : `Plan ${plan.id}`;
  const lines = [`## User attributes: ${escapeMarkdown(title)}`, ''];
  const { summary } = plan;
  const skipped = SERVICES.filter((s) => plan.services[s].status === 'skipped').map((s) => NAMES[s]);
  lines.push(`${summary.set} to set, ${summary.remove} to remove, ${summary.unchanged} unchanged; ${summary.records} records read, `
    + `${summary.compared} compared${summary.skippedUnchanged ? `, ${summary.skippedUnchanged} left out as unchanged since the last run` : ''}`
    + `${skipped.length ? `; ${skipped.join(' and ')} skipped` : ''}.`);
  if (plan.partial) {
    const { targets, unmatched, notTargeted } = plan.partial;
    lines.push('', `> **Partial plan**: only ${targets.length} ${targets.length === 1 ? 'person' : 'people'} targeted; `
      + `${notTargeted} records of others read but not planned.${unmatched.length ? ` No record names ${unmatched.map(escapeMarkdown).join(', ')}.` : ''}`);
  }
  if (plan.revert?.notReverted.length) lines.push('', `> **${plan.revert.notReverted.length} changes of plan ${escapeMarkdown(plan.revert.planId)} are not reverted** (see below).`);
  return lines;
}

/** Warnings, problems and what a revert cannot put back, each a list under its heading. */
function lists(plan: SyncPlan, max: number): string[] {
  const lines: string[] = [];
  const list = (title: string, items: readonly string[]) => {
    if (items.length) lines.push('', `### ${title} (${items.length})`, '', ...capped(items, max));
  };
  list('Warnings', plan.warnings.map((w) => `- ${w.email ? `${escapeMarkdown(w.email)} ` : ''}${NAMES[w.service]} ${escapeMarkdown(w.attribute)}: ${escapeMarkdown(w.message)}`));
  list('Problems (left out)', plan.problems.map((p) => {
    const where = [p.record === undefined ? undefined : `record ${p.record + 1}`, p.email === undefined ? undefined : escapeMarkdown(p.email)].filter(Boolean).join(' ');
    return `- ${where ? `${where}: ` : ''}${escapeMarkdown(p.message)}`;
  }));
  list('Not reverted', (plan.revert?.notReverted ?? []).map((n) => {
    const what = n.layer ? `Looker ${n.layer.replace(/_/g, ' ')} of ${escapeMarkdown(n.attribute)}` : `${escapeMarkdown(n.email)} ${NAMES[n.service]} ${escapeMarkdown(n.attribute)}`;
    return `- ${what}: ${n.reason.replace(/_/g, ' ')}${n.outcome ? ` (${n.outcome})` : ''}`;
  }));
  return lines;
}

/** The calls: the forecast of a plan, the calls an apply used. */
function calls(plan: SyncPlan, report: ApplyReport | undefined): string[] {
  const { looker, dx } = plan.forecast;
  if (!report) return ['', '### Calls', '', `Forecast for apply: Looker ${looker}, DX ${dx} requests, if nothing is retried.`];
  const used = report.callsUsed;
  return ['', '### Calls', '', `Used: Looker ${used.looker}, DX ${used.dx} requests (the plan forecast Looker ${looker}, DX ${dx}; retries count too).`];
}

/** How an outcome reads in the table. */
const outcomeCell = (outcome: ApplyOutcome | undefined) => (outcome ? `${outcome.outcome}${outcome.reason ? ` (${outcome.reason.replace(/_/g, ' ')})` : ''}` : 'not reached');

/** The per-user table, folded: one row per change that writes. */
function userTable(plan: SyncPlan, report: ApplyReport | undefined, max: number): string[] {
  const outcomes = new Map(report?.outcomes.map((o) => [changeKey(o.service, o.email, o.attribute), o]) ?? []);
  const rows: string[] = [];
  for (const user of plan.users) {
    for (const service of SERVICES) {
      for (const change of user[service]?.changes.filter(writes) ?? []) {
        const cells = [escapeMarkdown(user.email), NAMES[service], escapeMarkdown(change.attribute), changeCell(change)];
        if (report) cells.push(outcomeCell(outcomes.get(changeKey(service, user.email, change.attribute))));
        rows.push(`| ${cells.join(' | ')} |`);
      }
    }
  }
  if (!rows.length) return [];
  const head = report ? ['| User | Service | Attribute | Change | Outcome |', '|---|---|---|---|---|'] : ['| User | Service | Attribute | Change |', '|---|---|---|---|'];
  const more = rows.length > max ? ['', `… and ${rows.length - max} more changes, not shown.`] : [];
  const users = plan.users.length;
  return ['', '<details>', `<summary>Changes per user (${users} ${users === 1 ? 'user' : 'users'}, ${rows.length} changes)</summary>`, '',
    ...head, ...rows.slice(0, max), ...more, '', '</details>'];
}

/**
 * The summary as Markdown (GitHub's): write it to a pull-request comment, or append it to the file
 * `$GITHUB_STEP_SUMMARY` names. Values are escaped; only `sections` are taken as Markdown.
 */
export function renderSummaryMarkdown(input: SummaryInput): string {
  const { plan, report, sections = [], maxRows = 500 } = input;
  const lines = [...heading(plan, report), '', ...countTable(plan, report), ...layerSummary(plan, report, escapeMarkdown), ...lists(plan, maxRows), ...calls(plan, report)];
  for (const section of sections) lines.push('', `### ${escapeMarkdown(section.title)}`, '', section.markdown.trimEnd());
  lines.push(...userTable(plan, report, maxRows));
  return `${lines.join('\n')}\n`;
}
