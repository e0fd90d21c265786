// sync.revert on the kit's models: the journal as a Journal or as its lines, an undo applied as any
// plan putting every value back, a later edit kept as a conflict, and a bad plan or journal refused.
import { expect, test } from 'vitest';
import { createMemoryJournal, type SyncRecord } from '../../../src/sync/index.js';
import { mapping, syncOf } from '../../support/sync/fixtures.js';
import { createMemoryWorld } from '../../support/sync/memory-world.js';

const must = <T>(result: { ok: true; data: T } | { ok: false; error: { message: string } }): T => {
  if (!result.ok) throw new Error(result.error.message);
  return result.data;
};
const teams = () => mapping({ email: 'Work Email', fields: { Team: { looker: 'team', dx: 'Team' } } });

function setUp() {
  const world = createMemoryWorld();
  const team = world.addAttribute({ name: 'team' });
  const ana = world.addLookerUser({ email: 'ana@acme.test' });
  const bo = world.addLookerUser({ email: 'bo@acme.test' });
  world.addDxUser({ email: 'ana@acme.test', attributes: { Team: 'Red' } });
  world.addDxUser({ email: 'bo@acme.test', attributes: { Other: 'x' } });
  world.setLookerValue(ana, team, 'Red');
  return { world, team, ana, bo, sync: syncOf(world, { mapping: teams() }) };
}
const records: SyncRecord[] = [{ 'Work Email': 'ana@acme.test', Team: '' }, { 'Work Email': 'bo@acme.test', Team: 'Blue' }];

test('an apply undone from its Journal: every value back, the undo itself resumable as any plan', async () => {
  const { world, team, ana, bo, sync } = setUp();
  const plan = must(await sync.plan(records));
  const journal = createMemoryJournal();
  must(await sync.apply(plan, { dryRun: false, journal }));
  expect([world.lookerOwnValue(ana, team), world.lookerOwnValue(bo, team), world.dxValues('ana@acme.test').Team]).toEqual([undefined, 'Blue', undefined]);

  const undo = must(await sync.revert(plan, journal));
  const dry = must(await sync.apply(undo, {}));
  expect(dry).toMatchObject({ dryRun: true, planned: 4, skipped: 4 });
  const report = must(await sync.apply(undo, { dryRun: false, journal: createMemoryJournal() }));
  expect(report).toMatchObject({ applied: 4, failed: 0, conflict: 0 });
  expect([world.lookerOwnValue(ana, team), world.lookerOwnValue(bo, team)]).toEqual(['Red', undefined]);
  expect([world.dxValues('ana@acme.test').Team, world.dxValues('bo@acme.test').Team]).toEqual(['Red', undefined]);
  // The journal's lines serve as well as the journal.
  expect(must(await sync.revert(plan, journal.lines.map((line) => JSON.parse(line)))).users).toEqual(undo.users);
});

test('a value edited after the apply stays: a conflict; the undo of an undo is the first apply again', async () => {
  const { world, team, ana, bo, sync } = setUp();
  const plan = must(await sync.plan(records));
  const journal = createMemoryJournal();
  must(await sync.apply(plan, { dryRun: false, journal }));
  const undo = must(await sync.revert(plan, journal));
  world.setLookerValue(bo, team, 'Green');
  const undoJournal = createMemoryJournal();
  const report = must(await sync.apply(undo, { dryRun: false, journal: undoJournal }));
  expect(report.outcomes.filter((o) => o.outcome === 'conflict')).toEqual([
    { email: 'bo@acme.test', service: 'looker', attribute: 'team', outcome: 'conflict', reason: 'changed_since_plan' },
  ]);
  expect(world.lookerOwnValue(bo, team)).toBe('Green');
  const redo = must(await sync.revert(undo, undoJournal));
  expect(redo.revert?.notReverted).toEqual([{ email: 'bo@acme.test', service: 'looker', attribute: 'team', reason: 'not_applied', outcome: 'conflict' }]);
  must(await sync.apply(redo, { dryRun: false }));
  expect(world.lookerOwnValue(ana, team)).toBeUndefined();
});

test('an edited plan or a journal of another plan is refused; nothing is sent', async () => {
  const { world, sync } = setUp();
  const plan = must(await sync.plan(records));
  const before = { ...world.calls('looker'), ...world.calls('dx') };
  expect(await sync.revert({ ...plan, users: [] }, [])).toMatchObject({ ok: false, error: { kind: 'invalid_plan', edited: ['users'] } });
  expect(await sync.revert(plan, createMemoryJournal())).toMatchObject({ ok: false, error: { kind: 'journal_mismatch', journalPlans: [] } });
  const broken = { read: () => Promise.reject(new Error('disk gone')), append: () => Promise.resolve() };
  expect(await sync.revert(plan, broken)).toEqual({ ok: false, error: { kind: 'journal_failed', message: 'the journal cannot be read: disk gone' } });
  expect(await sync.revert(plan, '/nonexistent/plan.journal.ndjson')).toEqual({
    ok: false, error: { kind: 'journal_failed', message: 'the journal /nonexistent/plan.journal.ndjson does not exist: give the journal the apply wrote' },
  });
  expect({ ...world.calls('looker'), ...world.calls('dx') }).toEqual(before);
});
