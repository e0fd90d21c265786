// Assembling a plan is a pure function of what gather and the comparison of the records found:
// tested here on plain values, with no service, lane or record reader.
import { expect, test } from 'vitest';
import { validatePlan } from '../../../src/sync/index.js';
import { assemblePlan, type PlanParts } from '../../../src/sync/plan/assemble.js';
import type { Compared } from '../../../src/sync/plan/compare-records.js';
import type { Gathered } from '../../../src/sync/plan/gather.js';
import { pack } from '../../../src/sync/plan/tally.js';
import { mapping } from '../../support/sync/fixtures.js';

const department = { name: 'department', id: '7', type: 'string', userCanEdit: true } as const;

const gathered: Gathered = {
  looker: {
    directory: { byEmail: new Map([['jo@acme.test', '1'], ['al@acme.test', '2']]), disabled: new Set(), groupsOf: new Map(), withoutEmail: [], pages: 1 },
    attributes: new Map([['department', department]]),
    refs: [{ id: '7', name: 'department', hidden: false }],
  },
};

const set = (after: string) => ({ attribute: 'department', action: 'set', before: null, after }) as const;

function compared(fields: Partial<Compared> = {}): Compared {
  const settled: number[] = [];
  settled[2] = 33;
  const tallies: number[] = [];
  tallies[0] = pack([1, 0, 0]);
  tallies[1] = pack([1, 0, 0]);
  tallies[2] = pack([0, 0, 1]);
  return {
    problems: [],
    // Planned out of order, as concurrent reads end: the plan lists them by record.
    users: [
      { index: 1, user: { email: 'al@acme.test', digest: 22, looker: { userId: '2', changes: [set('Sales')] } }, warnings: [] },
      { index: 0, user: { email: 'jo@acme.test', digest: 11, looker: { userId: '1', changes: [set('Legal')] } }, warnings: [] },
    ],
    tallies,
    settled,
    usersRead: 3,
    records: 3,
    skippedUnchanged: 0,
    duplicates: new Map(),
    ...fields,
  };
}

const parts = (fields: Partial<PlanParts> = {}): PlanParts => ({
  id: 'p1',
  createdAt: '2026-11-22T12:00:00.000Z',
  mapping: mapping({ email: 'email', fields: { Department: { looker: 'department' } } }),
  gathered,
  compared: compared(),
  incremental: false,
  baseUrls: { looker: 'https://acme.looker.test/api/4.0', dx: undefined },
  ...fields,
});

test('users in record order, the counts, the forecast, the settled digests, the services, a seal that checks', () => {
  const plan = assemblePlan(parts());
  expect(plan.users.map((user) => user.email)).toEqual(['jo@acme.test', 'al@acme.test']);
  expect(plan.summary).toEqual({ set: 2, remove: 0, unchanged: 1, problems: 0, records: 3, compared: 3, skippedUnchanged: 0 });
  // Two writes, one read-back of both ids, one login.
  expect(plan.forecast).toEqual({ looker: 4, dx: 0 });
  expect(plan.settled).toEqual([33]);
  expect(plan.services.looker).toMatchObject({ status: 'planned', attributes: [department], userPages: 1, usersRead: 3 });
  expect(plan.services.dx).toEqual({ status: 'skipped', reason: 'no DX client was given' });
  expect(plan.warnings.map((warning) => warning.kind)).toEqual(['user_editable']);
  expect(validatePlan(JSON.parse(JSON.stringify(plan)))).toMatchObject({ ok: true });
});

test('an email in two records plans neither: its counts and its digest are taken out, and it is a problem', () => {
  const plan = assemblePlan(parts({ compared: compared({ duplicates: new Map([['jo@acme.test', 0]]) }) }));
  expect(plan.users.map((user) => user.email)).toEqual(['al@acme.test']);
  expect(plan.summary).toMatchObject({ set: 1, compared: 2, problems: 1 });
  expect(plan.problems).toEqual([{ email: 'jo@acme.test', kind: 'duplicate_record', message: 'jo@acme.test appears in more than one record: none of them is applied' }]);
  expect(plan.forecast.looker).toBe(3);
});

test('nothing to write: no login, no read-back, and Looker skipped when the mapping names none of its attributes', () => {
  const none = compared({ users: [], tallies: [pack([0, 0, 1])] });
  const plan = assemblePlan(parts({ compared: none, gathered: {}, baseUrls: { looker: 'https://acme.looker.test/api/4.0', dx: undefined } }));
  expect(plan.forecast).toEqual({ looker: 0, dx: 0 });
  expect(plan.services.looker).toEqual({ status: 'skipped', reason: 'the mapping names no Looker attribute' });
});
