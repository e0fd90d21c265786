import { expect, test } from 'vitest';
import { planWork, verdict } from '../../../src/sync/apply/plan-work.js';
import type { JournalLine } from '../../../src/sync/model/journal.js';
import type { SyncPlan } from '../../../src/sync/model/plan.js';

const set = { attribute: 'dept', action: 'set', before: 'A', after: 'B' } as const;
const remove = { attribute: 'dept', action: 'remove', before: 'A', fallback: { value: null, source: 'No Value' } } as const;

test('a re-check writes only what is still as planned', () => {
  expect(verdict(set, { value: 'A' }, false)).toBe('write');
  expect(verdict(set, { value: 'B' }, false)).toBe('already');
  expect(verdict(set, { value: 'C' }, false)).toBe('conflict');
  expect(verdict(set, undefined, false)).toBe('conflict');
  expect(verdict({ ...set, before: null }, undefined, false)).toBe('write');
  expect(verdict(remove, undefined, false)).toBe('already');
  expect(verdict(remove, { value: 'C' }, false)).toBe('conflict');
  // A value that came back hidden (the attribute was made to hide its values since) is never written blind.
  expect(verdict({ ...remove, before: null }, { value: null }, true)).toBe('conflict');
  expect(verdict({ ...set, before: null }, { value: null }, true)).toBe('conflict');
});

test('the journal decides what is left, what is in doubt, and the forecast', () => {
  const plan = {
    id: 'p',
    services: { looker: { status: 'planned', attributes: [] }, dx: { status: 'planned', attributes: ['Dept'], pages: 3, listedUsers: 250 } },
    users: [
      { email: 'a@x.test', looker: { userId: '1', changes: [set, { ...remove, attribute: 'region' }, { attribute: 'level', action: 'unchanged' }] } },
      { email: 'b@x.test', dx: { changes: [{ ...set, attribute: 'Dept' }] } },
    ],
  } as unknown as SyncPlan;
  const at = '2026-01-01T00:00:00.000Z';
  const journal: JournalLine[] = [
    { v: 1, plan: 'p', type: 'attempt', service: 'looker', email: 'a@x.test', attributes: ['dept'], at },
    { v: 1, plan: 'p', type: 'outcome', service: 'looker', email: 'a@x.test', attribute: 'dept', outcome: 'applied', at },
    { v: 1, plan: 'p', type: 'attempt', service: 'dx', email: 'b@x.test', attributes: ['Dept'], at },
    { v: 1, plan: 'other', type: 'outcome', service: 'dx', email: 'b@x.test', attribute: 'Dept', outcome: 'applied', at },
  ];
  const work = planWork(plan, journal, false);
  expect(work.planned).toEqual({ looker: 2, dx: 1 });
  expect(work.removals).toBe(1);
  expect(work.tasks.map((t) => [t.service, t.changes.map((c) => c.attribute), [...t.inDoubt], t.recheck])).toEqual([
    ['looker', ['region'], [], false],
    ['dx', ['Dept'], ['Dept'], true],
  ]);
  // Looker: one write, the read of its user's id and the login; DX: one write and the three listing pages of its re-check.
  expect(work.forecast).toEqual({ looker: 1 + 1 + 1, dx: 4 });
  expect(planWork(plan, [], true).forecast).toEqual({ looker: 2 + 1 + 1 + 1, dx: 1 + 3 });
  // Nothing left to write in Looker: no login and no id read either.
  expect(planWork({ ...plan, users: plan.users.slice(1) }, [], false).forecast).toEqual({ looker: 0, dx: 1 });
});
