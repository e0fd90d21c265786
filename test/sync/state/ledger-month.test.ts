// The library's state around plan and apply, on the kit's models with the sync's clock moved
// (runtime.now): a plan on January 31st and its apply on February 1st each booked in their month,
// every request counted (retries of 429s included), the snapshot leaving the next plan incremental.
import { expect, test } from 'vitest';
import { createSync } from '../../../src/sync/create-sync.js';
import { afterApply, afterPlan, fullCheckDue } from '../../../src/sync/model/state-update.js';
import { holdState } from '../../../src/sync/state/held-state.js';
import { createMemoryState } from '../../../src/sync/state/memory-state.js';
import { mapping } from '../../support/sync/fixtures.js';
import { createMemoryWorld } from '../../support/sync/memory-world.js';

const total = (calls: Record<string, number>) => Object.values(calls).reduce((sum, n) => sum + n, 0);

test('a plan on January 31st and its apply on February 1st: each month books its own requests, retries included', async () => {
  const world = createMemoryWorld();
  const department = world.addAttribute({ name: 'department' });
  const ana = world.addLookerUser({ email: 'ana@acme.test' });
  world.addLookerUser({ email: 'bo@acme.test' });
  let shift = Date.parse('2026-01-31T23:50:00Z') - world.runtime.now();
  const now = () => world.runtime.now() + shift;
  const sync = createSync({
    looker: world.looker, mapping: mapping({ email: 'email', fields: { Department: { looker: 'department' } } }), runtime: { ...world.runtime, now },
  });
  const state = createMemoryState();
  const key = { desiredState: 'mapping.json', services: { looker: world.looker.baseUrl, dx: null } };
  const records = [{ email: 'ana@acme.test', Department: 'Sales' }, { email: 'bo@acme.test', Department: 'Support' }];

  const held = await holdState(state, key);
  if (!held.ok) throw new Error(held.error.message);
  expect(fullCheckDue(held.data.document, now()).full).toBe(true);
  world.faults('looker').rateLimitNext(2);
  const plan = await sync.plan(records);
  if (!plan.ok) throw new Error(plan.error.message);
  const planCalls = sync.callsUsed;
  expect(planCalls.looker).toBe(total(world.calls('looker')));
  await held.data.save(afterPlan(held.data.document, plan.data, planCalls, now()));

  shift += 20 * 60 * 1000; // 00:10 on February 1st
  world.faults('looker').rateLimitNext(1);
  const report = await sync.apply(plan.data, { dryRun: false, journal: state.journal(plan.data.id) });
  if (!report.ok) throw new Error(report.error.message);
  const applyCalls = { looker: sync.callsUsed.looker - planCalls.looker, dx: 0 };
  expect(sync.callsUsed.looker).toBe(total(world.calls('looker')));
  const next = afterApply(held.data.document, plan.data, { report: report.data, calls: applyCalls, now: now() });
  await held.data.save(next.document, next.prune);
  await held.data.release();

  expect(report.data).toMatchObject({ applied: 2, failed: 0 });
  expect(state.document?.ledger).toEqual({ '2026-01': { looker: planCalls.looker, dx: 0 }, '2026-02': { looker: applyCalls.looker, dx: 0 } });
  // Two 429s in the plan and one in the apply, each a request of its own.
  expect(planCalls.looker).toBeGreaterThanOrEqual(2 + 3);
  expect(world.lookerOwnValue(ana, department)).toBe('Sales');
  expect(state.document?.snapshot.digests).toHaveLength(2);
  expect(state.journals.get(plan.data.id)?.lines.length).toBeGreaterThan(0);

  // The next night is incremental: both records are in place, so nothing is read for them.
  const again = await holdState(state, key);
  if (!again.ok) throw new Error(again.error.message);
  const decision = fullCheckDue(again.data.document, now());
  expect(decision.full).toBe(false);
  const incremental = await sync.plan(records, { previous: again.data.document.snapshot });
  expect(incremental).toMatchObject({ ok: true, data: { incremental: true, summary: { skippedUnchanged: 2, set: 0 } } });
  await again.data.release();
});
