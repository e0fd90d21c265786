// The effective-value diff: resolution as Looker resolves it, checked against the testing kit's own
// resolution on many random cases, the users whose value changes, the upper bound and widening.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { effectiveDiff, precedenceOf, resolveValue, type AttributeLayers, type EffectiveUser } from '../../../src/sync/plan/effective.js';
import { createFakeServices } from '../../../src/testing/index.js';

const layers = (partial: Partial<AttributeLayers>): AttributeLayers => ({ type: 'string', defaultValue: null, hidden: false, groupValues: [], ...partial });

describe('resolution', () => {
  const user = (groupIds: string[], own?: string | null): EffectiveUser => ({ id: '1', groupIds, ...(own !== undefined && { own }) });
  const region = layers({ defaultValue: 'ALL', groupValues: [{ groupId: 'g1', value: 'EMEA' }, { groupId: 'g2', value: 'APAC' }] });

  test('own value, else the first group value in list order among the user\'s groups, else the default', () => {
    expect(resolveValue(user(['g2', 'g1'], 'US'), region)).toEqual({ value: 'US', source: 'user' });
    expect(resolveValue(user(['g2', 'g1'], null), region)).toEqual({ value: 'EMEA', source: 'group', groupId: 'g1' });
    expect(resolveValue(user(['g2']), region)).toEqual({ value: 'APAC', source: 'group', groupId: 'g2' });
    expect(resolveValue(user(['g9']), region)).toEqual({ value: 'ALL', source: 'default' });
    expect(resolveValue(user([]), layers({}))).toEqual({ value: null, source: 'default' });
  });

  test('ranks decide when every group value has one; a list with one missing keeps its order', () => {
    const ranked = [{ groupId: 'g1', value: 'EMEA', rank: 5 }, { groupId: 'g2', value: 'APAC', rank: 2 }];
    expect(resolveValue(user(['g1', 'g2']), layers({ groupValues: ranked }))).toMatchObject({ value: 'APAC' });
    const partly = [{ groupId: 'g1', value: 'EMEA', rank: 5 }, { groupId: 'g2', value: 'APAC' }];
    expect([...precedenceOf(partly).keys()]).toEqual(['g1', 'g2']);
  });
});

describe('the diff', () => {
  const users: EffectiveUser[] = [
    { id: '1', email: 'own@acme.test', groupIds: ['g1'], own: 'US' },
    { id: '2', email: 'sales@acme.test', groupIds: ['g1'], own: null },
    { id: '3', email: 'none@acme.test', groupIds: [], own: null },
    { id: '4', email: 'unread@acme.test', groupIds: ['g1'] },
  ];

  test('a changed group value changes its members without their own value; an unread own value makes the count an upper bound', () => {
    const before = layers({ groupValues: [{ groupId: 'g1', value: 'EMEA' }] });
    const diff = effectiveDiff(users, before, layers({ groupValues: [{ groupId: 'g1', value: 'APAC' }] }));
    expect(diff).toMatchObject({ count: 2, upperBound: true, widens: false, valuesHidden: false });
    expect(diff.changes.map((c) => [c.email, c.before.value, c.after.value, c.ownValueUnread])).toEqual([
      ['sales@acme.test', 'EMEA', 'APAC', undefined],
      ['unread@acme.test', 'EMEA', 'APAC', true],
    ]);
  });

  test('a removed group value leaves its members on a permissive default: widening', () => {
    const before = layers({ defaultValue: '%', type: 'advanced_filter_string', groupValues: [{ groupId: 'g1', value: 'EMEA' }] });
    const diff = effectiveDiff(users.slice(0, 3), before, { ...before, groupValues: [] });
    expect(diff).toMatchObject({ count: 1, upperBound: false, widens: true });
    expect(diff.changes[0]).toMatchObject({ userId: '2', before: { value: 'EMEA', source: 'group', groupId: 'g1' }, after: { value: '%', source: 'default' } });
  });

  test('a new default changes only the users who fall back to it; a hidden attribute lists them without values', () => {
    const diff = effectiveDiff(users, layers({ defaultValue: 'a', hidden: true }), layers({ defaultValue: 'b', hidden: true }));
    expect(diff.changes.map((c) => c.userId)).toEqual(['2', '3', '4']);
    expect(diff.changes.every((c) => c.before.value === null && c.after.value === null)).toBe(true);
    expect(diff.valuesHidden).toBe(true);
  });
});

// Random attributes, groups, users and changes, resolved by the kit's fake Looker before and after.
const VALUES = ['EMEA', 'APAC', '%', 'EMEA, NULL', ''];
const value = fc.constantFrom(...VALUES);
const groupValues = (groups: number) =>
  fc.tuple(fc.shuffledSubarray([...Array(groups).keys()]), fc.array(value, { minLength: groups, maxLength: groups }), fc.boolean())
    .chain(([chosen, values, ranked]) => fc.shuffledSubarray([...Array(100).keys()], { minLength: chosen.length, maxLength: chosen.length })
      .map((ranks) => chosen.map((g, i) => ({ group: g, value: values[i] as string, ...(ranked && { rank: ranks[i] as number }) }))));
