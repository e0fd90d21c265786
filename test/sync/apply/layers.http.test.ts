// Applying the definitions and group values layers against the kit's Looker over HTTP: each
// change made with the calls the plan forecast, in dependency order, under the same rails as user
// values (dry run, removal cap, stale re-check, journal and resume), and the effective diff's
// users checked against the kit's own resolution once applied.
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { createLookerClient } from '../../../src/looker/index.js';
import { createMemoryJournal, createSync, parseMapping, renderSummaryMarkdown, type ApplyReport } from '../../../src/sync/index.js';
import { mortal } from '../../support/sync/http-world.js';
import { Killer } from '../../support/sync/killer.js';
import { RECORDS, startLayersWorld, type LayersWorld } from '../../support/sync/layers-world.js';
import { prng } from '../../support/sync/fixtures.js';

let world: LayersWorld;
beforeEach(async () => {
  world = await startLayersWorld();
});
afterEach(() => world.server.close());

const EU_APAC = [{ group: 'Sales', value: 'EU' }, { group: 'Support', value: 'APAC' }];

/** Plans `looker` and applies it for real with `options`; throws when either fails. */
async function planAndApply(looker: unknown, options: Parameters<ReturnType<LayersWorld['sync']>['apply']>[1] = {}) {
  const sync = world.sync(looker);
  const plan = await sync.plan(RECORDS);
  if (!plan.ok) throw new Error(plan.error.message);
  world.fake.calls.reset();
  const report = await sync.apply(plan.data, { dryRun: false, ...options });
  if (!report.ok) throw new Error(report.error.message);
  return { plan: plan.data, report: report.data };
}

const definition = (name: string) => world.fake.looker.snapshot().userAttributes.find((a) => a.name === name);

describe('group values: the calls the plan forecast, and the kit holds the declared list', () => {
  test.each([
    ['a changed value (PATCH)', EU_APAC, { update_user_attribute_group_value: 1 }],
    ['a removed group value (DELETE)', [{ group: 'Support', value: 'APAC' }], { delete_user_attribute_group_value: 1 }],
    ['a new group (POST of the whole list)', [{ group: 'Sales', value: 'EMEA' }, { group: 'Support', value: 'APAC' }, { group: 'Engineering', value: 'AMER' }], { set_user_attribute_group_values: 1 }],
    ['a changed order (POST of the whole list)', [{ group: 'Support', value: 'APAC' }, { group: 'Sales', value: 'EMEA' }], { set_user_attribute_group_values: 1 }],
  ])('%s', async (_, declared, writes) => {
    const { plan, report } = await planAndApply({ groupValues: { region: declared } });
    expect(world.groupValues()).toEqual(declared);
    // The layer change, then ana's own value.
    expect(report.outcomes[0]).toEqual({ email: '', service: 'looker', layer: 'group_values', attribute: 'region', outcome: 'applied' });
    expect(report).toMatchObject({ failed: 0, conflict: 0, applied: report.planned });
    expect(world.fake.calls.byOperation('looker')).toMatchObject(writes);
    // A young plan is not read again: the forecast is what was sent (the login happened at plan time).
    expect(report.callsUsed.looker).toBe(plan.forecast.looker - 1);
  });

  test('a plan made again after apply has nothing left to do', async () => {
    await planAndApply({ groupValues: { region: EU_APAC } });
    const again = await world.plan({ groupValues: { region: EU_APAC } });
    expect(again.groupValues?.[0]?.calls).toEqual([]);
    expect(again.summary.set).toBe(0);
  });
});

