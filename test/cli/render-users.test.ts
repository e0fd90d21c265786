// How a plan found the Looker users, in the terminal's plan and in the JSON "plan" event.
import { expect, test } from 'vitest';
import { planEvents } from '../../src/cli/render-json.js';
import { renderPlan } from '../../src/cli/render-plan.js';
import type { SyncPlan } from '../../src/cli/sync.js';
import { painter } from '../../src/cli/terminal-text.js';
import { planWithoutChanges } from '../support/cli/fixtures.js';

const lookups = { method: 'lookups', reason: 'Looker has at least 5,000 users: listing them takes at least 11 calls, more than 10 lookups', calls: 10, probes: 1 } as const;

function withUsers(plan: SyncPlan, users: typeof lookups): SyncPlan {
  const looker = plan.services.looker;
  if (looker.status !== 'planned') throw new Error('the fixture plans Looker');
  return { ...plan, services: { ...plan.services, looker: { ...looker, users } } };
}

test('the terminal plan says how the Looker users were found and why, before the summary', () => {
  const text = renderPlan(withUsers(planWithoutChanges, lookups), painter(false)).trimEnd().split('\n');
  expect(text.at(-2)).toBe('Looker users: 10 lookups (Looker has at least 5,000 users: listing them takes at least 11 calls, more than 10 lookups).');
  const listed = renderPlan(withUsers(planWithoutChanges, { ...lookups, method: 'listing', calls: 3, reason: 'asked for' } as never), painter(false));
  expect(listed).toContain('Looker users: listed in 3 calls (asked for).\n');
});

test('a plan without the field (made before it existed) prints no such line', () => {
  expect(renderPlan(planWithoutChanges, painter(false))).not.toContain('Looker users:');
});

test('the JSON "plan" event carries the way in its Looker service', () => {
  const event = planEvents(withUsers(planWithoutChanges, lookups), undefined).at(-1);
  expect(event).toMatchObject({ type: 'plan', services: { looker: { status: 'planned', users: lookups } } });
});
