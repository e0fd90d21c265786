// The readable plan and apply report for a terminal: grouped by user, before → after.
import type { ApplyReport, Change, SyncPlan } from './sync.js';
import { effectiveLines } from './render-effective.js';
import { layerLines } from './render-layers.js';
import { plain, quoted, type Paint } from './terminal-text.js';

const plural = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;
const serviceName = (service: 'looker' | 'dx') => (service === 'looker' ? 'Looker' : 'DX');

/** One line for a change that would write; `undefined` for unchanged. */
export function changeLine(service: 'looker' | 'dx', change: Change, paint: Paint): string | undefined {
  const where = `${serviceName(service)} ${plain(change.attribute)}`;
  switch (change.action) {
    case 'set':
      return change.before === null
        ? `${paint('green', '+')} ${where}: ${paint('green', quoted(change.after))}`
        : `${paint('yellow', '~')} ${where}: ${quoted(change.before)} → ${paint('green', quoted(change.after))}`;
    case 'remove': {
      const fallback = change.fallback.source === 'unknown' // a revert's: the value before the apply, never read
        ? 'what they had before the apply'
        : `${change.fallback.value === null ? 'no value' : quoted(change.fallback.value)} from ${plain(change.fallback.source)}`;
      return `${paint('red', '-')} ${where}: ${quoted(change.before)} removed, falls back to ${fallback}`;
    }
    case 'unchanged':
      return undefined;
  }
}

/** The plan as text: users with changes, warnings, problems, then the summary line. */
export function renderPlan(plan: SyncPlan, paint: Paint): string {
  const lines: string[] = layerLines(plan, paint);
  for (const user of plan.users) {
    const changes = [
      ...(user.looker?.changes ?? []).map((change) => changeLine('looker', change, paint)),
      ...(user.dx?.changes ?? []).map((change) => changeLine('dx', change, paint)),
    ].filter((line) => line !== undefined);
    if (changes.length === 0) continue;
    lines.push(paint('bold', plain(user.email)), ...changes.map((line) => `  ${line}`), '');
  }
  lines.push(...effectiveLines(plan, paint));
  if (plan.warnings.length > 0) {
    lines.push(paint('yellow', 'Warnings:'));
    for (const warning of plan.warnings) {
      const who = warning.email === undefined ? '' : `${plain(warning.email)} `;
      lines.push(`  ${paint('yellow', '!')} ${who}${serviceName(warning.service)} ${plain(warning.attribute)}: ${plain(warning.message)}`);
    }
    lines.push('');
  }
  if (plan.problems.length > 0) {
    lines.push(paint('red', 'Problems (left out of the plan):'));
    for (const problem of plan.problems) {
      // The library counts records from 0; people count the first record under the header as 1.
      const where = [problem.record === undefined ? undefined : `record ${problem.record + 1}`, problem.email === undefined ? undefined : plain(problem.email)]
        .filter((part) => part !== undefined)
        .join(' ');
      lines.push(`  ${paint('red', '✗')} ${where === '' ? '' : `${where}: `}${plain(problem.message)}`);
    }
    lines.push('');
  }
  const found = usersFoundLine(plan);
  if (found) lines.push(found);
  lines.push(summaryLine(plan, paint));
  if (plan.partial) lines.push(partialLine(plan.partial, paint));
  return `${lines.join('\n')}\n`;
}

/** How the Looker users were found and why ("Looker users: 10 lookups (…)."), when the plan says. */
function usersFoundLine(plan: SyncPlan): string | undefined {
  const looker = plan.services.looker;
  if (looker.status !== 'planned' || !looker.users) return undefined;
  const { method, calls, reason } = looker.users;
  const how = method === 'lookups' ? plural(calls, 'lookup') : `listed in ${plural(calls, 'call')}`;
  return `Looker users: ${how} (${plain(reason)}).`;
}

/** What a partial plan (--target) leaves out, and the targets no record names. */
export function partialLine(partial: NonNullable<SyncPlan['partial']>, paint: Paint): string {
  const { targets, unmatched, notTargeted } = partial;
  const none = unmatched.length ? ` No record names ${unmatched.map(plain).join(', ')}.` : '';
  return `${paint('yellow', 'Partial plan:')} only ${plural(targets.length, 'person', 'people')} targeted; ${plural(notTargeted, 'record')} of others not planned.${none}`;
}

/** Whether the plan holds Looker definitions or group values and maps no record field (a desired state of layers alone). */
const layersAlone = (plan: SyncPlan) =>
  (plan.definitions !== undefined || plan.groupValues !== undefined) && plan.services.looker.status === 'skipped' && plan.services.dx.status === 'skipped';

/** Whether the plan compared anything: records compared, left out as already in place, or (alone) the layers. */
export const comparedNothing = (plan: SyncPlan): boolean => plan.summary.compared + plan.summary.skippedUnchanged === 0 && !layersAlone(plan);

