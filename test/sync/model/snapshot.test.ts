// The record snapshot: what is fully in place after an apply, so that the next plan leaves out only
// those records; problems and unfinished writes stay due.
import { describe, expect, test } from 'vitest';
import { createMemoryJournal, createSync, parseJournal, recordSnapshot, type SyncRecord } from '../../../src/sync/index.js';
import { mapping, syncOf } from '../../support/sync/fixtures.js';
import { createMemoryWorld } from '../../support/sync/memory-world.js';

const must = <T>(result: { ok: true; data: T } | { ok: false; error: { message: string } }): T => {
  if (!result.ok) throw new Error(result.error.message);
  return result.data;
};
const teams = () => mapping({ email: 'Work Email', fields: { Team: { looker: 'team', dx: 'Team' } }, dx: { newAttributes: ['Team'] } });
const records: SyncRecord[] = [{ 'Work Email': 'ana@acme.test', Team: 'Red' }, { 'Work Email': 'new@acme.test', Team: 'Red' }];

describe('a new hire whose Looker account appears a day later', () => {
  test('day 1 a problem, left out of the snapshot; day 2 synced; day 3 nothing left to read', async () => {
    const world = createMemoryWorld();
    const team = world.addAttribute({ name: 'team' });
    const ana = world.addLookerUser({ email: 'ana@acme.test' });
    world.addDxUser({ email: 'ana@acme.test' });
    world.addDxUser({ email: 'new@acme.test' });
    const sync = syncOf(world, { mapping: teams() });

    // Day 1: no Looker account yet; DX gets its value.
    const day1 = must(await sync.plan(records));
    expect(day1.problems.map((p) => [p.email, p.kind])).toEqual([['new@acme.test', 'user_not_found']]);
    const snapshot1 = recordSnapshot(day1, must(await sync.apply(day1, { dryRun: false })));
    expect(snapshot1.digests).toHaveLength(1);
    expect(JSON.stringify(snapshot1)).not.toMatch(/acme|Red/);

    // Day 2: the account exists. The same record is due again, and synced.
    const hire = world.addLookerUser({ email: 'new@acme.test' });
    const day2 = must(await sync.plan(records, { previous: snapshot1 }));
    expect(day2).toMatchObject({ incremental: true, summary: { skippedUnchanged: 1 }, problems: [] });
    expect(day2.users.map((user) => [user.email, user.looker?.changes, user.dx])).toEqual([
      ['new@acme.test', [{ attribute: 'team', action: 'set', before: null, after: 'Red' }], undefined],
    ]);
    const snapshot2 = recordSnapshot(day2, must(await sync.apply(day2, { dryRun: false })));
    expect(world.lookerOwnValue(hire, team)).toBe('Red');
    expect(world.lookerOwnValue(ana, team)).toBe('Red');
    expect(snapshot2.digests).toHaveLength(2);

    // Day 3: everything is in place: nothing is read but the listings.
    const reads = world.calls('looker').user_attribute_user_values ?? 0;
    const day3 = must(await sync.plan(records, { previous: snapshot2 }));
    expect(day3.summary).toMatchObject({ skippedUnchanged: 2, compared: 0 });
    expect(day3.users).toEqual([]);
    expect(world.calls('looker').user_attribute_user_values ?? 0).toBe(reads);
    expect(recordSnapshot(day3, must(await sync.apply(day3, { dryRun: false }))).digests).toEqual(snapshot2.digests);
  });
});

describe('what a snapshot holds', () => {
  const setUp = () => {
    const world = createMemoryWorld();
    world.addAttribute({ name: 'team' });
    for (const email of ['ana@acme.test', 'new@acme.test']) {
      world.addLookerUser({ email });
      world.addDxUser({ email });
    }
    return world;
  };

  test('a user whose write failed, or was not sent (dry run), is not in place: due again', async () => {
    const world = setUp();
    const sync = syncOf(world, { mapping: teams(), maxRetries: 0 });
    const plan = must(await sync.plan(records));
    expect(recordSnapshot(plan, must(await sync.apply(plan))).digests).toEqual([]);
    world.faults('dx').failNext(1, 500);
    const report = must(await sync.apply(plan, { dryRun: false }));
    expect(report.failed).toBe(1);
    const snapshot = recordSnapshot(plan, report);
    expect(snapshot.digests).toHaveLength(1);
    const next = must(await sync.plan(records, { previous: snapshot }));
    expect(next.summary.skippedUnchanged).toBe(1);
    expect(next.users).toHaveLength(1);
  });

  test('from the journal\'s lines as from the report; another plan\'s outcomes count for nothing', async () => {
    const world = setUp();
    const sync = syncOf(world, { mapping: teams() });
    const plan = must(await sync.plan(records));
    const journal = createMemoryJournal();
    const report = must(await sync.apply(plan, { dryRun: false, journal }));
    const lines = parseJournal(journal.lines.map((line) => `${line}\n`).join(''));
    expect(recordSnapshot(plan, lines)).toEqual(recordSnapshot(plan, report));
    expect(recordSnapshot(plan, report).digests).toHaveLength(2);
    expect(recordSnapshot({ ...plan, id: 'another' }, lines).digests).toEqual([]);
  });

  test('a snapshot taken with DX skipped, or another DX, spares no record once DX is compared', async () => {
    const world = setUp();
    const lookerOnly = createSync({ looker: world.looker, mapping: teams(), runtime: world.runtime });
    must(await lookerOnly.apply(must(await lookerOnly.plan(records)), { dryRun: false }));
    // Looker is in place: a Looker-only plan settles both records.
    const settled = must(await lookerOnly.plan(records));
    expect(settled.services.dx).toMatchObject({ status: 'skipped' });
    const snapshot = recordSnapshot(settled, []);
    expect(snapshot.digests).toHaveLength(2);
    expect(must(await lookerOnly.plan(records, { previous: snapshot })).summary.skippedUnchanged).toBe(2);
    const both = must(await syncOf(world, { mapping: teams() }).plan(records, { previous: snapshot }));
    expect(both.summary.skippedUnchanged).toBe(0);
    expect(both.users.map((user) => [user.email, user.dx?.changes.length])).toEqual([['ana@acme.test', 1], ['new@acme.test', 1]]);
    const otherDx = syncOf({ ...world, dx: { ...world.dx, baseUrl: 'https://dx.elsewhere.test' } }, { mapping: teams() });
    const inPlace = recordSnapshot(both, must(await syncOf(world, { mapping: teams() }).apply(both, { dryRun: false })));
    expect(inPlace.digests).toHaveLength(2);
    expect(must(await otherDx.plan(records, { previous: inPlace })).summary.skippedUnchanged).toBe(0);
  });

  test('the last run\'s records, or anything else, as previous: invalid_snapshot before any request', async () => {
    const world = setUp();
    const sync = syncOf(world, { mapping: teams() });
    expect(await sync.plan(records, { previous: records as never })).toEqual({
      ok: false,
      error: { kind: 'invalid_snapshot', message: 'previous takes a record snapshot (recordSnapshot(plan, report) after the last apply), not the last run\'s records' },
    });
    expect(await sync.plan(records, { previous: { version: 1, digests: ['x'] } as never })).toMatchObject({ ok: false, error: { kind: 'invalid_snapshot' } });
    expect({ ...world.calls('looker'), ...world.calls('dx') }).toEqual({});
  });
});
