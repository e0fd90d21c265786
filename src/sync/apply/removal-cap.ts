// The removal cap: a number of values, or a percentage of the plan's managed values (`2%`), checked
// as an option and worked out against the plan before anything is sent.
import type { TooManyRemovalsError } from '../model/errors.js';
import { managedValues } from '../model/managed-values.js';
import type { SyncPlan } from '../model/plan.js';

/** `maxRemovals`: a whole number of values, or a percentage of the managed values, as `{ percent: 2 }` or `'2%'`. */
export type RemovalCap = number | { readonly percent: number } | `${number}%`;

/** The percentage a cap gives, undefined for a number, or null when the cap is not one this takes. */
function percentOf(cap: unknown): number | undefined | null {
  if (typeof cap === 'number') return Number.isSafeInteger(cap) && cap >= 0 ? undefined : null;
  const given = typeof cap === 'string' && /^\d+(\.\d+)?%$/.test(cap)
    ? Number(cap.slice(0, -1))
    : typeof cap === 'object' && cap !== null && Object.keys(cap).join() === 'percent' ? (cap as { percent: unknown }).percent : null;
  return typeof given === 'number' && Number.isFinite(given) && given >= 0 && given <= 100 ? given : null;
}

/** Why `cap` is not a removal cap, or undefined when it is one. */
export function removalCapProblem(cap: unknown): string | undefined {
  return percentOf(cap) === null ? 'must be a whole number, { percent } or a percentage such as "2%" (0 to 100)' : undefined;
}

/**
 * The cap's refusal of `removals`, or undefined when they are within it. A percentage allows that
 * share of `managedValues(plan)`, rounded down: 2% of 40 managed values allows none.
 */
export function overRemovalCap(cap: RemovalCap, removals: number, plan: SyncPlan): TooManyRemovalsError | undefined {
  const percent = percentOf(cap) ?? undefined;
  const managed = percent === undefined ? undefined : managedValues(plan);
  const allowed = percent === undefined || managed === undefined ? (cap as number) : Math.floor((managed * percent) / 100);
  if (removals <= allowed) return undefined;
  const of = percent === undefined ? `maxRemovals (${allowed})` : `maxRemovals ${percent}% of the ${managed} values it manages (${allowed})`;
  const message = `the plan removes ${removals} values, more than ${of}: nothing was written`;
  return { kind: 'too_many_removals', message, removals, maxRemovals: allowed, ...(percent !== undefined && { percent, managedValues: managed }) };
}
