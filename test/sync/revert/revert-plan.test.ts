// The revert plan as a pure function of a plan and its journal: each applied change inverted, the
// rest listed as not put back, a journal of another plan refused, the result sealed and re-checked.
import { expect, test } from 'vitest';
import { planWork } from '../../../src/sync/apply/plan-work.js';
import type { JournalLine } from '../../../src/sync/model/journal.js';
import { validatePlan } from '../../../src/sync/model/plan-check.js';
import { inverseOf, revertPlan } from '../../../src/sync/revert/revert-plan.js';
import { planWithChanges } from '../../support/cli/fixtures.js';

const at = '2026-01-01T00:00:00.000Z';
const made = { id: 'revert-1', createdAt: at };
const ended = (service: 'looker' | 'dx', attribute: string, outcome: 'applied' | 'failed' | 'conflict' | 'skipped', reason?: string): JournalLine =>
  ({ v: 1, plan: planWithChanges.id, type: 'outcome', service, email: 'jo@acme.test', attribute, outcome, ...(reason && { reason }), at });

test('each change is inverted: the value the apply wrote becomes before, the one it replaced after', () => {
  expect(inverseOf('looker', { attribute: 'a', action: 'set', before: 'Sales', after: 'Marketing' }))
    .toEqual({ attribute: 'a', action: 'set', before: 'Marketing', after: 'Sales' });
  expect(inverseOf('looker', { attribute: 'a', action: 'set', before: null, after: 'Marketing' }))
    .toEqual({ attribute: 'a', action: 'remove', before: 'Marketing', fallback: { value: null, source: 'unknown' } });
  expect(inverseOf('dx', { attribute: 'a', action: 'set', before: null, after: 'M' }))
    .toEqual({ attribute: 'a', action: 'remove', before: 'M', fallback: { value: null, source: 'none' } });
  expect(inverseOf('looker', { attribute: 'a', action: 'remove', before: 'EMEA', fallback: { value: null, source: 'No Value' } }))
    .toEqual({ attribute: 'a', action: 'set', before: null, after: 'EMEA' });
});

test('a whole apply reverted: a sealed plan of the same services, re-read before every write', () => {
  const journal = [ended('looker', 'department', 'applied'), ended('looker', 'region', 'applied'), ended('dx', 'Department', 'applied')];
  const revert = revertPlan(planWithChanges, journal, made);
  if (!revert.ok) throw new Error(revert.error.message);
  const plan = revert.data;
  expect(validatePlan(plan).ok).toBe(true);
  expect(plan.services).toEqual(planWithChanges.services);
  expect(plan.users).toEqual([{
    email: 'jo@acme.test',
    looker: { userId: '7', changes: [
      { attribute: 'department', action: 'set', before: 'Marketing', after: 'Sales' },
      { attribute: 'region', action: 'set', before: null, after: 'EMEA' },
    ] },
    dx: { changes: [{ attribute: 'Department', action: 'remove', before: 'Marketing', fallback: { value: null, source: 'none' } }] },
  }]);
  expect(plan.revert).toEqual({ planId: planWithChanges.id, notReverted: [] });
  expect(plan.summary).toMatchObject({ set: 2, remove: 1, unchanged: 0 });
  expect(plan.settled).toEqual([]);
  // Apply re-reads each user first, however young the plan: 2 writes + 1 read + 1 id read + login; DX: 1 listing page + 1 write.
  const work = planWork(plan, [], false);
  expect(work.tasks.every((task) => task.recheck)).toBe(true);
  expect(plan.forecast).toEqual({ looker: 5, dx: 2 });
  expect(work.forecast).toEqual(plan.forecast);
});

test('what the journal shows as not applied, already so, or in doubt is listed, not reverted', () => {
  const journal: JournalLine[] = [
    ended('looker', 'department', 'conflict', 'changed_since_plan'),
    ended('looker', 'region', 'skipped', 'already_in_state'),
    { v: 1, plan: planWithChanges.id, type: 'attempt', service: 'dx', email: 'jo@acme.test', attributes: ['Department'], at },
  ];
  const revert = revertPlan(planWithChanges, journal, made);
  if (!revert.ok) throw new Error(revert.error.message);
  expect(revert.data.users).toEqual([]);
  expect(revert.data.revert?.notReverted).toEqual([
    { email: 'jo@acme.test', service: 'looker', attribute: 'department', reason: 'not_applied', outcome: 'conflict' },
    { email: 'jo@acme.test', service: 'looker', attribute: 'region', reason: 'already_in_state', outcome: 'skipped' },
    { email: 'jo@acme.test', service: 'dx', attribute: 'Department', reason: 'in_doubt' },
  ]);
  expect(revert.data.forecast).toEqual({ looker: 0, dx: 0 });
});

test('a journal of another plan, or an empty one, is refused naming the plans it records', () => {
  const other = { ...ended('looker', 'department', 'applied'), plan: 'another-plan' };
  const refused = revertPlan(planWithChanges, [other], made);
  expect(refused).toEqual({ ok: false, error: expect.objectContaining({ kind: 'journal_mismatch', planId: planWithChanges.id, journalPlans: ['another-plan'] }) });
  expect(!refused.ok && refused.error.message).toContain('it is the journal of another plan');
  const empty = revertPlan(planWithChanges, [], made);
  expect(!empty.ok && empty.error.message).toContain('the journal is empty');
});
