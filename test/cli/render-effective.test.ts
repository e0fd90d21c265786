// The plan's effective values: a sample and a count at a terminal, every user in the JSON lines.
import { expect, test } from 'vitest';
import { planEvents } from '../../src/cli/render-json.js';
import { renderPlan } from '../../src/cli/render-plan.js';
import { painter } from '../../src/cli/terminal-text.js';
import type { EffectiveSection, SyncPlan } from '../../src/cli/sync.js';
import { planWithChanges } from '../support/cli/fixtures.js';

const changes = Array.from({ length: 7 }, (_, i) => ({
  userId: String(i + 1),
  ...(i < 6 && { email: `u${i}@acme.test` }),
  before: { value: 'EMEA', source: 'group', groupId: '10' },
  after: { value: '%', source: 'default' },
  widens: true,
  ...(i === 0 && { ownValueUnread: true }),
})) as EffectiveSection['changes'];
const region: EffectiveSection = { attribute: 'region', count: 7, changes, upperBound: true, widens: true, valuesHidden: false };
const plan: SyncPlan = { ...planWithChanges, effective: [region, { ...region, attribute: 'secret', count: 1, changes: changes.slice(6), upperBound: false, widens: false, valuesHidden: true }] };

test('a terminal shows each attribute\'s count, five users before → after, and how many more', () => {
  const text = renderPlan(plan, painter(false));
  expect(text).toContain([
    'Effective values (definitions and group values changed):',
    '  region: 7 users at most (some own values were not read) resolve to another value — widens access',
    '    ! u0@acme.test: "EMEA" (group 10) → "%" (default)',
    '    ! u1@acme.test: "EMEA" (group 10) → "%" (default)',
    '    ! u2@acme.test: "EMEA" (group 10) → "%" (default)',
    '    ! u3@acme.test: "EMEA" (group 10) → "%" (default)',
    '    ! u4@acme.test: "EMEA" (group 10) → "%" (default)',
    '    … and 2 more (every one with --json)',
    '  secret: 1 user resolves to another value',
    '    ! user 7: hidden (group 10) → hidden (default)',
    '',
    'Warnings:',
  ].join('\n'));
  expect(renderPlan(planWithChanges, painter(false))).not.toContain('Effective values');
});

test('the JSON lines carry one "effective" event per attribute with every user', () => {
  const events = planEvents(plan, undefined).filter((event) => event.type === 'effective');
  expect(events).toEqual([{ type: 'effective', ...region }, expect.objectContaining({ type: 'effective', attribute: 'secret', count: 1 })]);
  expect((events[0] as unknown as EffectiveSection).changes).toHaveLength(7);
});
