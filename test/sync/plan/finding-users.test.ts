// How a plan finds the Looker users its records name: the cheaper of listing every user and one
// exact lookup per record, counted in calls, and the same plan whichever way was taken.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { SyncPlan, SyncRecord } from '../../../src/sync/index.js';
import { addAttributes, prng, syncOf } from '../../support/sync/fixtures.js';
import { createHttpWorld } from '../../support/sync/http-world.js';
import { createMemoryWorld } from '../../support/sync/memory-world.js';

/** A world of `users` Looker users (`user{i}@acme.test`), the first 200 also in DX (its listing is not what is measured), with a few values set. */
function org(users: number) {
  const world = createMemoryWorld();
  const attributes = addAttributes(world);
  for (let i = 0; i < users; i++) {
    const email = `user${i}@acme.test`;
    const id = world.addLookerUser({ email });
    if (i % 3 === 0) world.setLookerValue(id, attributes.department, 'Sales');
    if (i < 200) world.addDxUser({ email, attributes: i % 2 ? { Department: 'Sales' } : {} });
  }
  return world;
}

const record = (email: string, department = 'Engineering'): SyncRecord => ({ 'Work Email': email, Department: department, Region: 'EMEA', Level: '', 'Cost Centre': 'CC-1' });
const records = (count: number, users: number) => Array.from({ length: count }, (_, i) => record(`user${Math.floor((i * users) / count)}@acme.test`));
const total = (calls: Record<string, number>) => Object.values(calls).reduce((sum, n) => sum + n, 0);

function planned(plan: Awaited<ReturnType<ReturnType<typeof syncOf>['plan']>>): SyncPlan {
  if (!plan.ok) throw new Error(plan.error.message);
  return plan.data;
}

describe('the plan takes the cheaper way to find people, and says which and why', () => {
  test('10 records against 12,000 Looker users: looked up, at most 2 × records + 2 Looker calls, and the 3 identity-provider reads', async () => {
    const world = org(12_000);
    const plan = planned(await syncOf(world).plan(records(10, 12_000)));
    // The three identity-provider configs are read once by any plan that writes Looker values.
    expect(world.calls('looker')).toEqual({ all_user_attributes: 1, all_users: 1, search_users: 10, user_attribute_user_values: 10, ldap_config: 1, oidc_config: 1, saml_config: 1 });
    expect(total(world.calls('looker'))).toBeLessThanOrEqual(2 * 10 + 2 + 3);
    expect(plan.services.looker).toMatchObject({
      userPages: 0,
      usersRead: 10,
      users: { method: 'lookups', calls: 10, probes: 1, reason: 'Looker has at least 5,000 users: listing them takes at least 11 calls, more than 10 lookups' },
    });
    expect(plan.services.dx).toMatchObject({ users: { method: 'listing', reason: expect.stringContaining('DX has no read of one user') } });
  });

  test('10 records against 300 users: the one call that could tell was the whole listing', async () => {
    const world = org(300);
    const plan = planned(await syncOf(world).plan(records(10, 300)));
    expect(world.calls('looker')).toEqual({ all_user_attributes: 1, all_users: 1, user_attribute_user_values: 10, ldap_config: 1, oidc_config: 1, saml_config: 1 });
    expect(plan.services.looker).toMatchObject({ userPages: 1, users: { method: 'listing', calls: 1, probes: 0, reason: 'one call listed all 300 Looker users, no more than 10 lookups' } });
  });

  test.each([
    // 5,000 read at once; the probe at 5,000 + 15 × 500 - 1 finds no user: the rest is 7 pages, fewer than 15 lookups.
    [8000, 'listing', { all_user_attributes: 1, all_users: 2 + 7, user_attribute_user_values: 15, ldap_config: 1, oidc_config: 1, saml_config: 1 }],
    // A user stands at 12,499: listing the rest would take more than 15 calls.
    [12_500, 'lookups', { all_user_attributes: 1, all_users: 2, search_users: 15, user_attribute_user_values: 15, ldap_config: 1, oidc_config: 1, saml_config: 1 }],
  ] as const)('15 records against %i users: one probe more decides (%s)', async (users, method, calls) => {
    const world = org(users);
    const plan = planned(await syncOf(world).plan(records(15, users)));
    expect(world.calls('looker')).toEqual(calls);
    expect(plan.services.looker).toMatchObject({ users: { method } });
  });

  test('a streamed input of more than 1,000 records is listed without a probe; up to 1,000 are counted ahead', async () => {
    const stream = async function* (count: number) {
      for (const one of records(count, 1200)) yield one;
    };
    const many = org(1200);
    const plan = planned(await syncOf(many).plan(stream(1001)));
    expect(plan.services.looker).toMatchObject({ users: { method: 'listing', probes: 0, reason: expect.stringContaining('more than 1,000 records') } });
    expect(plan.summary.records).toBe(1001);
    const few = org(12_000);
    const small = planned(await syncOf(few).plan(stream(5)));
    expect(small.services.looker).toMatchObject({ users: { method: 'lookups' } });
    expect(few.calls('looker').search_users).toBe(5);
  });

  test('a streamed input whose count the caller gives: chosen by that count, and progress knows the reads left', async () => {
    const world = org(12_000);
    const stream = async function* () {
      yield* records(10, 12_000);
    };
    const left: (number | null)[] = [];
    const plan = planned(await syncOf(world).plan(stream(), { recordCount: 10, onProgress: (p) => left.push(p.readsToDo) }));
    expect(plan.services.looker).toMatchObject({ users: { method: 'lookups', calls: 10 } });
    expect(left.some((n) => n !== null && n > 0)).toBe(true);
  });

  test('a source that fails while counted ahead fails the plan as it would have without the count', async () => {
    const world = org(10);
    const failing = async function* () {
      yield record('user1@acme.test');
      throw new Error('disk gone');
    };
    const result = await syncOf(world).plan(failing());
    expect(result).toMatchObject({ ok: false, error: { kind: 'input_failed', message: 'reading the records failed: disk gone' } });
  });
});