// `write`: the plan also sets (a value) or removes (null) the user's own value; undefined: leaves it.
const write = fc.option(fc.option(value), { nil: undefined });
const user = (groups: number) => fc.record({ groups: fc.subarray([...Array(groups).keys()]), own: fc.option(value), write, read: fc.boolean() });
const world = fc.integer({ min: 0, max: 5 }).chain((groups) => fc.record({
  groups: fc.constant(groups),
  users: fc.array(user(groups), { minLength: 1, maxLength: 12 }),
  before: fc.record({ defaultValue: fc.option(value), groupValues: groupValues(groups) }),
  after: fc.record({ defaultValue: fc.option(value), groupValues: groupValues(groups) }),
}));
type Side = { defaultValue: string | null; groupValues: { group: number; value: string; rank?: number }[] };
type KitValue = { value: string | null; source: string; groupId: string | null };
const kit = ({ value: v, source, groupId }: KitValue) => ({ value: v, source, ...(groupId !== null && { groupId }) });

test('matches the kit\'s own resolution, before and after, for every user of 400 random cases', () => {
  fc.assert(fc.property(world, (w) => {
    const { looker } = createFakeServices();
    const groupIds = Array.from({ length: w.groups }, (_, i) => looker.addGroup({ name: `g${i}` }).id);
    const groupsOf = (groups: number[]) => groups.map((g) => groupIds[g] as string);
    const ids = w.users.map((u, i) => looker.addUser({ email: `u${i}@acme.test`, groupIds: groupsOf(u.groups) }).id);
    const attribute = looker.addUserAttribute({ name: 'region', type: 'string', defaultValue: w.before.defaultValue });
    w.users.forEach((u, i) => u.own !== null && looker.setUserValue(ids[i] as string, attribute.id, u.own));
    const seed = (side: Side) => side.groupValues.map((gv) => ({ groupId: groupIds[gv.group] as string, value: gv.value, rank: gv.rank }));
    const asLayers = (side: Side) => layers({ defaultValue: side.defaultValue, groupValues: seed(side) });
    looker.setGroupValues(attribute.id, seed(w.before).map(({ rank, ...gv }) => ({ ...gv, ...(rank !== undefined && { rank }) })));
    const kitBefore = ids.map((id) => looker.resolvedValue(id, 'region'));
    looker.updateUserAttribute(attribute.id, { defaultValue: w.after.defaultValue });
    looker.setGroupValues(attribute.id, seed(w.after).map(({ rank, ...gv }) => ({ ...gv, ...(rank !== undefined && { rank }) })));
    w.users.forEach((u, i) => {
      if (u.write === null) looker.deleteUserValue(ids[i] as string, attribute.id);
      else if (u.write !== undefined) looker.setUserValue(ids[i] as string, attribute.id, u.write);
    });
    const kitAfter = ids.map((id) => looker.resolvedValue(id, 'region'));

    const known = w.users.map((u, i): EffectiveUser => ({
      id: ids[i] as string, groupIds: groupsOf(u.groups), own: u.own, ...(u.write !== undefined && { ownAfter: u.write }),
    }));
    known.forEach((one, i) => {
      expect(resolveValue(one, asLayers(w.before))).toEqual(kit(kitBefore[i] as KitValue));
      const ownAfter = one.ownAfter === undefined ? one.own : one.ownAfter;
      expect(resolveValue(one, asLayers(w.after), undefined, ownAfter)).toEqual(kit(kitAfter[i] as KitValue));
    });
    const changed = ids.filter((_, i) => kitBefore[i]?.value !== kitAfter[i]?.value);
    const diff = effectiveDiff(known, asLayers(w.before), asLayers(w.after));
    expect(diff.changes.map((c) => c.userId)).toEqual(changed);
    expect(diff).toMatchObject({ count: changed.length, upperBound: false });
    // Own values not read: every user the kit changes is listed, and the count is an upper bound.
    // A user whose own value was not read has no own write planned either (the plan writes only what it read).
    const unread = known.map((one, i) => (w.users[i]?.read || one.ownAfter !== undefined ? one : { ...one, own: undefined }));
    const partly = effectiveDiff(unread, asLayers(w.before), asLayers(w.after));
    expect(partly.changes.map((c) => c.userId)).toEqual(expect.arrayContaining(changed));
    expect(partly.upperBound).toBe(partly.changes.some((c) => c.ownValueUnread));
    if (partly.count > changed.length) expect(partly.upperBound).toBe(true);
  }), { seed: 18, numRuns: 400 });
});
