import { expect, test } from 'vitest';
import { parseMapping, type SyncMapping } from '../../../src/sync/model/mapping.js';
import type { PlannedLookerAttribute } from '../../../src/sync/model/plan.js';
import { planDxUser, planLookerUser } from '../../../src/sync/plan/user-changes.js';
import type { ReadRecord } from '../../../src/sync/model/records.js';
import { currentOf, type LookerCurrent } from '../../../src/sync/reads/looker-values.js';

const mapping = (() => {
  const parsed = parseMapping({ fields: { Dept: { looker: 'dept', dx: 'Dept' }, Region: { looker: 'region' }, Kept: { looker: 'kept', dx: 'Kept', whenEmpty: 'keep' } } });
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.data as SyncMapping;
})();
const attribute = (name: string, more: Partial<PlannedLookerAttribute> = {}): PlannedLookerAttribute => ({ name, id: name, type: 'string', userCanEdit: false, ...more });
const attributes = new Map([['dept', attribute('dept')], ['region', attribute('region')], ['kept', attribute('kept')]]);
const record = (values: Record<string, string | null>): ReadRecord => ({ index: 0, email: 'a@acme.test', values: new Map(Object.entries(values)) });
const none: LookerCurrent = { hidden: false, fallback: { value: null, source: 'No Value' }, fallbackIsDefault: false };

test('the search path splits into the own value and what remains after removing it', () => {
  const ref = { id: '1', name: 'region', hidden: false, defaultValue: '%' };
  const rows = [
    { user_attribute_id: '1', value: 'EMEA', source: 'User Setting' },
    { user_attribute_id: '1', value: 'APAC', source: 'Engineering', rank: 1 },
    { user_attribute_id: '1', value: '%', source: 'Default' },
  ];
  const group = { fallback: { value: 'APAC', source: 'Engineering' }, fallbackIsDefault: false };
  expect(currentOf(rows, ref)).toEqual({ hidden: false, own: { value: 'EMEA' }, ...group });
  expect(currentOf(rows.slice(1), ref)).toEqual({ hidden: false, ...group });
  expect(currentOf(rows.slice(0, 1), ref)).toEqual({ hidden: false, own: { value: 'EMEA' }, fallback: { value: '%', source: 'Default' }, fallbackIsDefault: true });
  expect(currentOf([{ value: null, source: 'No Value' }], { ...ref, defaultValue: null })).toEqual(none);
  const hidden = currentOf([{ value: null, source: 'user', value_is_hidden: true }, { value: null, source: 'Default', value_is_hidden: true }], ref);
  expect(hidden).toEqual({ hidden: true, own: { value: null }, fallback: { value: null, source: 'Default' }, fallbackIsDefault: true });
});

test('groups named like the other sources are told apart by their rank', () => {
  const ref = { id: '1', name: 'region', hidden: false, defaultValue: '%' };
  const rows = [
    { value: 'APAC', source: 'User Setting', rank: 1 },
    { value: 'EMEA', source: 'Default', rank: 2 },
    { value: '%', source: 'Default', rank: null },
  ];
  expect(currentOf(rows, ref)).toEqual({ hidden: false, fallback: { value: 'APAC', source: 'User Setting' }, fallbackIsDefault: false });
  expect(currentOf(rows.slice(1), ref)).toEqual({ hidden: false, fallback: { value: 'EMEA', source: 'Default' }, fallbackIsDefault: false });
  expect(currentOf([{ value: 'x', source: 'No Value', rank: 1 }], ref)).toMatchObject({ fallback: { value: 'x', source: 'No Value' } });
});

test('Looker: set, unchanged, remove with fallback, keep, and nothing to remove', () => {
  const current = new Map<string, LookerCurrent>([
    ['dept', { hidden: false, own: { value: 'Sales' }, fallback: { value: '%', source: 'Default' }, fallbackIsDefault: true }],
    ['region', none],
    ['kept', { hidden: false, own: { value: 'x' }, fallback: { value: null, source: 'No Value' }, fallbackIsDefault: false }],
  ]);
  const removal = planLookerUser(mapping, record({ Dept: null, Region: null, Kept: null }), attributes, current);
  expect(removal.changes).toEqual([
    { attribute: 'dept', action: 'remove', before: 'Sales', fallback: { value: '%', source: 'Default' } },
    { attribute: 'region', action: 'unchanged' },
    { attribute: 'kept', action: 'unchanged' },
  ]);
  expect(removal.warnings).toMatchObject([{ kind: 'widens_access', attribute: 'dept', email: 'a@acme.test' }]);
  const sets = planLookerUser(mapping, record({ Dept: 'Sales', Region: 'EMEA', Kept: 'y' }), attributes, current);
  expect(sets.changes).toEqual([
    { attribute: 'dept', action: 'unchanged' },
    { attribute: 'region', action: 'set', before: null, after: 'EMEA' },
    { attribute: 'kept', action: 'set', before: 'x', after: 'y' },
  ]);
  // A field refused while reading the record is left alone.
  expect(planLookerUser(mapping, record({ Region: 'EMEA' }), attributes, current).changes.map((c) => c.attribute)).toEqual(['region']);
});

test('Looker: a value that comes back hidden is never compared: a problem, no change, for a value and a removal alike', () => {
  const hidden: LookerCurrent = { hidden: true, own: { value: null }, fallback: { value: null, source: 'Default' }, fallbackIsDefault: true };
  const current = new Map([['dept', hidden]]);
  for (const Dept of ['Sales', null]) {
    const plan = planLookerUser(mapping, record({ Dept }), attributes, current);
    expect(plan.changes).toEqual([]);
    expect(plan.problems).toEqual([{
      email: 'a@acme.test', record: 0, service: 'looker', attribute: 'dept', kind: 'read_failed',
      message: 'Looker returned a@acme.test\'s dept hidden: it cannot be compared, so it is left out',
    }]);
  }
});

test('Looker: a value of the wrong type is a problem that does not repeat the value', () => {
  const typed = new Map([['dept', attribute('dept', { type: 'yesno' })]]);
  const plan = planLookerUser(mapping, record({ Dept: 'maybe-secret' }), typed, new Map());
  expect(plan.changes).toEqual([]);
  expect(plan.problems).toMatchObject([{ kind: 'invalid_value', attribute: 'dept', service: 'looker' }]);
  expect(plan.problems[0]?.message).not.toContain('maybe-secret');
});

test('DX: names compare case-insensitively; an unlisted user has nothing to remove', () => {
  const listed = { dept: 'Sales', kept: 'k' };
  expect(planDxUser(mapping, record({ Dept: 'Sales', Kept: null }), listed).changes).toEqual([
    { attribute: 'Dept', action: 'unchanged' },
    { attribute: 'Kept', action: 'unchanged' },
  ]);
  expect(planDxUser(mapping, record({ Dept: null, Kept: 'j' }), listed).changes).toEqual([
    { attribute: 'Dept', action: 'remove', before: 'Sales', fallback: { value: null, source: 'none' } },
    { attribute: 'Kept', action: 'set', before: 'k', after: 'j' },
  ]);
  expect(planDxUser(mapping, record({ Dept: null, Kept: 'j' }), undefined).changes).toEqual([
    { attribute: 'Dept', action: 'unchanged' },
    { attribute: 'Kept', action: 'set', before: null, after: 'j' },
  ]);
});
