// Planning the definitions and group values layers against the kit's Looker over HTTP: each
// layer's before → after, the fewest calls, the reads it costs, and every refusal by its path.
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { startLayersWorld, type LayersWorld } from '../../support/sync/layers-world.js';

let world: LayersWorld;
beforeEach(async () => {
  world = await startLayersWorld();
});
afterEach(() => world.server.close());

const EMEA_APAC = [{ group: 'Sales', value: 'EMEA' }, { group: 'Support', value: 'APAC' }];

describe('the group values layer: the fewest calls', () => {
  test('as declared: no call, and the reads are one listing of attributes, of groups and of the group values', async () => {
    world.fake.calls.reset();
    const plan = await world.plan({ groupValues: { region: EMEA_APAC } });
    expect(plan.groupValues).toEqual([expect.objectContaining({ attribute: 'region', attributeId: world.ids.region, calls: [] })]);
    expect(plan.summary).toMatchObject({ groupValueCalls: 0, definitionChanges: 0 });
    expect(world.fake.calls.byOperation('looker')).toMatchObject({ all_groups: 1, all_user_attribute_group_values: 1 });
  });

  test('a changed value whose precedence stays: one PATCH, before → after', async () => {
    const plan = await world.plan({ groupValues: { region: [{ group: 'Sales', value: 'EU' }, { group: 'Support', value: 'APAC' }] } });
    const { ids } = world;
    expect(plan.groupValues?.[0]?.calls).toEqual([{ call: 'update', groupId: ids.sales, group: 'Sales', before: 'EMEA', after: 'EU' }]);
    expect(plan.groupValues?.[0]?.before.map((item) => [item.group, item.value, item.rank])).toEqual([['Sales', 'EMEA', 1], ['Support', 'APAC', 2]]);
    expect(plan.summary.groupValueCalls).toBe(1);
  });

  test('a removed group value: one DELETE', async () => {
    const plan = await world.plan({ groupValues: { region: [{ group: 'Support', value: 'APAC' }] } });
    expect(plan.groupValues?.[0]?.calls).toEqual([{ call: 'delete', groupId: world.ids.sales, group: 'Sales', before: 'EMEA' }]);
  });

  test('a new group, or a changed order: one POST of the whole ordered list', async () => {
    const added = await world.plan({ groupValues: { region: [...EMEA_APAC, { group: 'Engineering', value: 'AMER' }] } });
    expect(added.groupValues?.[0]?.calls).toEqual([{ call: 'set', values: expect.any(Array) }]);
    const reordered = await world.plan({ groupValues: { region: [...EMEA_APAC].reverse() } });
    const call = reordered.groupValues?.[0]?.calls[0];
    expect(call?.call === 'set' && call.values.map((item) => item.group)).toEqual(['Support', 'Sales']);
    const ranked = await world.plan({ groupValues: { region: [{ group: 'Sales', value: 'EMEA', rank: 5 }, { group: 'Support', value: 'APAC', rank: 3 }] } });
    const byRank = ranked.groupValues?.[0]?.calls[0];
    expect(byRank?.call === 'set' && byRank.values.map((item) => [item.group, item.rank])).toEqual([['Support', 3], ['Sales', 5]]);
  });

  test('an unknown or ambiguous group name refuses the plan, naming it by its path', async () => {
    const result = await world.sync({ groupValues: { region: [{ group: 'Sale', value: 'x' }, { group: 'Twice', value: 'y' }] } }).plan([]);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toMatchObject({ kind: 'invalid_mapping' });
    expect('issues' in result.error && result.error.issues).toEqual([
      { path: 'looker.groupValues.region[0].group', problem: 'no Looker group is named "Sale" (groups are never created)' },
      { path: 'looker.groupValues.region[1].group', problem: expect.stringMatching(/^2 Looker groups are named "Twice"/) },
    ]);
  });
});

describe('the definitions layer', () => {
  test('an update lists each property before → after; a new attribute is created with what it declares', async () => {
    const plan = await world.plan({
      attributes: { region: { label: 'Sales region', default: 'EMEA', userCanEdit: false }, team: { type: 'string', label: 'Team', userCanView: true } },
    });
    expect(plan.definitions).toEqual([
      {
        attribute: 'region', action: 'update', id: world.ids.region,
        changes: [{ property: 'label', before: 'Region', after: 'Sales region' }, { property: 'defaultValue', before: null, after: 'EMEA' }],
      },
      {
        attribute: 'team', action: 'create',
        after: { type: 'string', label: 'Team', defaultValue: null, valueIsHidden: false, userCanView: true, userCanEdit: false, hiddenValueDomainWhitelist: null },
      },
    ]);
    expect(plan.summary.definitionChanges).toBe(2);
    // Two definition writes, ana's region (one write and one read-back of her id), one login.
    expect(plan.summary.set).toBe(1);
    expect(plan.forecast.looker).toBe(2 + 2 + 1);
  });

  test('refused before any write: a type its values would not fit, a domain list edited, a system attribute, a new one without type', async () => {
    const { fake } = world;
    fake.looker.addUserAttribute({ name: 'secret', type: 'string', valueIsHidden: true, userCanView: false, userCanEdit: false, hiddenValueDomainWhitelist: 'a.com' });
    fake.looker.addUserAttribute({ name: 'email', type: 'string', isSystem: true });
    const result = await world.sync({
      attributes: { region: { type: 'number' }, secret: { hidden: true, hiddenValueDomains: ['b.com'] }, email: { label: 'Mail' }, team: { label: 'Team' } },
    }).plan([]);
    expect(!result.ok && 'issues' in result.error && result.error.issues.map((issue) => issue.path)).toEqual([
      'looker.attributes.region.type',
      'looker.attributes.secret.hiddenValueDomains',
      'looker.attributes.email',
      'looker.attributes.team.type',
    ]);
    expect(world.fake.calls.byOperation('looker')).not.toHaveProperty('update_user_attribute');
  });
});
