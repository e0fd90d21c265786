import { expect, test } from 'vitest';
import { parsePlan, validatePlan } from '../../../src/sync/model/plan-check.js';
import type { SyncPlan } from '../../../src/sync/model/plan.js';
import { sealPlan } from '../../../src/sync/model/seal.js';

const plan: SyncPlan = sealPlan({
  version: 2,
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
});

test('a plan survives JSON and reads back as itself', () => {
  expect(parsePlan(JSON.stringify(plan))).toEqual({ ok: true, data: plan });
});

test('a foreign plan (sealed, but not as plan writes one) is invalid_plan, every problem named', () => {
  const foreign = JSON.parse(JSON.stringify(plan));
  foreign.users[0].looker.changes[0].action = 'delete';
  foreign.users.push({ email: 'a@acme.test', looker: { userId: '4', changes: [{ attribute: 'region', action: 'unchanged' }] } });
  foreign.forecast = { looker: -1 };
  foreign.settled = ['x'];
  const result = validatePlan(sealPlan(foreign));
  expect(result.ok).toBe(false);
  if (result.ok) return;
  expect(result.error.kind).toBe('invalid_plan');
  expect(result.error.edited).toBeUndefined();
  expect(result.error.issues.map((issue) => issue.path)).toEqual([
    'users[0].looker.changes[0].action',
    'users[1].email',
    'users[1].looker.changes[0].attribute',
    'forecast',
    'settled',
  ]);
  expect(parsePlan('{not json').ok).toBe(false);
  expect(validatePlan([]).ok).toBe(false);
});

test('a plan of another version is not read at all: make a new plan', () => {
  for (const version of [1, 3, undefined]) {
    const result = validatePlan({ ...plan, version });
    expect(result).toMatchObject({ ok: false, error: { kind: 'invalid_plan', issues: [{ path: 'version' }] } });
    if (!result.ok) expect(result.error.message).toMatch(/^invalid plan: version is .*: this library applies plans of version 2 only; make a new plan$/);
  }
});
