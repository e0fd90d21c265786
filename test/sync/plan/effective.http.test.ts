// The plan's effective values against the kit's Looker over HTTP: a group value and a default
// changed, the users whose resolved value changes counted and listed, checked against the kit's
// own resolution once the planned changes are made there; widening warned.
import { afterEach, beforeEach, expect, test } from 'vitest';
import type { SyncPlan } from '../../../src/sync/index.js';
import { startLayersWorld, type LayersWorld } from '../../support/sync/layers-world.js';

let world: LayersWorld;
const users: string[] = [];
beforeEach(async () => {
  world = await startLayersWorld();
  const { looker } = world.fake;
  const { sales, support, eng } = world.ids;
  users.length = 0;
  // 30 users in every mix of the groups; every fifth of those with no group keeps an own value the plan does not read.
  for (let i = 0; i < 30; i++) {
    const groupIds = [sales, support, eng].filter((_, g) => (i >> g) % 2 === 1);
    users.push(looker.addUser({ email: `u${i}@acme.test`, groupIds }).id);
  }
});
afterEach(() => world.server.close());

/** Makes the plan's definition and group-value changes, and its own writes, in the kit directly. */
function makeInKit(plan: SyncPlan) {
  const { looker } = world.fake;
  for (const change of plan.definitions ?? []) {
    if (change.action !== 'update') continue;
    const defaultValue = change.changes.find((c) => c.property === 'defaultValue');
    if (defaultValue) looker.updateUserAttribute(change.id, { defaultValue: defaultValue.after as string | null });
  }
  for (const change of plan.groupValues ?? []) {
    looker.setGroupValues(change.attributeId as string, change.after.map(({ groupId, value }, i) => ({ groupId, value, rank: i + 1 })));
  }
  for (const user of plan.users) for (const c of user.looker?.changes ?? []) if (c.action === 'set') looker.setUserValue(user.looker!.userId, world.ids.region, c.after);
}

test('a changed group value and a permissive default: every user whose value changes is listed, as the kit resolves them', async () => {
  const before = world.fake.looker.resolvedValues('region');
  const plan = await world.plan({
    attributes: { region: { default: '%' } },
    groupValues: { region: [{ group: 'Sales', value: 'EU' }, { group: 'Support', value: 'APAC' }] },
  });
  makeInKit(plan);
  const after = world.fake.looker.resolvedValues('region');
  const changed = Object.keys(after).filter((id) => before[id] !== after[id]).sort();
  const section = plan.effective?.find((s) => s.attribute === 'region');
  expect(section?.changes.map((c) => c.userId).sort()).toEqual(changed);
  // Only ana's own value was read (she is in the records): for the others it is counted as at most.
  expect(section).toMatchObject({ count: changed.length, upperBound: true, widens: true });
  const sales = section?.changes.find((c) => c.email === 'u1@acme.test');
  expect(sales).toMatchObject({ before: { value: 'EMEA', source: 'group', groupId: world.ids.sales }, after: { value: 'EU', source: 'group' }, widens: false });
  const none = section?.changes.find((c) => c.email === 'u0@acme.test');
  expect(none).toMatchObject({ before: { value: null, source: 'default' }, after: { value: '%', source: 'default' }, widens: true, ownValueUnread: true });
  // ana: her own value, read, is set by the same plan: listed as the kit resolves her, not as at most.
  expect(section?.changes.find((c) => c.email === 'ana@acme.test')).toEqual({
    userId: expect.any(String), email: 'ana@acme.test', before: { value: null, source: 'default' }, after: { value: 'EMEA', source: 'user' }, widens: false,
  });
  expect(plan.warnings).toContainEqual(expect.objectContaining({ kind: 'widens_access', attribute: 'region', message: expect.stringMatching(/^the change gives \d+ users at most a broader value of region/) }));
});

test('an own value the plan did not read: the user is listed as at most, and the kit shows it stays', async () => {
  world.fake.looker.setUserValue(users[0] as string, world.ids.region, 'KEPT');
  const plan = await world.plan({ attributes: { region: { default: 'ALL' } } });
  const section = plan.effective?.[0];
  const kept = section?.changes.find((c) => c.userId === users[0]);
  expect(kept).toMatchObject({ ownValueUnread: true });
  makeInKit(plan);
  expect(world.fake.looker.resolvedValue(users[0] as string, 'region')).toMatchObject({ value: 'KEPT', source: 'user' });
  // The group values were read for the diff (one call), as the plan declares none for region.
  expect(world.fake.calls.byOperation('looker').all_user_attribute_group_values).toBeGreaterThanOrEqual(1);
  expect(section?.changes.every((c) => c.before.source === 'default')).toBe(true);
});

test('a plan whose layers change nothing has no effective section', async () => {
  const plan = await world.plan({ groupValues: { region: [{ group: 'Sales', value: 'EMEA' }, { group: 'Support', value: 'APAC' }] } });
  expect(plan.effective).toBeUndefined();
});
