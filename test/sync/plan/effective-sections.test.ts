// The plan's effective-value sections over the Looker listing: every user counted, own values where read, widening warned.
import { expect, test } from 'vitest';
import { effectiveSections, type LayerChange } from '../../../src/sync/plan/effective-sections.js';
import type { LookerDirectory } from '../../../src/sync/plan/looker-directory.js';

const sales = Object.freeze(['10']);
const directory: LookerDirectory = {
  byEmail: new Map<string, string | readonly string[]>([['jo@acme.test', '1'], ['al@acme.test', '2'], ['twins@acme.test', ['3', '4']]]),
  disabled: new Set(),
  groupsOf: new Map([[1, sales], [2, sales], [3, sales], [5, sales]]),
  withoutEmail: ['5'],
  pages: 1,
};
const region: LayerChange = {
  attribute: 'region',
  before: { type: 'advanced_filter_string', defaultValue: '%', hidden: false, groupValues: [{ groupId: '10', value: 'EMEA' }] },
  after: { type: 'advanced_filter_string', defaultValue: '%', hidden: false, groupValues: [] },
};

test('counts every listed member, users sharing an email and users without one included; a read own value keeps its user out', () => {
  const own = new Map([['region', new Map([['1', { own: 'APAC' }], ['2', { own: null }]])]]);
  const { sections, warnings } = effectiveSections(directory, [region], own);
  expect(sections).toHaveLength(1);
  expect(sections[0]).toMatchObject({ attribute: 'region', count: 3, upperBound: true, widens: true });
  expect(sections[0]?.changes.map((c) => [c.userId, c.email, c.ownValueUnread])).toEqual([
    ['2', 'al@acme.test', undefined], ['3', 'twins@acme.test', true], ['5', undefined, true],
  ]);
  expect(warnings).toEqual([{
    service: 'looker', attribute: 'region', kind: 'widens_access',
    message: 'the change gives 3 users at most a broader value of region than before (al@acme.test: "EMEA" → "%"): under row-level access filters they may see more',
  }]);
});

test('a user whose own value the plan removes falls to the new layers; no widening, no warning', () => {
  const narrower: LayerChange = { ...region, after: { ...region.after, defaultValue: 'NONE' } };
  const own = new Map([['region', new Map([['1', { own: 'APAC', after: null }], ['2', { own: null }], ['3', { own: null }], ['5', { own: null }]])]]);
  const { sections, warnings } = effectiveSections(directory, [narrower], own);
  // User 4 (no group, own value not read) falls from "%" to "NONE" too, counted as at most.
  expect(sections[0]).toMatchObject({ count: 5, upperBound: true, widens: false });
  expect(sections[0]?.changes[0]).toMatchObject({ userId: '1', before: { value: 'APAC', source: 'user' }, after: { value: 'NONE', source: 'default' } });
  expect(warnings).toEqual([]);
});
