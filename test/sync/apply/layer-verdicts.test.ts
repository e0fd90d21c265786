// The re-check of a layer change on plain values: write, already so, or a conflict; a change a
// cut-off run left half made finished with the calls that remain; and the work and forecast of
// the layers from a plan and its journal.
import { describe, expect, test } from 'vitest';
import { definitionVerdict, groupValuesVerdict } from '../../../src/sync/apply/layer-verdicts.js';
import { layerChangeKey, layerWork } from '../../../src/sync/apply/layer-work.js';
import { groupValueCalls } from '../../../src/sync/model/group-value-calls.js';
import type { LookerDefinition } from '../../../src/sync/model/layer-ports.js';
import type { DefinitionWrite, GroupValuesChange, PlannedGroupValue } from '../../../src/sync/model/layers.js';
import type { SyncPlan } from '../../../src/sync/model/plan.js';

const looker = (over: Partial<LookerDefinition> = {}): LookerDefinition => ({
  id: '7', name: 'region', label: 'Region', type: 'string', default_value: null, value_is_hidden: false,
  user_can_view: true, user_can_edit: false, is_system: false, is_permanent: false, hidden_value_domain_whitelist: null, ...over,
});
const update: DefinitionWrite = { attribute: 'region', action: 'update', id: '7', changes: [{ property: 'label', before: 'Region', after: 'Sales region' }] };

describe('a definition', () => {
  test('an update: write while it holds before, already once it holds after, a conflict otherwise or when gone', () => {
    expect(definitionVerdict(update, looker())).toBe('write');
    expect(definitionVerdict(update, looker({ label: 'Sales region' }))).toBe('already');
    expect(definitionVerdict(update, looker({ label: 'Territory' }))).toBe('conflict');
    expect(definitionVerdict(update, undefined)).toBe('conflict');
  });

  test('a create: write when absent, already when made as planned, a conflict when made otherwise', () => {
    const create: DefinitionWrite = {
      attribute: 'region', action: 'create',
      after: { type: 'string', label: 'Region', defaultValue: null, valueIsHidden: false, userCanView: true, userCanEdit: false, hiddenValueDomainWhitelist: null },
    };
    expect(definitionVerdict(create, undefined)).toBe('write');
    expect(definitionVerdict(create, looker())).toBe('already');
    expect(definitionVerdict(create, looker({ type: 'number' }))).toBe('conflict');
  });

  test('a delete: already when gone, a conflict when changed since', () => {
    const before = { type: 'string', label: 'Region', defaultValue: null, valueIsHidden: false, userCanView: true, userCanEdit: false, hiddenValueDomainWhitelist: null } as const;
    const remove: DefinitionWrite = { attribute: 'region', action: 'delete', id: '7', before };
    expect(definitionVerdict(remove, looker())).toBe('write');
    expect(definitionVerdict(remove, undefined)).toBe('already');
    expect(definitionVerdict(remove, looker({ default_value: 'EU' }))).toBe('conflict');
  });
});

const gv = (groupId: string, value: string, rank: number | null = null): PlannedGroupValue => ({ groupId, group: `g${groupId}`, value, rank });

describe('group values', () => {
  const before = [gv('1', 'EMEA', 1), gv('2', 'APAC', 2)];
  const after = [gv('1', 'EU')];
  const change: GroupValuesChange = { attribute: 'region', attributeId: '7', before, after, calls: groupValueCalls(before, after) };

  test('the planned calls from before; none once after; a conflict when changed otherwise', () => {
    expect(change.calls.map((c) => c.call)).toEqual(['update', 'delete']);
    expect(groupValuesVerdict(change, before, false)).toEqual({ verdict: 'write', calls: change.calls });
    expect(groupValuesVerdict(change, [gv('1', 'EU', 1)], false)).toEqual({ verdict: 'already', calls: [] });
    expect(groupValuesVerdict(change, [gv('1', 'LATAM', 1)], true).verdict).toBe('conflict');
  });

  test('half made by a run cut short: only in doubt is it finished, with the calls that remain', () => {
    const halfway = [gv('1', 'EU', 1), gv('2', 'APAC', 2)];
    expect(groupValuesVerdict(change, halfway, false).verdict).toBe('conflict');
    expect(groupValuesVerdict(change, halfway, true)).toEqual({ verdict: 'write', calls: [{ call: 'delete', groupId: '2', group: 'g2', before: 'APAC' }] });
  });
});

test('the layers\' work: done changes left out, one in doubt re-read, the forecast of writes and reads', () => {
  const groupChange: GroupValuesChange = { attribute: 'team', attributeId: null, before: [], after: [gv('3', 'x')], calls: [{ call: 'set', values: [gv('3', 'x')] }] };
  const plan = {
    services: { looker: { status: 'skipped', reason: 'no field is mapped' } },
    definitions: [update, { attribute: 'team', action: 'create', after: {} }],
    groupValues: [groupChange],
  } as unknown as SyncPlan;
  const fresh = layerWork(plan, new Map(), new Set(), false);
  expect(fresh.tasks.map((t) => [t.layer, t.attribute, t.recheck])).toEqual([['definition', 'region', false], ['definition', 'team', false], ['group_values', 'team', false]]);
  expect(fresh).toMatchObject({ planned: 3, forecast: 3, removals: 0 });
  // team created by an earlier run, region's update in doubt: its re-read lists every definition, which also gives team's id.
  const done = new Map([[layerChangeKey('definition', 'team'), {} as never]]);
  const resumed = layerWork(plan, done, new Set([layerChangeKey('definition', 'region')]), false);
  expect(resumed.tasks.map((t) => [t.attribute, t.inDoubt])).toEqual([['region', true], ['team', false]]);
  expect(resumed.forecast).toBe(1 + 1 + 1);
});
