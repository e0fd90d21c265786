// The revert plan as a terminal shows it, and a partial plan's line: fixed plans, exact text.
import { expect, test } from 'vitest';
import { partialLine, renderPlan } from '../../src/cli/render-plan.js';
import { renderRevert, revertEvents } from '../../src/cli/render-revert.js';
import { painter } from '../../src/cli/terminal-text.js';
import type { JournalLine } from '../../src/sync/model/journal.js';
import { revertPlan } from '../../src/sync/revert/revert-plan.js';
import { planWithChanges } from '../support/cli/fixtures.js';

const noColour = painter(false);
const at = '2026-01-01T00:00:00.000Z';
const line = (service: 'looker' | 'dx', attribute: string, outcome: 'applied' | 'failed'): JournalLine =>
  ({ v: 1, plan: planWithChanges.id, type: 'outcome', service, email: 'jo@acme.test', attribute, outcome, at });

test('the revert plan: its changes as a plan, what is not reverted, and how to apply it', () => {
  const revert = revertPlan(planWithChanges, [line('looker', 'department', 'applied'), line('looker', 'region', 'failed'), line('dx', 'Department', 'applied')], {
    id: 'r', createdAt: at,
  });
  if (!revert.ok) throw new Error(revert.error.message);
  expect(renderRevert(revert.data, 'revert.json', noColour)).toBe(`Revert of plan ${planWithChanges.id}:

jo@acme.test
  ~ Looker department: "Marketing" → "Sales"
  - DX Department: "Marketing" removed, falls back to no value from none

Plan: 1 to set, 1 to remove, 0 unchanged; calls to make: Looker 4, DX 2.

Not reverted (1):
  ! jo@acme.test Looker region: not applied by that run, so it replaced nothing (failed)

Saved the revert plan to revert.json. Apply it as any plan (each value is read again first): user-attributes-sdk apply revert.json
`);
  const events = revertEvents(revert.data, undefined);
  expect(events.map((event) => event.type)).toEqual(['change', 'change', 'not_reverted', 'plan']);
  expect(events.at(-1)).toMatchObject({ type: 'plan', revertOf: planWithChanges.id, saved: null });
});

test('a Looker removal of a revert falls back to what the user had before the apply', () => {
  const revert = revertPlan({ ...planWithChanges, users: [{ email: 'jo@acme.test', looker: { userId: '7', changes: [
    { attribute: 'department', action: 'set', before: null, after: 'Sales' },
  ] } }] }, [line('looker', 'department', 'applied')], { id: 'r', createdAt: at });
  expect(revert.ok && renderPlan(revert.data, noColour)).toContain('- Looker department: "Sales" removed, falls back to what they had before the apply');
});

test('a partial plan says whom it planned and what it left out', () => {
  expect(partialLine({ targets: ['a@x.test', 'b@x.test'], unmatched: ['b@x.test'], notTargeted: 40 }, noColour))
    .toBe('Partial plan: only 2 people targeted; 40 records of others not planned. No record names b@x.test.');
});
