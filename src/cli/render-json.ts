// JSON lines for machines: one object per event, each with a "type"; no colours, no bar.
import type { ApplyOutcome, ApplyReport, PlanProgress, SyncPlan, SyncProgress } from './sync.js';

/** One event of the JSON output. */
export type JsonEvent = { readonly type: string } & Readonly<Record<string, unknown>>;

/** The event as one line of JSON (with its newline). */
export function jsonLine(event: JsonEvent): string {
  return `${JSON.stringify(event)}\n`;
}

/** Whether each service was planned or skipped, and why, without the plan's attribute lists; how its users were found. */
function serviceStates(plan: SyncPlan): Record<'looker' | 'dx', { status: string; reason?: string; users?: unknown }> {
  const state = (service: SyncPlan['services']['looker'] | SyncPlan['services']['dx']) =>
    service.status === 'skipped' ? { status: 'skipped', reason: service.reason } : { status: 'planned', ...(service.users && { users: service.users }) };
  return { looker: state(plan.services.looker), dx: state(plan.services.dx) };
}

/** A change line per write, a line per definition and group values change, then each attribute's effective values (every user), warnings, problems, and a "plan" summary. */
export function planEvents(plan: SyncPlan, saved: string | undefined): JsonEvent[] {
  const events: JsonEvent[] = [];
  for (const user of plan.users) {
    for (const service of ['looker', 'dx'] as const) {
      for (const change of user[service]?.changes ?? []) {
        if (change.action !== 'unchanged') events.push({ type: 'change', email: user.email, service, ...change });
      }
    }
  }
  for (const change of plan.definitions ?? []) if (change.action !== 'unchanged') events.push({ type: 'definition', ...change });
  for (const change of plan.groupValues ?? []) if (change.calls.length) events.push({ type: 'group_values', ...change });
  for (const section of plan.effective ?? []) events.push({ type: 'effective', ...section });
  for (const warning of plan.warnings) events.push({ type: 'warning', ...warning });
  for (const problem of plan.problems) events.push({ type: 'problem', ...problem });
  const { id, createdAt, incremental, summary, forecast } = plan;
  events.push({ type: 'plan', id, createdAt, incremental, services: serviceStates(plan), summary, forecast, ...(plan.partial && { partial: plan.partial }), saved: saved ?? null });
  return events;
}

/** A "progress" event: apply's per service, or plan's reads (`readsToDo` null while unknown). */
export function progressEvent(progress: SyncProgress | PlanProgress): JsonEvent {
  return { type: 'progress', ...progress };
}

/** An "outcome" event: how one planned change ended, sent as it ends. */
export function outcomeEvent(outcome: ApplyOutcome): JsonEvent {
  return { type: 'outcome', ...outcome };
}

/** The "apply" summary: the report's counts without its outcomes (each came as its own event). */
export function applyEvent(report: ApplyReport, journal: string): JsonEvent {
  const { outcomes: _outcomes, ...counts } = report;
  return { type: 'apply', ...counts, journal };
}
