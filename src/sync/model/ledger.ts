// The monthly call ledger: every request the sync sent, per service and calendar month (UTC), and
// the check that refuses an apply whose forecast would pass what is left of a monthly budget.
import type { PlainResult } from '../../core/result.js';
import type { ServiceCalls, StateDocument } from './state.js';

/** The calendar month (UTC) of `ms` as the ledger names it: `2026-01`. */
export function monthOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 7);
}

const NONE: ServiceCalls = { looker: 0, dx: 0 };

/** The calls the ledger holds for the month of `ms`. */
export function callsInMonth(document: Pick<StateDocument, 'ledger'>, ms: number): ServiceCalls {
  return document.ledger[monthOf(ms)] ?? NONE;
}

/** The ledger with `calls` added to the month of `ms`. */
export function addToLedger(ledger: StateDocument['ledger'], ms: number, calls: ServiceCalls): StateDocument['ledger'] {
  const month = monthOf(ms);
  const before = ledger[month] ?? NONE;
  return { ...ledger, [month]: { looker: before.looker + calls.looker, dx: before.dx + calls.dx } };
}

/** An apply refused before any call: its forecast would pass what is left of the month's budget. */
export interface OverMonthlyBudgetError {
  readonly kind: 'over_monthly_budget';
  readonly message: string;
  readonly service: 'looker' | 'dx';
  /** The month (UTC, `2026-01`). */
  readonly month: string;
  readonly budget: number;
  readonly used: number;
  readonly forecast: number;
}

/** What is left of each service's budget this month (undefined: no budget for it). */
export function leftThisMonth(document: Pick<StateDocument, 'ledger'>, budget: Partial<ServiceCalls>, ms: number): Partial<ServiceCalls> {
  const used = callsInMonth(document, ms);
  const left: { looker?: number; dx?: number } = {};
  for (const service of ['looker', 'dx'] as const) {
    const cap = budget[service];
    if (cap !== undefined) left[service] = Math.max(0, cap - used[service]);
  }
  return left;
}

/**
 * Refuses, before any call, an apply whose forecast (`SyncPlan.forecast`, an upper bound the run
 * keeps) would pass what is left of a service's monthly budget in the month of `ms`.
 */
export function checkMonthlyBudget(
  document: Pick<StateDocument, 'ledger'>,
  budget: Partial<ServiceCalls>,
  forecast: ServiceCalls,
  ms: number,
): PlainResult<Partial<ServiceCalls>, OverMonthlyBudgetError> {
  const used = callsInMonth(document, ms);
  const left = leftThisMonth(document, budget, ms);
  for (const service of ['looker', 'dx'] as const) {
    const cap = budget[service];
    const remaining = left[service];
    if (cap === undefined || remaining === undefined || forecast[service] <= remaining) continue;
    const name = service === 'looker' ? 'Looker' : 'DX';
    const month = monthOf(ms);
    const message = `${name}: this apply may make ${forecast[service]} calls, but only ${remaining} of the monthly budget of ${cap} are left in ${month} `
      + `(${used[service]} used): nothing was sent. Wait for next month, raise --monthly-budget ${service}=N, or plan fewer changes`;
    return { ok: false, error: { kind: 'over_monthly_budget', message, service, month, budget: cap, used: used[service], forecast: forecast[service] } };
  }
  return { ok: true, data: left };
}