/** "Plan: 2 to set, 1 to remove, …", "No changes." naming the services compared, or "Nothing compared." */
export function summaryLine(plan: SyncPlan, paint: Paint): string {
  const { set, remove, unchanged, problems, definitionChanges = 0, groupValueCalls = 0 } = plan.summary;
  const layers = [
    definitionChanges > 0 ? plural(definitionChanges, 'definition change') : undefined,
    groupValueCalls > 0 ? plural(groupValueCalls, 'group value call') : undefined,
  ].filter((part) => part !== undefined);
  const extra = [
    `${unchanged} unchanged`,
    plan.summary.skippedUnchanged > 0 ? `${plan.summary.skippedUnchanged} records as in --previous not checked` : undefined,
    problems > 0 ? plural(problems, 'problem') : undefined,
  ].filter((part) => part !== undefined).join(', ');
  if (comparedNothing(plan)) return `${paint('red', 'Nothing compared:')} ${plan.summary.records + problems === 0 ? 'the input has no records' : 'every record is a problem'}.`;
  if (layersAlone(plan)) {
    if (!layers.length) return `${paint('green', 'No changes.')} Looker's definitions and group values match the desired state.`;
    return `${paint('bold', 'Plan:')} ${layers.join(', ')}; calls to make: Looker ${plan.forecast.looker}.`;
  }
  const compared = (['looker', 'dx'] as const).filter((service) => plan.services[service].status === 'planned').map(serviceName);
  if (set + remove + layers.length === 0) return `${paint('green', 'No changes.')} ${compared.join(' and ')} ${compared.length > 1 ? 'match' : 'matches'} the input (${extra}).`;
  const calls = `calls to make: Looker ${plan.forecast.looker}, DX ${plan.forecast.dx}`;
  return `${paint('bold', 'Plan:')} ${[...layers, `${set} to set`].join(', ')}, ${remove} to remove, ${extra}; ${calls}.`;
}

// Why a change was skipped, as the report lists it.
const skipReasons: Readonly<Record<string, string>> = {
  already_in_state: 'already as planned',
  layer_not_applied: 'not sent (its attribute\'s definition or group values did not go through)',
  no_dx_user: 'without a DX user (allowed)',
  stopped: 'not reached (stopped)',
  aborted: 'not reached (aborted)',
  budget_exhausted: 'not sent (the --max-calls budget ran out)',
  dry_run: 'not sent (dry run)',
};

/** The apply report as text: what failed, conflicted or was not sent, then the counts. */
export function renderApplyReport(report: ApplyReport, paint: Paint): string {
  const lines: string[] = [];
  for (const outcome of report.outcomes) {
    const noDxUser = outcome.reason === 'no_dx_user';
    if (outcome.outcome !== 'failed' && outcome.outcome !== 'conflict' && !noDxUser) continue;
    const mark = outcome.outcome === 'failed' ? paint('red', '✗ failed') : paint('yellow', outcome.outcome === 'conflict' ? '! conflict' : '! skipped');
    const reason = noDxUser
      ? `: DX has no user with this email${outcome.outcome === 'failed' ? ' (--allow-missing-dx-users makes this a warning)' : ''}`
      : outcome.error ? `: ${plain(outcome.error.message)}` : outcome.reason === 'changed_since_plan' ? ': changed since the plan was made' : '';
    const what = outcome.layer
      ? `Looker ${outcome.layer === 'definition' ? 'definition' : 'group values'} of ${plain(outcome.attribute)}`
      : `${plain(outcome.email)} ${serviceName(outcome.service)} ${plain(outcome.attribute)}`;
    lines.push(`${mark} ${what}${reason}`);
  }
  if (lines.length > 0) lines.push('');
  const skipped = new Map<string, number>();
  for (const { outcome, reason } of report.outcomes) {
    if (outcome === 'skipped') skipped.set(reason ?? 'skipped', (skipped.get(reason ?? 'skipped') ?? 0) + 1);
  }
  const counts = [
    `${report.applied} of ${report.planned} applied`,
    report.resumed > 0 ? `${report.resumed} recorded in the journal by an earlier run` : undefined,
    report.failed > 0 ? paint('red', `${report.failed} failed`) : undefined,
    report.conflict > 0 ? paint('yellow', plural(report.conflict, 'conflict')) : undefined,
    ...[...skipped].map(([reason, count]) => `${count} ${skipReasons[reason] ?? `skipped (${plain(reason)})`}`),
  ].filter((part) => part !== undefined).join(', ');
  const title = report.dryRun
    ? paint('cyan', 'Dry run, nothing sent:')
    : report.aborted || report.stopped
      ? paint('yellow', report.aborted ? 'Aborted:' : 'Stopped:')
      : report.failed + report.conflict > 0 || report.outcomes.some((o) => o.outcome === 'skipped' && o.reason !== 'already_in_state' && o.reason !== 'no_dx_user')
        ? paint('red', 'Apply incomplete:')
        : paint('green', 'Apply complete:');
  const stale = report.stale ? ' The plan was older than an hour, so every user was checked again first.' : '';
  lines.push(`${title} ${counts}; calls made: Looker ${report.callsUsed.looker}, DX ${report.callsUsed.dx}.${stale}`);
  // A failure is an end the journal keeps: running the same plan again does not retry it.
  if (report.failed > 0 && !report.dryRun) lines.push('Failed changes are not retried from this plan: fix the cause, then make a new plan.');
  return `${lines.join('\n')}\n`;
}
