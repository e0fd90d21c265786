// Undo: from a plan and the journal of its apply, a new plan that puts back the values the applied
// changes replaced. A pure function of the two: no request is sent to make it; its apply re-reads
// every value first, so a value changed since the apply is a conflict, never overwritten.
import { failure, success, type PlainResult } from '../../core/result.js';
import type { Runtime } from '../../core/runtime.js';
import type { JournalError, JournalMismatchError, SyncError } from '../model/errors.js';
import { readTextFile } from '../files.js';
import { changeKey, parseJournal, type Journal, type JournalLine, type OutcomeLine } from '../model/journal.js';
import { validatePlan } from '../model/plan-check.js';
import { PLAN_VERSION, writes, type Change, type NotReverted, type PlannedUser, type SyncPlan } from '../model/plan.js';
import type { SyncService } from '../model/ports.js';
import { sealPlan } from '../model/seal.js';
import { layerChangeKey, layerChanges } from '../apply/layer-work.js';
import { planWork, type WriteChange } from '../apply/plan-work.js';
import { planId } from '../plan/build-plan.js';

/** The fallback of a revert's Looker removal: the value before the apply was never read. */
export const UNKNOWN_FALLBACK = { value: null, source: 'unknown' } as const;

/** What the journal says of the plan: the last outcome of each change, and the changes attempted. */
interface Ends {
  readonly outcomes: ReadonlyMap<string, OutcomeLine>;
  readonly attempted: ReadonlySet<string>;
}

function endsOf(planId: string, lines: readonly JournalLine[]): Ends | undefined {
  const outcomes = new Map<string, OutcomeLine>();
  const attempted = new Set<string>();
  let any = false;
  for (const line of lines) {
    if (line.plan !== planId) continue;
    any = true;
    if (line.type === 'outcome') outcomes.set(changeKey(line.service, line.email, line.attribute), line);
    else for (const attribute of line.attributes) attempted.add(changeKey(line.service, line.email, attribute));
  }
  return any ? { outcomes, attempted } : undefined;
}

/** The journal records no apply of the plan: say which plans it records instead. */
export function journalMismatch(planId: string, lines: readonly JournalLine[]): JournalMismatchError {
  const journalPlans = [...new Set(lines.map((line) => line.plan))];
  const message = journalPlans.length === 0
    ? `the journal is empty: it records no apply of plan ${planId}, so there is nothing to revert`
    : `the journal records no apply of plan ${planId}, only of ${journalPlans.join(', ')}: it is the journal of another plan. `
      + 'Give the journal the apply of this plan wrote (by default its name with .journal.ndjson)';
  return { kind: 'journal_mismatch', message, planId, journalPlans };
}

/**
 * The change that puts back what `change` replaced, its `before` being the value the apply wrote
 * (so that the re-check finds a later change): a set of the old value, or a removal when there was
 * no own value; a removal becomes a set of the removed value. Undefined when nothing was replaced.
 */
export function inverseOf(service: SyncService, change: WriteChange): WriteChange | undefined {
  const { attribute } = change;
  if (change.action === 'remove') return change.before === null ? undefined : { attribute, action: 'set', before: null, after: change.before };
  if (change.before !== null) return { attribute, action: 'set', before: change.after, after: change.before };
  const fallback = service === 'dx' ? { value: null, source: 'none' } : UNKNOWN_FALLBACK;
  return { attribute, action: 'remove', before: change.after, fallback };
}

/** Why a change is not put back, from its end in the journal; undefined when it was applied. */
function notApplied(ends: Ends, key: string, change: Change): Pick<NotReverted, 'reason' | 'outcome'> | undefined {
  // A plan that writes a hidden value records no value before it.
  if ((change as { before?: unknown }).before === undefined) return { reason: 'value_not_read' };
  const end = ends.outcomes.get(key);
  if (end?.outcome === 'applied') return undefined;
  if (end?.outcome === 'skipped' && end.reason === 'already_in_state') return { reason: 'already_in_state', outcome: end.outcome };
  if (!end && ends.attempted.has(key)) return { reason: 'in_doubt' };
  return { reason: 'not_applied', ...(end && { outcome: end.outcome }) };
}

