// The removal cap as a number or a percentage of the managed values: checked as an option, worked
// out against the plan (records left out by a snapshot counted), refused with the figures.
import { expect, test } from 'vitest';
import { overRemovalCap, removalCapProblem } from '../../../src/sync/apply/removal-cap.js';
import { managedValues } from '../../../src/sync/model/managed-values.js';
import type { SyncPlan } from '../../../src/sync/model/plan.js';
import { planWithChanges } from '../../support/cli/fixtures.js';

test('managed values: the values compared, and per record a snapshot left out, the attributes mapped in the services planned', () => {
  // 2 set + 1 remove + 2 unchanged; 3 Looker + 1 DX attributes.
  expect(managedValues(planWithChanges)).toBe(5);
  const incremental = { ...planWithChanges, summary: { ...planWithChanges.summary, skippedUnchanged: 10 } } as SyncPlan;
  expect(managedValues(incremental)).toBe(5 + 10 * 4);
  const lookerOnly = { ...incremental, services: { ...incremental.services, dx: { status: 'skipped', reason: 'no DX client was given' } } } as SyncPlan;
  expect(managedValues(lookerOnly)).toBe(5 + 10 * 3);
});

test('a cap is a whole number, { percent } or "P%", from 0 to 100 percent', () => {
  for (const cap of [0, 10, '2%', '0.5%', '100%', { percent: 2 }, { percent: 0 }]) expect(removalCapProblem(cap)).toBeUndefined();
  for (const cap of [-1, 1.5, '2', '101%', '%', ' 2%', { percent: 101 }, { percent: '2' }, { percent: 2, extra: 1 }, null, Number.NaN])
    expect(removalCapProblem(cap)).toMatch(/must be a whole number, \{ percent \} or a percentage/);
});

test('a percentage allows that share of the managed values, rounded down, and its refusal says so', () => {
  const incremental = { ...planWithChanges, summary: { ...planWithChanges.summary, skippedUnchanged: 95 } } as SyncPlan; // 5 + 380 = 385
  expect(overRemovalCap('2%', 7, incremental)).toBeUndefined();
  expect(overRemovalCap({ percent: 2 }, 8, incremental)).toEqual({
    kind: 'too_many_removals', removals: 8, maxRemovals: 7, percent: 2, managedValues: 385,
    message: 'the plan removes 8 values, more than maxRemovals 2% of the 385 values it manages (7): nothing was written',
  });
  // 2% of 5 values allows none.
  expect(overRemovalCap('2%', 1, planWithChanges)).toMatchObject({ maxRemovals: 0 });
  expect(overRemovalCap(3, 3, planWithChanges)).toBeUndefined();
  expect(overRemovalCap(3, 4, planWithChanges)).toEqual({
    kind: 'too_many_removals', removals: 4, maxRemovals: 3, message: 'the plan removes 4 values, more than maxRemovals (3): nothing was written',
  });
});
