// The plan's seal: any edit to a plan, however small, is refused when the plan is read back or
// applied, naming the sections changed; re-indenting or sorting its keys is not an edit.
import { expect, test } from 'vitest';
import { parsePlan, validatePlan, type SyncPlan } from '../../../src/sync/index.js';
import { mapping, syncOf } from '../../support/sync/fixtures.js';
import { createMemoryWorld } from '../../support/sync/memory-world.js';

async function planned() {
  const world = createMemoryWorld();
  world.addAttribute({ name: 'team' });
  world.addLookerUser({ email: 'ana@acme.test' });
  world.addDxUser({ email: 'ana@acme.test' });
  const sync = syncOf(world, { mapping: mapping({ email: 'Work Email', fields: { Team: { looker: 'team', dx: 'Team' } }, dx: { newAttributes: ['Team'] } }) });
  const plan = await sync.plan([{ 'Work Email': 'ana@acme.test', Team: 'Red' }]);
  if (!plan.ok) throw new Error(plan.error.message);
  return { world, sync, plan: plan.data };
}

// A plan as JSON.parse gives it back, to be edited freely.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Editable = Record<string, any>;

const sortedKeys = (value: unknown): unknown =>
  Array.isArray(value) ? value.map(sortedKeys) : typeof value === 'object' && value !== null
    ? Object.fromEntries(Object.keys(value).sort().reverse().map((key) => [key, sortedKeys((value as Record<string, unknown>)[key])]))
    : value;

test('a plan read back re-indented, or with its keys in another order, is still the plan', async () => {
  const { plan } = await planned();
  expect(Object.keys(plan.seal).sort()).toEqual(Object.keys(plan).filter((key) => key !== 'seal').sort());
  expect(parsePlan(JSON.stringify(plan, null, 2))).toEqual({ ok: true, data: plan });
  expect(validatePlan(sortedKeys(JSON.parse(JSON.stringify(plan))))).toMatchObject({ ok: true });
});

test.each([
  ['a value to write', (plan: Editable) => void (plan.users[0].looker.changes[0].after = 'Blue'), ['users']],
  ['a user id', (plan: Editable) => void (plan.users[0].looker.userId = '999'), ['users']],
  ['the forecast and a base URL', (plan: Editable) => {
    plan.forecast.looker = 1;
    plan.services.looker.baseUrl = 'https://prod.looker.test/api/4.0';
  }, ['services', 'forecast']],
  ['a section removed, another added', (plan: Editable) => {
    delete plan.warnings;
    plan.note = 'reviewed';
  }, ['note', 'warnings']],
])('an edit of %s is refused, naming the sections; apply sends nothing', async (_, change, sections) => {
  const { world, sync, plan } = await planned();
  const edited = JSON.parse(JSON.stringify(plan)) as Editable;
  change(edited);
  const result = validatePlan(edited);
  expect(result).toMatchObject({ ok: false, error: { kind: 'invalid_plan', edited: expect.arrayContaining(sections) } });
  if (!result.ok) {
    expect([...(result.error.edited ?? [])].sort()).toEqual([...sections].sort());
    expect(result.error.message).toMatch(/^invalid plan: it was edited after it was made \(.+\), so its seal does not match: make a new plan$/);
  }
  const before = { looker: world.calls('looker'), dx: world.calls('dx') };
  expect(await sync.apply(edited as unknown as SyncPlan, { dryRun: false })).toMatchObject({ ok: false, error: { kind: 'invalid_plan' } });
  expect({ looker: world.calls('looker'), dx: world.calls('dx') }).toEqual(before);
  expect(world.writes().size).toBe(0);
});

test('a plan without its seal is refused', async () => {
  const { plan } = await planned();
  const { seal: _seal, ...unsealed } = plan;
  expect(validatePlan(unsealed)).toMatchObject({ ok: false, error: { issues: [{ path: 'seal', problem: expect.stringContaining('not a seal') }] } });
});
