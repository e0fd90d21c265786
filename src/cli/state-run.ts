// plan and apply with --state DIR: the state held for the run (locked, checked against the mapping
// and the services), what it gives the run (the snapshot, whether a full check is due, the
// journal, what is left of the month's budget) and what the run leaves in it (calls, the run).
import type { PlainResult } from '../core/result.js';
import type { Clients } from './clients.js';
import type { CliStateOptions } from './state-args.js';
import {
  afterApply, afterPlan, callsInMonth, checkMonthlyBudget, createFileState, fullCheckDue, holdState, monthOf,
  type ApplyReport, type RecordSnapshot, type ServiceCalls, type StateDocument, type StateKey, type SyncPlan,
} from './sync.js';

type CliError = { readonly kind: string; readonly message: string };
type Notice = { readonly text: string; readonly event: { readonly type: string } & Record<string, unknown> };

const keyOf = (desiredState: string, clients: Clients, stored?: string): StateKey => ({
  desiredState: stored ?? desiredState.replace(/^(\.\/)+/, ''),
  services: { looker: clients.looker?.baseUrl ?? null, dx: clients.dx?.baseUrl ?? null },
});

const grouped = (n: number) => n.toLocaleString('en-US');
const NAMES = { looker: 'Looker', dx: 'DX' } as const;

/** "Looker: 3,412 of 10,000 calls used this month; this run: 126", per service used or set up, and the event. */
export function ledgerNotice(document: StateDocument, now: number, run: ServiceCalls, forecast?: ServiceCalls): Notice {
  const used = callsInMonth(document, now);
  const services = (['looker', 'dx'] as const).filter((s) => document.services[s] !== null || used[s] > 0);
  const lines = services.map((s) => {
    const budget = document.monthlyBudget[s];
    const of = budget === undefined ? '' : ` of ${grouped(budget)}`;
    const next = forecast ? `; its apply: at most ${grouped(forecast[s])}` : '';
    const noun = used[s] === 1 && budget === undefined ? 'call' : 'calls';
    return `${NAMES[s]}: ${grouped(used[s])}${of} ${noun} used this month; this run: ${grouped(run[s])}${next}`;
  });
  const ledger = Object.fromEntries(services.map((s) => {
    const budget = document.monthlyBudget[s];
    return [s, { used: used[s], ...(budget !== undefined && { budget }), thisRun: run[s], ...(forecast && { forecast: forecast[s] }) }];
  }));
  return { text: lines.join('\n'), event: { type: 'ledger', month: monthOf(now), ...ledger } };
}

/** The state as plan uses it. */
export interface PlanState {
  /** The snapshot to leave out, unless a full check is due. */
  readonly previous: RecordSnapshot | undefined;
  readonly notice: Notice;
  /** Books the plan's calls (and the plan, when one was made), frees the state, and says how the month stands. */
  finish(plan: SyncPlan | undefined, calls: ServiceCalls, now: number): Promise<PlainResult<Notice, CliError>>;
  release(): Promise<void>;
}

const budgetOf = (document: StateDocument, given: CliStateOptions) => ({ ...document.monthlyBudget, ...given.monthlyBudget });

/** Holds the state for `plan`: the snapshot to leave out, or why this plan checks every record. */
export async function startPlanState(
  options: CliStateOptions, map: string, clients: Clients, forced: boolean, now: number,
): Promise<PlainResult<PlanState, CliError>> {
  const held = await holdState(createFileState(options.dir), keyOf(map, clients));
  if (!held.ok) return held;
  const state = held.data;
  const decision = forced ? { full: true, reason: '--full-drift-check asks for it' } : fullCheckDue(state.document, now, options.fullCheckAgeMs);
  const text = decision.full ? `Full drift check: ${decision.reason}.` : `Plan: ${decision.reason}.`;
  return {
    ok: true,
    data: {
      previous: decision.full ? undefined : state.document.snapshot,
      notice: { text, event: { type: 'state', state: options.dir, fullCheck: decision.full, reason: decision.reason } },
      async finish(plan, calls, at) {
        const document = { ...afterPlan(state.document, plan, calls, at), monthlyBudget: budgetOf(state.document, options) };
        const saved = await state.save(document);
        await state.release();
        return saved.ok ? { ok: true, data: ledgerNotice(document, at, calls, plan?.forecast) } : saved;
      },
      release: () => state.release(),
    },
  };
}

/** The state as apply uses it. */
export interface ApplyState {
  /** The plan's journal in the state folder. */
  readonly journal: string;
  /** What is left of each service's monthly budget: apply's `maxCalls` (no more than that is sent). */
  readonly left: Partial<ServiceCalls>;
  /** Books the apply's calls and run, replaces the snapshot, prunes the journals, frees the state. */
  finish(report: ApplyReport | undefined, calls: ServiceCalls, now: number): Promise<PlainResult<Notice, CliError>>;
  release(): Promise<void>;
}

/**
 * Holds the state for `apply`: refused for a plan this state did not see made (another mapping, or
 * made without it), and, before any call, for a plan whose forecast passes what is left of the
 * month's budget (`over_monthly_budget`). `partial`: the plan covers only some people, so its
 * apply adds to the snapshot instead of replacing it, and is no full check.
 */
export async function startApplyState(
  options: CliStateOptions, plan: SyncPlan, clients: Clients, now: number, partial = false,
): Promise<PlainResult<ApplyState, CliError>> {
  const folder = createFileState(options.dir);
  const stored = await folder.read();
  const desired = stored.ok && typeof (stored.data as { desiredState?: unknown } | undefined)?.desiredState === 'string'
    ? (stored.data as { desiredState: string }).desiredState : '(no state yet)';
  const held = await holdState(folder, keyOf(desired, clients, desired));
  if (!held.ok) return held;
  const state = held.data;
  const refuse = async (error: CliError): Promise<PlainResult<ApplyState, CliError>> => {
    await state.release();
    return { ok: false, error };
  };
  if (!state.document.plans.some((p) => p.planId === plan.id)) {
    return refuse({ kind: 'state_mismatch', message: `the plan ${plan.id} was not made with --state ${options.dir}: nothing was sent. Make it with plan --state ${options.dir}, or apply it without --state` });
  }
  const budget = budgetOf(state.document, options);
  const checked = checkMonthlyBudget(state.document, budget, plan.forecast, now);
  if (!checked.ok) return refuse(checked.error);
  return {
    ok: true,
    data: {
      journal: folder.journal(plan.id) as string,
      left: checked.data,
      async finish(report, calls, at) {
        const { document, prune } = afterApply({ ...state.document, monthlyBudget: budget }, plan, { report, calls, now: at, partial });
        const saved = await state.save(document, prune);
        await state.release();
        return saved.ok ? { ok: true, data: ledgerNotice(document, at, calls) } : saved;
      },
      release: () => state.release(),
    },
  };
}

/** The tighter of two call caps per service (`--max-calls` and what is left of the month's budget). */
export function tighterCaps(given: Partial<ServiceCalls> | undefined, left: Partial<ServiceCalls> | undefined): Partial<ServiceCalls> {
  const caps: { looker?: number; dx?: number } = {};
  for (const service of ['looker', 'dx'] as const) {
    const values = [given?.[service], left?.[service]].filter((n): n is number => n !== undefined);
    if (values.length > 0) caps[service] = Math.min(...values);
  }
  return caps;
}