/** One user's revert, and the changes of theirs that cannot be put back. */
function revertUser(user: PlannedUser, ends: Ends, notReverted: NotReverted[]): PlannedUser | undefined {
  const parts: { looker?: PlannedUser['looker']; dx?: PlannedUser['dx'] } = {};
  for (const service of ['looker', 'dx'] as const) {
    const changes: WriteChange[] = [];
    for (const change of user[service]?.changes.filter(writes) ?? []) {
      const why = notApplied(ends, changeKey(service, user.email, change.attribute), change);
      const inverse = why ? undefined : inverseOf(service, change);
      if (inverse) changes.push(inverse);
      else if (why) notReverted.push({ email: user.email, service, attribute: change.attribute, ...why });
    }
    if (!changes.length) continue;
    if (service === 'looker') parts.looker = { userId: (user.looker as NonNullable<PlannedUser['looker']>).userId, changes };
    else parts.dx = { changes };
  }
  return parts.looker || parts.dx ? { email: user.email, ...parts } : undefined;
}

/**
 * The revert plan of `plan` from its journal's `lines`, sealed, with id and time of making as
 * given. Refused (`journal_mismatch`) when the journal records nothing of `plan`.
 */
export function revertPlan(
  plan: SyncPlan,
  lines: readonly JournalLine[],
  made: { id: string; createdAt: string },
): PlainResult<SyncPlan, JournalMismatchError> {
  const ends = endsOf(plan.id, lines);
  if (!ends) return failure(journalMismatch(plan.id, lines));
  // The layers are not put back: each change the journal holds is listed, with how it ended.
  const notReverted: NotReverted[] = layerChanges(plan).map(({ layer, attribute }) => {
    const outcome = ends.outcomes.get(layerChangeKey(layer, attribute))?.outcome;
    return { email: '', service: 'looker', attribute, layer, reason: 'layer_not_reverted', ...(outcome && { outcome }) };
  });
  const users = plan.users.map((user) => revertUser(user, ends, notReverted)).filter((user) => user !== undefined);
  const changes = users.flatMap((user) => [...(user.looker?.changes ?? []), ...(user.dx?.changes ?? [])]);
  const count = (action: 'set' | 'remove') => changes.filter((change) => change.action === action).length;
  const draft = {
    version: PLAN_VERSION,
    id: made.id,
    createdAt: made.createdAt,
    incremental: false,
    services: plan.services,
    users,
    problems: [],
    warnings: [],
    forecast: { looker: 0, dx: 0 },
    summary: { set: count('set'), remove: count('remove'), unchanged: 0, problems: 0, records: 0, compared: users.length, skippedUnchanged: 0 },
    // No record is in place after a revert: a snapshot of it holds none, so the next plan compares them all.
    settled: [],
    revert: { planId: plan.id, notReverted },
  } satisfies Omit<SyncPlan, 'seal'>;
  // Apply re-reads every user of a revert plan: the forecast is apply's own, re-check included.
  const forecast = planWork({ ...draft, seal: {} }, [], true).forecast;
  return success(sealPlan({ ...draft, forecast }));
}

/** The journal's lines: a path, a `Journal`, or lines already read. */
async function journalLines(journal: string | Journal | readonly JournalLine[]): Promise<PlainResult<readonly JournalLine[], JournalError>> {
  try {
    if (Array.isArray(journal)) return success(journal as readonly JournalLine[]);
    if (typeof journal !== 'string') return success(await (journal as Journal).read());
    // A journal file apply never wrote is not an empty journal: say so.
    const text = await readTextFile(journal);
    if (text === undefined) return failure({ kind: 'journal_failed', message: `the journal ${journal} does not exist: give the journal the apply wrote` });
    return success(parseJournal(text));
  } catch (error) {
    return failure({ kind: 'journal_failed', message: `the journal cannot be read: ${error instanceof Error ? error.message : String(error)}` });
  }
}

/** `sync.revert`: checks the plan, reads the journal and makes the revert plan, now. Sends nothing. */
export async function revertFromJournal(
  runtime: Pick<Runtime, 'now' | 'random'>,
  plan: SyncPlan,
  journal: string | Journal | readonly JournalLine[],
): Promise<PlainResult<SyncPlan, SyncError>> {
  const checked = validatePlan(plan);
  if (!checked.ok) return checked;
  const lines = await journalLines(journal);
  if (!lines.ok) return lines;
  const createdAt = new Date(runtime.now()).toISOString();
  return revertPlan(checked.data, lines.data, { id: planId(createdAt, runtime.random()), createdAt });
}