/** What must not depend on how users were found: every change, problem, warning and count. */
function outcome(plan: SyncPlan) {
  const problems = [...plan.problems].sort((a, b) => (a.record ?? -1) - (b.record ?? -1) || a.message.localeCompare(b.message));
  return { users: plan.users, problems, warnings: plan.warnings, summary: plan.summary, forecast: plan.forecast, settled: plan.settled };
}

test('the plan is the same whichever way the users were found (property)', async () => {
  await fc.assert(
    fc.asyncProperty(fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.integer({ min: 0, max: 14 }), async (seed, count) => {
      const random = prng(seed);
      const world = createMemoryWorld();
      const attributes = addAttributes(world);
      const emails = Array.from({ length: 8 }, (_, i) => `p${i}@acme.test`);
      for (const email of emails) {
        // Some users absent, some disabled, some twice (the world lets emails repeat), some in another case.
        const copies = random() < 0.15 ? 0 : random() < 0.15 ? 2 : 1;
        for (let c = 0; c < copies; c++) {
          const id = world.addLookerUser({ email: random() < 0.3 ? email.toUpperCase() : email, disabled: random() < 0.15 });
          if (random() < 0.5) world.setLookerValue(id, attributes.department, 'Sales');
        }
        world.addDxUser({ email, attributes: random() < 0.5 ? { Department: 'Sales' } : {} });
      }
      const input = Array.from({ length: count }, () => record(emails[Math.floor(random() * emails.length)] as string, random() < 0.5 ? 'Sales' : 'Legal'));
      const sync = syncOf(world);
      const [listing, lookups, auto] = [
        planned(await sync.plan(input, { lookerUsers: 'listing' })),
        planned(await sync.plan(input, { lookerUsers: 'lookups' })),
        planned(await sync.plan(input)),
      ];
      expect(listing.services.looker).toMatchObject({ users: { method: 'listing' } });
      expect(lookups.services.looker).toMatchObject({ users: { method: 'lookups', calls: lookups.summary.records } });
      expect(outcome(lookups)).toEqual(outcome(listing));
      expect(outcome(auto)).toEqual(outcome(listing));
    }),
    { numRuns: 40 },
  );
});

test('over HTTP, the Looker client\'s own findUserByEmail finds the same users as the listing (a wildcard-like email too)', async () => {
  const world = await createHttpWorld();
  try {
    addAttributes(world);
    for (const email of ['a_b@acme.test', 'axb@acme.test', 'Jo@Acme.test']) world.addLookerUser({ email });
    world.addLookerUser({ email: 'off@acme.test', disabled: true });
    const input = ['a_b@acme.test', 'jo@acme.test', 'off@acme.test', 'nobody@acme.test'].map((email) => record(email));
    const sync = syncOf(world);
    const listing = planned(await sync.plan(input, { lookerUsers: 'listing' }));
    const before = world.calls('looker').search_users ?? 0;
    const lookups = planned(await sync.plan(input, { lookerUsers: 'lookups' }));
    expect((world.calls('looker').search_users ?? 0) - before).toBe(4);
    expect(outcome(lookups)).toEqual(outcome(listing));
    expect(lookups.problems.map((p) => p.kind).sort()).toEqual(['disabled_user', 'user_not_found']);
    expect(lookups.users.filter((user) => user.looker).map((user) => user.email)).toEqual(['a_b@acme.test', 'jo@acme.test']);
  } finally {
    await world.close();
  }
});
