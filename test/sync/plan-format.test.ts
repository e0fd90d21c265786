import { expect, test } from 'vitest';
import { parsePlan, validatePlan } from '../../src/sync/plan-format.js';
import type { SyncPlan } from '../../src/sync/plan.js';

const plan: SyncPlan = {
  version: 1,
  id: 'p1',
  createdAt: '2026-11-22T12:00:00.000Z',
  incremental: false,
  services: {
    looker: { status: 'planned', baseUrl: 'https://acme.looker.test/api/4.0', attributes: [{ name: 'dept', id: '7', type: 'string', userCanEdit: false }], userPages: 1, usersRead: 1 },
    dx: { status: 'skipped', reason: 'no DX client was given' },
  },
  users: [{ email: 'a@acme.test', looker: { userId: '3', changes: [{ attribute: 'dept', action: 'set', before: null, after: 'Sales' }] } }],
  problems: [],
  warnings: [],
  forecast: { looker: 1, dx: 0 },
  summary: { set: 1, remove: 0, unchanged: 0, problems: 0, records: 1, compared: 1, skippedUnchanged: 0 },
  settled: [],
};

test('a plan survives JSON and reads back as itself', () => {
  expect(parsePlan(JSON.stringify(plan))).toEqual({ ok: true, data: plan });
});

test('an edited or foreign plan is invalid_plan, every problem named', () => {
  const edited = JSON.parse(JSON.stringify(plan));
  edited.version = 2;
  edited.users[0].looker.changes[0].action = 'delete';
  edited.users.push({ email: 'a@acme.test', looker: { userId: '4', changes: [{ attribute: 'region', action: 'unchanged' }] } });
  edited.forecast = { looker: -1 };
  const result = validatePlan(edited);
  expect(result.ok).toBe(false);
  if (result.ok) return;
  expect(result.error.kind).toBe('invalid_plan');
  expect(result.error.issues.map((issue) => issue.path)).toEqual([
    'version',
    'users[0].looker.changes[0].action',
    'users[1].email',
    'users[1].looker.changes[0].attribute',
    'forecast',
  ]);
  expect(parsePlan('{not json').ok).toBe(false);
  expect(validatePlan([]).ok).toBe(false);
});
