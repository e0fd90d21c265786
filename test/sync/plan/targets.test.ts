// A partial plan (`targets`): only the people named are compared and planned, no per-user request is
// made for anyone else, the plan says it is partial, and its snapshot vouches for no one it did not check.
import { expect, test } from 'vitest';
import { recordSnapshot, type SyncRecord } from '../../../src/sync/index.js';
import { mapping, syncOf } from '../../support/sync/fixtures.js';
import { createMemoryWorld } from '../../support/sync/memory-world.js';

const must = <T>(result: { ok: true; data: T } | { ok: false; error: { message: string } }): T => {
  if (!result.ok) throw new Error(result.error.message);
  return result.data;
};
const teams = () => mapping({ email: 'Work Email', fields: { Team: { looker: 'team', dx: 'Team' } }, dx: { newAttributes: ['Team'] } });
const people = ['ana', 'bo', 'cy', 'di'].map((name) => `${name}@acme.test`);
const records = (team: string): SyncRecord[] => people.map((email) => ({ 'Work Email': email, Team: team }));

function setUp() {
  const world = createMemoryWorld();
  const team = world.addAttribute({ name: 'team' });
  const ids = new Map(people.map((email) => [email, world.addLookerUser({ email })]));
  for (const email of people) world.addDxUser({ email });
  return { world, team, ids, sync: syncOf(world, { mapping: teams() }) };
}

test('only the targets are compared and planned; the others cost no per-user read', async () => {
  const { world, team, ids, sync } = setUp();
  const plan = must(await sync.plan(records('Red'), { targets: [' BO@acme.test ', 'di@acme.test', 'zed@acme.test'] }));
  expect(plan.users.map((user) => user.email)).toEqual(['bo@acme.test', 'di@acme.test']);
  expect(plan.partial).toEqual({ targets: ['bo@acme.test', 'di@acme.test', 'zed@acme.test'], unmatched: ['zed@acme.test'], notTargeted: 2 });
  expect(plan.summary).toMatchObject({ set: 4, records: 4, compared: 2 });
  expect(plan.seal.partial).toEqual(expect.any(Number));
  expect(world.calls('looker').user_attribute_user_values).toBe(2);
  must(await sync.apply(plan, { dryRun: false }));
  expect(people.map((email) => world.lookerOwnValue(ids.get(email) as string, team))).toEqual([undefined, 'Red', undefined, 'Red']);
});

test('a snapshot of a partial plan keeps others only as the previous snapshot held them', async () => {
  const { sync } = setUp();
  const full = must(await sync.plan(records('Red')));
  const before = recordSnapshot(full, must(await sync.apply(full, { dryRun: false, maxRemovals: 0 })));
  expect(before.digests).toHaveLength(4);
  // Everyone's record changes; only bo is planned: the others' old digests are dropped, none of theirs added.
  const partial = must(await sync.plan(records('Blue'), { previous: before, targets: ['bo@acme.test'] }));
  const after = recordSnapshot(partial, must(await sync.apply(partial, { dryRun: false })));
  expect(after.digests).toHaveLength(1);
  const next = must(await sync.plan(records('Blue'), { previous: after }));
  expect(next.users.map((user) => user.email)).toEqual(['ana@acme.test', 'cy@acme.test', 'di@acme.test']);
  // Records of others unchanged since the previous snapshot are carried, even with a full drift check.
  const carried = must(await sync.plan(records('Red'), { previous: before, targets: ['ana@acme.test'], fullDriftCheck: true }));
  expect(carried.settled).toHaveLength(4);
});

test('targets that are not emails are refused before any request', async () => {
  const { world, sync } = setUp();
  const refused = await sync.plan(records('Red'), { targets: ['bo@acme.test', 'bo'] });
  expect(refused).toEqual({ ok: false, error: { kind: 'invalid_target', message: 'targets must be email addresses: "bo" is not', targets: ['bo'] } });
  expect(await sync.plan(records('Red'), { targets: [] })).toMatchObject({ ok: false, error: { kind: 'invalid_target' } });
  expect({ ...world.calls('looker'), ...world.calls('dx') }).toEqual({});
});
