// The end-to-end sync scenarios, written against `SyncWorld` so that they run on the in-memory
// services and on any other pair of services implementing it (such as the testing kit's fake).
import { describe, expect, test } from 'vitest';
import { recordSnapshot, type SyncPlan } from '../../../src/sync/index.js';
import { LOOKER_LOGINS } from '../../../src/sync/model/plan.js';
import { addAttributes, expectMatchesRecords, mapping, population, syncOf } from './fixtures.js';
import type { MakeWorld, SyncWorld } from './world.js';

const must = <T>(result: { ok: true; data: T } | { ok: false; error: { kind: string; message: string } }): T => {
  if (!result.ok) throw new Error(`${result.error.kind}: ${result.error.message}`);
  return result.data;
};

const total = (world: SyncWorld, service: 'looker' | 'dx') => Object.values(world.calls(service)).reduce((sum, n) => sum + n, 0);

const changesOf = (plan: SyncPlan, email: string, service: 'looker' | 'dx') =>
  plan.users.find((user) => user.email === email)?.[service]?.changes ?? [];

/** Defines the scenarios; `makeWorld` gives a fresh, empty pair of services for each test. */
export function syncScenarios(makeWorld: MakeWorld) {
  describe('resolving users', () => {
    test('an email with LIKE wildcards matches only itself, case-insensitively', async () => {
      const world = await makeWorld();
      addAttributes(world);
      const trap = world.addLookerUser({ email: 'axb@acme.test' });
      const real = world.addLookerUser({ email: 'A_B@acme.test' });
      const sync = syncOf(world, { mapping: mapping({ email: 'Work Email', fields: { Department: { looker: 'department' } } }) });
      const plan = must(await sync.plan([{ 'Work Email': 'a_b@ACME.test', Department: 'Sales' }]));
      expect(plan.users).toEqual([{
        email: 'a_b@acme.test', digest: expect.any(Number), looker: { userId: real, changes: [{ attribute: 'department', action: 'set', before: null, after: 'Sales' }] },
      }]);
      expect(plan.problems).toEqual([]);
      must(await sync.apply(plan, { dryRun: false }));
      expect([...world.writes().keys()]).toEqual([`looker/${real}/department`]);
      expect(trap).not.toBe(real);
    });

    test('duplicate Looker users, disabled users, unknown emails and duplicate records become per-record problems', async () => {
      const world = await makeWorld();
      addAttributes(world);
      if (world.duplicateEmails) {
        world.addLookerUser({ email: 'twin@acme.test' });
        world.addLookerUser({ email: 'TWIN@acme.test' });
      }
      world.addLookerUser({ email: 'gone@acme.test', disabled: true });
      const ok = world.addLookerUser({ email: 'ok@acme.test' });
      world.addLookerUser({ email: 'dup@acme.test' });
      const sync = syncOf(world, { mapping: mapping({ email: 'Work Email', fields: { Department: { looker: 'department' } } }) });
      const plan = must(
        await sync.plan([
          { 'Work Email': 'twin@acme.test', Department: 'Sales' },
          { 'Work Email': 'gone@acme.test', Department: 'Sales' },
          { 'Work Email': 'nobody@acme.test', Department: 'Sales' },
          { 'Work Email': 'ok@acme.test', Department: 'Sales' },
          { 'Work Email': 'dup@acme.test', Department: 'A' },
          { 'Work Email': ' DUP@acme.test ', Department: 'B' },
          { 'Work Email': 'not an email', Department: 'B' },
          { Department: 'B' },
        ]),
      );
      expect(plan.problems.map((p) => [p.kind, p.email ?? p.record])).toEqual([
        [world.duplicateEmails ? 'ambiguous_user' : 'user_not_found', 'twin@acme.test'],
        ['disabled_user', 'gone@acme.test'],
        ['user_not_found', 'nobody@acme.test'],
        ['duplicate_record', 'dup@acme.test'],
        ['invalid_email', 6],
        ['missing_email', 7],
        ['duplicate_record', 'dup@acme.test'],
      ]);
      expect(plan.users.map((user) => user.looker?.userId)).toEqual([ok]);
      // The first dup record was read and planned before the second showed up; neither counts.
      expect(world.calls('looker').user_attribute_user_values).toBe(2);
      expect(plan.summary).toMatchObject({ set: 1, remove: 0, unchanged: 0 });
    });

    test('an attribute name Looker does not have is a typed error, and nothing is read or written', async () => {
      const world = await makeWorld();
      world.addAttribute({ name: 'department' });
      const result = await syncOf(world).plan([{ 'Work Email': 'a@acme.test', Department: 'x' }]);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error).toMatchObject({ kind: 'unknown_attribute', names: ['region', 'level'] });
      expect(world.writes().size).toBe(0);
    });
  });

  describe('planning', () => {
    test('set, remove with its fallback, unchanged, and the warnings', async () => {
      const world = await makeWorld();
      const eng = world.addGroup('Engineering');
      const dept = world.addAttribute({ name: 'department', userCanEdit: true });
      const region = world.addAttribute({ name: 'region', defaultValue: '%, NULL', type: 'advanced_filter_string' });
      const level = world.addAttribute({ name: 'level', type: 'number' });
      world.setGroupValue(eng, dept, 'Engineering');
      const jo = world.addLookerUser({ email: 'jo@acme.test', groups: [eng] });
      world.setLookerValue(jo, dept, 'Sales');
      world.setLookerValue(jo, region, 'EMEA');
      world.setLookerValue(jo, level, '3');
      world.addDxUser({ email: 'jo@acme.test', attributes: { department: 'Sales', 'Cost Centre': 'CC-1' } });
      const plan = must(await syncOf(world).plan([{ 'Work Email': 'jo@acme.test', Department: '', Region: 'EMEA', Level: '4', 'Cost Centre': 'CC-2' }]));
      expect(changesOf(plan, 'jo@acme.test', 'looker')).toEqual([
        { attribute: 'department', action: 'remove', before: 'Sales', fallback: { value: 'Engineering', source: 'Engineering' } },
        { attribute: 'region', action: 'unchanged' },
        { attribute: 'level', action: 'set', before: '3', after: '4' },
      ]);
      expect(changesOf(plan, 'jo@acme.test', 'dx')).toEqual([
        { attribute: 'Department', action: 'remove', before: 'Sales', fallback: { value: null, source: 'none' } },
        { attribute: 'Cost Centre', action: 'set', before: 'CC-1', after: 'CC-2' },
      ]);
      expect(plan.warnings.map((w) => w.kind)).toEqual(['user_editable']);
      // Two Looker writes (department's removal, level), the read of jo's id and the login apply's
      // client makes first; DX: one write for jo's two values, and no login.
      expect(plan.forecast).toEqual({ looker: 2 + 1 + LOOKER_LOGINS, dx: 1 });
      expect(plan.summary).toMatchObject({ set: 2, remove: 2, unchanged: 1, problems: 0 });

      const widen = must(await syncOf(world).plan([{ 'Work Email': 'jo@acme.test', Department: 'Sales', Region: '', Level: '', 'Cost Centre': 'CC-1' }]));
      expect(changesOf(widen, 'jo@acme.test', 'looker')[1]).toEqual({
        attribute: 'region', action: 'remove', before: 'EMEA', fallback: { value: '%, NULL', source: 'Default' },
      });
      expect(widen.warnings.filter((w) => w.kind === 'widens_access')).toMatchObject([{ email: 'jo@acme.test', attribute: 'region' }]);
    });

    test('values that do not fit the Looker type are problems, never requests', async () => {
      const world = await makeWorld();
      world.addAttribute({ name: 'when', type: 'datetime' });
      world.addAttribute({ name: 'active', type: 'yesno' });
      world.addAttribute({ name: 'zip', type: 'zipcode' });
      world.addAttribute({ name: 'level', type: 'number' });
      world.addLookerUser({ email: 'a@acme.test' });
      const typed = mapping({ fields: { When: { looker: 'when' }, Active: { looker: 'active' }, Zip: { looker: 'zip' }, Level: { looker: 'level' } } });
      const sync = syncOf(world, { mapping: typed });
      const plan = must(await sync.plan([{ email: 'a@acme.test', When: '2026-02-30', Active: 'true', Zip: '1234', Level: '1e400' }]));
      expect(plan.problems.map((p) => [p.kind, p.attribute])).toEqual([
        ['invalid_value', 'when'], ['invalid_value', 'active'], ['invalid_value', 'zip'], ['invalid_value', 'level'],
      ]);
      expect(plan.users).toEqual([]);
      const good = must(await sync.plan([{ email: 'a@acme.test', When: '2026-02-28 08:30', Active: 'yes', Zip: '12345-6789', Level: 7 }]));
      expect(good.summary.set).toBe(4);
      must(await sync.apply(good, { dryRun: false }));
      expect(world.writes().size).toBe(4);
    });

    test('DX lists only some users: an unlisted one gets its values set, and nothing is removed from it', async () => {
      const world = await makeWorld();
      addAttributes(world);
      world.addDxUser({ email: 'quiet@acme.test', listed: false });
      const dxOnly = mapping({ email: 'Work Email', fields: { Department: { dx: 'Department' }, 'Cost Centre': { dx: 'Cost Centre' } }, dx: { newAttributes: ['Department', 'Cost Centre'] } });
      const sync = syncOf(world, { mapping: dxOnly });
      const plan = must(await sync.plan([{ 'Work Email': 'quiet@acme.test', Department: 'Sales', 'Cost Centre': '' }]));
      expect(changesOf(plan, 'quiet@acme.test', 'dx')).toEqual([
        { attribute: 'Department', action: 'set', before: null, after: 'Sales' },
        { attribute: 'Cost Centre', action: 'unchanged' },
      ]);
      expect(plan.services.looker).toEqual({ status: 'skipped', reason: 'the mapping names no Looker attribute' });
      must(await sync.apply(plan, { dryRun: false }));
      expect(world.dxValues('quiet@acme.test')).toEqual({ Department: 'Sales' });
      expect(world.calls('looker')).toEqual({});
    });
  });

  describe('applying', () => {
    test('dry run is the default; a real run makes both services equal the records; a second plan changes nothing', async () => {
      const world = await makeWorld();
      const attributes = addAttributes(world);
      const { records, ids } = population(world, attributes, 40, 7);
      const sync = syncOf(world);
      const plan = must(await sync.plan(records));
      const dry = must(await sync.apply(plan, { maxRemovals: 1000 }));
      expect(dry).toMatchObject({ dryRun: true, applied: 0, skipped: dry.planned, callsUsed: { looker: 0, dx: 0 } });
      expect(world.writes().size).toBe(0);
      const report = must(await sync.apply(plan, { dryRun: false, maxRemovals: 1000 }));
      expect(report).toMatchObject({ applied: report.planned, failed: 0, conflict: 0, skipped: 0, aborted: false });
      // The forecast allows for a login; this world's client already holds a token.
      expect(report.callsUsed).toEqual({ looker: plan.forecast.looker - LOOKER_LOGINS, dx: plan.forecast.dx });
      expectMatchesRecords(world, attributes, records, ids);
      const again = must(await sync.plan(records));
      expect(again.forecast.looker).toBe(0);
      expect(again.summary.remove).toBe(0);
    });

    test('a stale plan is re-checked user by user: values changed since are conflicts, not overwritten', async () => {
      const world = await makeWorld();
      const attributes = addAttributes(world);
      const a = world.addLookerUser({ email: 'a@acme.test' });
      const b = world.addLookerUser({ email: 'b@acme.test' });
      world.setLookerValue(a, attributes.department, 'Sales');
      world.addDxUser({ email: 'a@acme.test', attributes: { Department: 'Sales' } });
      world.addDxUser({ email: 'b@acme.test' });
      const sync = syncOf(world);
      const records = ['a@acme.test', 'b@acme.test'].map((email) => ({ 'Work Email': email, Department: 'Finance', Region: '', Level: '', 'Cost Centre': '' }));
      const plan = must(await sync.plan(records));
      world.setLookerValue(a, attributes.department, 'Legal');
      await world.setDxValue('a@acme.test', 'Department', 'Legal');
      world.setLookerValue(b, attributes.department, 'Finance');
      await world.runtime.sleep(2 * 3_600_000, new AbortController().signal);
      const report = must(await sync.apply(plan, { dryRun: false }));
      expect(report.stale).toBe(true);
      expect(report.outcomes.map((o) => [o.email, o.service, o.outcome, o.reason])).toEqual([
        ['a@acme.test', 'looker', 'conflict', 'changed_since_plan'],
        ['a@acme.test', 'dx', 'conflict', 'changed_since_plan'],
        ['b@acme.test', 'looker', 'skipped', 'already_in_state'],
        ['b@acme.test', 'dx', 'applied', undefined],
      ]);
      expect(world.lookerOwnValue(a, attributes.department)).toBe('Legal');
      expect(world.dxValues('a@acme.test').Department).toBe('Legal');
    });

    test('the removal cap and the call budget refuse the run before anything is sent', async () => {
      const world = await makeWorld();
      const attributes = addAttributes(world);
      const { records } = population(world, attributes, 30, 3);
      const sync = syncOf(world);
      const plan = must(await sync.plan(records));
      const removals = plan.summary.remove;
      expect(removals).toBeGreaterThan(3);
      const before = { ...world.calls('looker') };
      const capped = await sync.apply(plan, { dryRun: false, maxRemovals: removals - 1 });
      expect(capped).toMatchObject({ ok: false, error: { kind: 'too_many_removals', removals, maxRemovals: removals - 1 } });
      const budget = await sync.apply(plan, { dryRun: false, maxRemovals: removals, maxCalls: { looker: plan.forecast.looker - 1 } });
      expect(budget).toMatchObject({ ok: false, error: { kind: 'over_budget', service: 'looker', forecast: plan.forecast.looker } });
      expect(world.calls('looker')).toEqual(before);
      expect(world.writes().size).toBe(0);
      const fits = must(await sync.apply(plan, { dryRun: false, maxRemovals: removals, maxCalls: plan.forecast }));
      expect(fits.applied).toBe(fits.planned);
    });

    test.each([
      ['with Retry-After', 1500],
      ['without Retry-After', undefined],
    ])('429 storms %s and 503s mid-run slow the lane and lose nothing', async (_, retryAfterMs) => {
      const world = await makeWorld();
      const attributes = addAttributes(world);
      const { records, ids } = population(world, attributes, 40, 11);
      const sync = syncOf(world);
      const plan = must(await sync.plan(records));
      world.faults('dx').rateLimitNext(6, retryAfterMs);
      world.faults('dx').failNext(2, 502);
      const before = { looker: total(world, 'looker'), dx: total(world, 'dx') };
      // Looker's storm starts once its writes do (after the read of the ids), spreading over writes in flight.
      let storm = false;
      const onProgress = ({ service }: { service: string }) => {
        if (service !== 'looker' || storm) return;
        storm = true;
        world.faults('looker').rateLimitNext(12, retryAfterMs);
        world.faults('looker').failNext(3);
      };
      const report = must(await sync.apply(plan, { dryRun: false, maxRemovals: 1000, onProgress }));
      expect(report).toMatchObject({ failed: 0, applied: report.planned });
      expect(report.callsUsed.looker).toBe(plan.forecast.looker - LOOKER_LOGINS + 15);
      expect(report.callsUsed.dx).toBe(plan.forecast.dx + 8);
      // Every request the services saw, refused ones included, is counted in the report.
      expect({ looker: total(world, 'looker') - before.looker, dx: total(world, 'dx') - before.dx }).toEqual(report.callsUsed);
      if (retryAfterMs) expect(world.sleeps).toContain(retryAfterMs);
      expectMatchesRecords(world, attributes, records, ids);
    });

    test('DX paced to its per-minute window meets no 429 at all', async () => {
      const world = await makeWorld();
      addAttributes(world);
      world.faults('dx').limitRate(world.dxPerMinute, 60_000, false);
      // More writes than the window holds: without pacing, the last fifth would meet 429s.
      const count = Math.ceil(world.dxPerMinute * 1.2);
      const records = Array.from({ length: count }, (_, i) => {
        world.addDxUser({ email: `u${i}@acme.test` });
        return { 'Work Email': `u${i}@acme.test`, 'Cost Centre': 'CC-9' };
      });
      const sync = syncOf(world, { mapping: mapping({ email: 'Work Email', fields: { 'Cost Centre': { dx: 'Cost Centre' } }, dx: { newAttributes: ['Cost Centre'] } }) });
      const plan = must(await sync.plan(records));
      const report = must(await sync.apply(plan, { dryRun: false }));
      expect(report).toMatchObject({ applied: count, failed: 0 });
      expect(report.callsUsed.dx).toBe(count);
      expect(world.calls('dx')['users.attributes.update']).toBe(count);
    });

    test('an incremental plan reads only the users whose records changed', async () => {
      const world = await makeWorld();
      const attributes = addAttributes(world);
      const { records } = population(world, attributes, 50, 5);
      const sync = syncOf(world);
      const first = must(await sync.plan(records));
      const previous = recordSnapshot(first, must(await sync.apply(first, { dryRun: false, maxRemovals: 1000 })));
      expect(previous.digests).toHaveLength(50);
      const next = records.map((record, i) => (i % 10 === 0 ? { ...record, Department: `Changed ${i}` } : record));
      const reads = world.calls('looker').user_attribute_user_values ?? 0;
      const plan = must(await sync.plan(next, { previous }));
      expect(plan.incremental).toBe(true);
      expect(plan.summary.skippedUnchanged).toBe(45);
      expect((world.calls('looker').user_attribute_user_values ?? 0) - reads).toBe(5);
      // Five writes, one read of their five ids, and the login.
      expect(plan.forecast.looker).toBe(5 + 1 + LOOKER_LOGINS);
      const full = must(await sync.plan(next, { previous, fullDriftCheck: true }));
      expect(full.incremental).toBe(false);
      expect(full.summary.skippedUnchanged).toBe(0);
    });
  });
}