test('the Markdown summary lists each layer change with its outcome, and who resolves to another value', async () => {
  const { plan, report } = await planAndApply({ attributes: { region: { label: 'Sales region' } }, groupValues: { region: EU_APAC } });
  const markdown = renderSummaryMarkdown({ plan, report });
  expect(markdown).toContain([
    '### Definitions and group values (2)', '',
    '- `region`: label “Region” → “Sales region” — applied',
    '- `region` group values (first wins): Sales “EMEA”, Support “APAC” → Sales “EU”, Support “APAC” (PATCH Sales) — applied',
  ].join('\n'));
  expect(markdown).toMatch(/### Effective values\n\n- `region`: \d+ users? resolves? to another value/);
});

test('a revert lists the layers it does not put back, with how they ended, and puts back the user values', async () => {
  const sync = world.sync({ attributes: { region: { label: 'Sales region' } } });
  const plan = await sync.plan(RECORDS);
  if (!plan.ok) throw new Error(plan.error.message);
  const journal = createMemoryJournal([]);
  await sync.apply(plan.data, { dryRun: false, journal });
  const undo = await sync.revert(plan.data, journal);
  if (!undo.ok) throw new Error(undo.error.message);
  expect(undo.data.revert?.notReverted).toEqual([
    { email: '', service: 'looker', attribute: 'region', layer: 'definition', reason: 'layer_not_reverted', outcome: 'applied' },
  ]);
  expect(undo.data.users.map((u) => [u.email, u.looker?.changes.map((c) => c.action)])).toEqual([['ana@acme.test', ['remove']]]);
});

describe('definitions', () => {
  test('created and updated as declared, before the group values that need the new id', async () => {
    const { report } = await planAndApply({
      attributes: { region: { label: 'Sales region', default: 'EMEA' }, team: { type: 'string', label: 'Team', userCanView: true } },
      groupValues: { team: [{ group: 'Engineering', value: 'platform' }] },
    });
    expect(definition('region')).toMatchObject({ label: 'Sales region', defaultValue: 'EMEA' });
    expect(definition('team')).toMatchObject({ type: 'string', label: 'Team', userCanView: true, userCanEdit: false, valueIsHidden: false });
    expect(world.groupValues('team')).toEqual([{ group: 'Engineering', value: 'platform' }]);
    expect(report.outcomes.slice(0, 3).map((o) => [o.layer, o.attribute, o.outcome])).toEqual([
      ['definition', 'region', 'applied'], ['definition', 'team', 'applied'], ['group_values', 'team', 'applied'],
    ]);
  });

  test('a delete asked for explicitly removes the attribute and counts against the removal cap', async () => {
    world.fake.looker.addUserAttribute({ name: 'old_team', label: 'Old team', type: 'string' });
    const sync = world.sync({ attributes: { old_team: { delete: true } } });
    const plan = await sync.plan(RECORDS);
    if (!plan.ok) throw new Error(plan.error.message);
    const refused = await sync.apply(plan.data, { dryRun: false, maxRemovals: 0 });
    expect(!refused.ok && refused.error).toMatchObject({ kind: 'too_many_removals', removals: 1 });
    expect(definition('old_team')).toBeDefined();
    const report = await sync.apply(plan.data, { dryRun: false, maxRemovals: 1 });
    expect(report.ok && report.data.outcomes[0]).toMatchObject({ layer: 'definition', attribute: 'old_team', outcome: 'applied' });
    expect(definition('old_team')).toBeUndefined();
  });
});

describe('the rails', () => {
  test('a dry run sends nothing and lists each layer change as dry_run', async () => {
    const sync = world.sync({ attributes: { region: { label: 'Sales region' } }, groupValues: { region: EU_APAC } });
    const plan = await sync.plan(RECORDS);
    if (!plan.ok) throw new Error(plan.error.message);
    world.fake.calls.reset();
    const report = await sync.apply(plan.data);
    expect(report.ok && report.data.outcomes.map((o) => [o.layer ?? o.email, o.reason])).toEqual([
      ['definition', 'dry_run'], ['group_values', 'dry_run'], ['ana@acme.test', 'dry_run'],
    ]);
    expect(world.fake.calls.total('looker')).toBe(0);
  });

  test('removed group values count against the removal cap', async () => {
    const sync = world.sync({ groupValues: { region: [{ group: 'Support', value: 'APAC' }] } });
    const plan = await sync.plan([]);
    if (!plan.ok) throw new Error(plan.error.message);
    world.fake.calls.reset();
    const report = await sync.apply(plan.data, { dryRun: false, maxRemovals: 0 });
    expect(!report.ok && report.error).toMatchObject({ kind: 'too_many_removals', removals: 1 });
    expect(world.fake.calls.total('looker')).toBe(0);
  });

  test('stale: a group value changed since the plan is a conflict, never overwritten, and the attribute\'s user values wait', async () => {
    const sync = world.sync({ groupValues: { region: EU_APAC } });
    const plan = await sync.plan(RECORDS);
    if (!plan.ok) throw new Error(plan.error.message);
    world.fake.looker.updateGroupValue(world.ids.sales, world.ids.region, 'LATAM');
    world.clock.advance(2 * 3_600_000);
    const report = await sync.apply(plan.data, { dryRun: false });
    if (!report.ok) throw new Error(report.error.message);
    expect(report.data.stale).toBe(true);
    expect(report.data.outcomes.map((o) => [o.layer ?? o.email, o.outcome, o.reason])).toEqual([
      ['group_values', 'conflict', 'changed_since_plan'], ['ana@acme.test', 'skipped', 'layer_not_applied'],
    ]);
    expect(world.groupValues()).toEqual([{ group: 'Sales', value: 'LATAM' }, { group: 'Support', value: 'APAC' }]);
  });

  test('stale but already as declared: skipped as already_in_state, and the rest goes on', async () => {
    const sync = world.sync({ attributes: { region: { label: 'Sales region' } } });
    const plan = await sync.plan(RECORDS);
    if (!plan.ok) throw new Error(plan.error.message);
    world.fake.looker.updateUserAttribute(world.ids.region, { label: 'Sales region' });
    world.clock.advance(2 * 3_600_000);
    const report = await sync.apply(plan.data, { dryRun: false });
    expect(report.ok && report.data.outcomes.map((o) => [o.layer ?? o.email, o.outcome, o.reason])).toEqual([
      ['definition', 'skipped', 'already_in_state'], ['ana@acme.test', 'applied', undefined],
    ]);
  });

  test('a definition that fails stops its group values and user values, reported as skipped with the reason', async () => {
    const sync = world.sync({ attributes: { region: { label: 'Sales region' } }, groupValues: { region: EU_APAC } });
    const plan = await sync.plan(RECORDS);
    if (!plan.ok) throw new Error(plan.error.message);
    world.fake.faults.add({ service: 'looker', operation: 'update_user_attribute', serverError: 500, times: 50 });
    const report = await sync.apply(plan.data, { dryRun: false });
    expect(report.ok && report.data.outcomes.map((o) => [o.layer ?? o.email, o.outcome, o.reason])).toEqual([
      ['definition', 'failed', undefined], ['group_values', 'skipped', 'layer_not_applied'], ['ana@acme.test', 'skipped', 'layer_not_applied'],
    ]);
    expect(world.groupValues()).toEqual([{ group: 'Sales', value: 'EMEA' }, { group: 'Support', value: 'APAC' }]);
  });

  test('a desired state of layers alone maps no field; its plan records the Looker it read, and a client for another is refused', async () => {
    const mapping = parseMapping({ looker: { groupValues: { region: EU_APAC } } });
    if (!mapping.ok) throw new Error(mapping.error.message);
    const client = (baseUrl: string) => createLookerClient({ baseUrl, credentials: world.fake.looker.createApiCredentials() });
    const plan = await createSync({ looker: client(world.server.url), mapping: mapping.data, runtime: world.clock.runtime }).plan([]);
    if (!plan.ok) throw new Error(plan.error.message);
    expect(plan.data.services.looker).toMatchObject({ status: 'skipped', baseUrl: `${world.server.url}/api/4.0` });
    expect(plan.data.groupValues?.[0]?.calls).toHaveLength(1);
    world.fake.calls.reset();
    const elsewhere = createSync({ looker: client('https://other.looker.test'), mapping: mapping.data, runtime: world.clock.runtime });
    const refused = await elsewhere.apply(plan.data, { dryRun: false });
    expect(!refused.ok && refused.error.kind).toBe('service_mismatch');
    expect(world.fake.calls.total('looker')).toBe(0);
    const here = createSync({ looker: client(world.server.url), mapping: mapping.data, runtime: world.clock.runtime });
    const report = await here.apply(plan.data, { dryRun: false });
    expect(report.ok && report.data).toMatchObject({ planned: 1, applied: 1 });
    expect(world.groupValues()).toEqual(EU_APAC);
  });
});

test('user values mapped to an attribute the same plan creates: checked against its declared type, written once it exists', async () => {
  const mapping = parseMapping({
    fields: { Level: { looker: 'level' } },
    looker: { attributes: { level: { type: 'number', label: 'Level', userCanEdit: false } } },
  });
  if (!mapping.ok) throw new Error(mapping.error.message);
  const looker = createLookerClient({ baseUrl: world.server.url, credentials: world.fake.looker.createApiCredentials() });
  const sync = createSync({ looker, mapping: mapping.data, runtime: world.clock.runtime });
  world.fake.looker.addUser({ email: 'ben@acme.test' });
  const plan = await sync.plan([{ email: 'ana@acme.test', Level: '3' }, { email: 'ben@acme.test', Level: 'senior' }]);
  if (!plan.ok) throw new Error(plan.error.message);
  expect(plan.data.services.looker).toMatchObject({ status: 'planned', attributes: [{ name: 'level', id: '', created: true, type: 'number' }] });
  expect(plan.data.users.map((u) => [u.email, u.looker?.changes])).toEqual([['ana@acme.test', [{ attribute: 'level', action: 'set', before: null, after: '3' }]]]);
  expect(plan.data.problems).toEqual([expect.objectContaining({ email: 'ben@acme.test', kind: 'invalid_value' })]);
  // No value of an attribute that does not exist yet is read.
  expect(world.fake.calls.byOperation('looker').user_attribute_user_values).toBeUndefined();
  const report = await sync.apply(plan.data, { dryRun: false });
  expect(report.ok && report.data.outcomes.map((o) => [o.layer ?? o.email, o.outcome])).toEqual([['definition', 'applied'], ['ana@acme.test', 'applied']]);
  const ana = world.fake.looker.snapshot().users.find((u) => u.email === 'ana@acme.test');
  expect(world.fake.looker.resolvedValue(ana?.id as string, 'level')).toMatchObject({ value: '3', source: 'user' });
  // Made again: the attribute exists, ana's value is in place.
  const again = await sync.plan([{ email: 'ana@acme.test', Level: '3' }]);
  expect(again.ok && again.data.summary).toMatchObject({ set: 0, unchanged: 1, definitionChanges: 0 });
});

test('the effective diff: the users it lists are those whose resolved value the applied plan changed', async () => {
  const { looker } = world.fake;
  const { sales, support, eng } = world.ids;
  for (let i = 0; i < 16; i++) looker.addUser({ email: `u${i}@acme.test`, groupIds: [sales, support, eng].filter((_, g) => (i >> g) % 2 === 1) });
  const before = looker.resolvedValues('region');
  const { plan } = await planAndApply({ attributes: { region: { default: 'World' } }, groupValues: { region: [{ group: 'Support', value: 'APAC' }, { group: 'Sales', value: 'EU' }] } });
  const after = looker.resolvedValues('region');
  const changed = Object.keys(after).filter((id) => before[id] !== after[id]).sort();
  const section = plan.effective?.find((s) => s.attribute === 'region');
  expect(section?.changes.map((c) => c.userId).sort()).toEqual(changed);
  expect(section?.count).toBe(changed.length);
  for (const change of section?.changes ?? []) expect(change.after.value).toBe(after[change.userId]);
});

describe('resuming a run killed at random points across the three layers', () => {
  const DESIRED = {
    attributes: { region: { label: 'Sales region', default: 'World' }, team: { type: 'string', label: 'Team' } },
    groupValues: { region: [{ group: 'Sales', value: 'EU' }], team: [{ group: 'Engineering', value: 'platform' }, { group: 'Support', value: 'care' }] },
  };

  // Region's user value, and team's: an attribute the same plan creates.
  const FIELDS = { Region: { looker: 'region' }, Team: { looker: 'team' } };

  test.each(Array.from({ length: 24 }, (_, i) => i + 1))('seed %i: the desired state reached, nothing done twice', async (seed) => {
    const killer = new Killer();
    const planned = await world.sync(DESIRED, undefined, FIELDS).plan([{ ...RECORDS[0], Team: 'platform' }]);
    if (!planned.ok) throw new Error(planned.error.message);
    const plan = planned.data;
    const random = prng(seed * 104_729);
    const journal = createMemoryJournal([]);
    const mortalJournal = {
      read: () => journal.read(),
      append: (lines: Parameters<typeof journal.append>[0]) => Promise.resolve().then(() => killer.step(() => journal.append(lines))),
    };
    world.fake.calls.reset();
    let final: ApplyReport | undefined;
    let deaths = 0;
    for (let run = 0; run < 30 && !final; run++) {
      if (run === 0 || (run < 25 && random() < 0.6)) killer.arm(1 + Math.floor(random() * 20), random() < 0.5);
      else killer.disarm();
      const sync = world.sync(DESIRED, (client) => mortal(client, killer), FIELDS);
      const result = await sync.apply(plan, { dryRun: false, journal: mortalJournal, maxRemovals: 10 });
      if (killer.dead) {
        deaths++;
        expect(result).toMatchObject({ ok: false, error: { kind: 'journal_failed' } });
        continue;
      }
      if (!result.ok) throw new Error(result.error.message);
      final = result.data;
    }
    expect(deaths).toBeGreaterThan(0);
    expect(final).toMatchObject({ failed: 0, conflict: 0, applied: 6 });
    expect(definition('region')).toMatchObject({ label: 'Sales region', defaultValue: 'World' });
    expect(definition('team')).toMatchObject({ label: 'Team', type: 'string' });
    expect(world.groupValues()).toEqual([{ group: 'Sales', value: 'EU' }]);
    expect(world.groupValues('team')).toEqual([{ group: 'Engineering', value: 'platform' }, { group: 'Support', value: 'care' }]);
    const ana = world.fake.looker.snapshot().users[0]?.id as string;
    expect(world.fake.looker.resolvedValue(ana, 'region')).toMatchObject({ value: 'EMEA', source: 'user' });
    expect(world.fake.looker.resolvedValue(ana, 'team')).toMatchObject({ value: 'platform', source: 'user' });
    // Nothing done twice: one create of team, and no more group value writes than the list's calls.
    const byOperation = world.fake.calls.byOperation('looker');
    expect(byOperation.create_user_attribute).toBe(1);
    expect(byOperation.set_user_attribute_group_values ?? 0).toBeLessThanOrEqual(1);
  });
});
