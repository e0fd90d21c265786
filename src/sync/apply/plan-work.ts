// What apply has to do, worked out from the plan and the journal before anything is sent: the
// remaining writes per user and service, which of them must be re-checked, and the calls needed.
import { identityCalls } from '../reads/looker-ids.js';
import { changeKey, type JournalLine, type OutcomeLine } from '../model/journal.js';
import { LOOKER_LOGINS, writes, type Change, type SyncPlan } from '../model/plan.js';
import type { SyncService } from '../model/ports.js';
import { layerWork, type LayerTask } from './layer-work.js';

/** A change that writes. */
export type WriteChange = Extract<Change, { action: 'set' | 'remove' }>;

/** Whose change a journal line or an outcome is: the service and the user's email (empty for a layer change). */
export interface TaskId {
  readonly service: SyncService;
  readonly email: string;
}

/** The remaining writes of one user in one service. */
export interface Task extends TaskId {
  /** Looker user id (Looker tasks only). */
  readonly userId?: string;
  readonly changes: readonly WriteChange[];
  /** Attributes attempted by an earlier run with no outcome recorded: their effect is unknown. */
  readonly inDoubt: ReadonlySet<string>;
  /** Read the current values first (a stale plan, or a change in doubt). */
  readonly recheck: boolean;
}

/** The work of one apply. */
export interface Work {
  /** The definitions and group values changes still to make, applied before any user value. */
  readonly layers: readonly LayerTask[];
  readonly tasks: readonly Task[];
  /** Outcomes already in the journal, by change key. */
  readonly done: ReadonlyMap<string, OutcomeLine>;
  /** Writes the plan holds in all, per service (a layer change counts one). */
  readonly planned: { readonly looker: number; readonly dx: number };
  /** Requests this run will make if nothing fails: writes, re-check reads, the reads of the Looker ids and a Looker login. */
  readonly forecast: { readonly looker: number; readonly dx: number };
  /** Removals the plan holds: values, deleted definitions and removed group values. */
  readonly removals: number;
}

/** Splits the plan into tasks, leaving out what the journal records as done. */
export function planWork(plan: SyncPlan, journal: readonly JournalLine[], stale: boolean): Work {
  const done = new Map<string, OutcomeLine>();
  const attempted = new Set<string>();
  for (const line of journal) {
    if (line.plan !== plan.id) continue;
    if (line.type === 'outcome') done.set(changeKey(line.service, line.email, line.attribute), line);
    else for (const attribute of line.attributes) attempted.add(changeKey(line.service, line.email, attribute));
  }
  const tasks: Task[] = [];
  const planned = { looker: 0, dx: 0 };
  const forecast = { looker: 0, dx: 0 };
  let removals = 0;
  let dxRecheck = false;
  // A revert plan is made from the journal, not from a read: its values are always read again first.
  const recheckAll = stale || plan.revert !== undefined;
  for (const user of plan.users) {
    for (const service of ['looker', 'dx'] as const) {
      const part = user[service];
      if (!part) continue;
      const all = part.changes.filter(writes);
      planned[service] += all.length;
      removals += all.filter((change) => change.action === 'remove').length;
      const changes = all.filter((change) => !done.has(changeKey(service, user.email, change.attribute)));
      if (!changes.length) continue;
      const inDoubt = new Set(changes.filter((c) => attempted.has(changeKey(service, user.email, c.attribute))).map((c) => c.attribute));
      const recheck = recheckAll || inDoubt.size > 0;
      const userId = service === 'looker' ? user.looker?.userId : undefined;
      tasks.push({ service, email: user.email, ...(userId !== undefined && { userId }), changes, inDoubt, recheck });
      // Looker: one call per value, and one read per re-checked user. DX: one call per user.
      if (service === 'looker') forecast.looker += changes.length + (recheck ? 1 : 0);
      else forecast.dx++;
      dxRecheck ||= service === 'dx' && recheck;
    }
  }
  // Every Looker user to write is read back first, a hundred ids a call.
  forecast.looker += identityCalls(tasks.filter((task) => task.service === 'looker').length);
  const layers = layerWork(plan, done, attempted, stale);
  planned.looker += layers.planned;
  forecast.looker += layers.forecast;
  removals += layers.removals;
  // DX has no lookup by email: a re-check pages the whole listing again.
  if (dxRecheck) forecast.dx += plan.services.dx.status === 'planned' ? Math.max(1, plan.services.dx.pages) : 1;
  // The Looker client logs in before its first call: a request the budget counts too.
  if (forecast.looker > 0) forecast.looker += LOOKER_LOGINS;
  return { layers: layers.tasks, tasks, done, planned, forecast, removals };
}

/** What a re-check found for one change. */
export type Verdict = 'write' | 'already' | 'conflict';

/**
 * Compares a change with what the service holds now. `own` is the user's own value (undefined when
 * they have none); `hidden` means its value came back hidden (the attribute was made to hide its
 * values since the plan): it cannot be compared, so it is a conflict, never written blind.
 */
export function verdict(change: WriteChange, own: { value: string | null } | undefined, hidden: boolean): Verdict {
  if (hidden) return 'conflict';
  if (change.action === 'remove') {
    if (!own) return 'already';
    return own.value === change.before ? 'write' : 'conflict';
  }
  if (own?.value === change.after) return 'already';
  return (own?.value ?? null) === change.before ? 'write' : 'conflict';
}
