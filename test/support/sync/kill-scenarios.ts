// Runs that stop part-way, killed at seeded random points or aborted by the caller, then resumed
// with the same plan and journal: nothing lost, nothing done twice, the records' state reached.
import { describe, expect, test } from 'vitest';
import { identityCalls } from '../../../src/sync/reads/looker-ids.js';
import type { ApplyReport, SyncPlan, SyncProgress } from '../../../src/sync/index.js';
import { writes as isWrite } from '../../../src/sync/model/plan.js';
import { addAttributes, expectMatchesRecords, mortalJournal, population, prng, syncOf } from './fixtures.js';
import type { MakeWorld } from './world.js';

const SEEDS = Array.from({ length: 24 }, (_, i) => i + 1);

/** The write keys the plan should cause, each exactly once (as the world counts writes). */
function plannedWrites(plan: SyncPlan): string[] {
  return plan.users.flatMap((user) => [
    ...(user.looker?.changes ?? []).filter((c) => c.action === 'set' || c.action === 'remove').map((c) => `looker/${user.looker?.userId}/${c.attribute}`),
    ...(user.dx?.changes ?? []).filter((c) => c.action === 'set' || c.action === 'remove').map((c) => `dx/${user.email}/${c.attribute}`),
  ]);
}

/** Defines the scenarios; worlds without a killer skip the kill test. `users`: the population of each kill test. */
export function killScenarios(makeWorld: MakeWorld, { users = 25 }: { users?: number } = {}) {
  describe('resuming', () => {
    test.each(SEEDS)('killed at random points (seed %i), resumed to the same end', async (seed) => {
      const world = await makeWorld();
      const killer = world.killer;
      if (!killer) return;
      const attributes = addAttributes(world);
      const { records, ids } = population(world, attributes, users, seed);
      const plan = await syncOf(world).plan(records);
      if (!plan.ok) throw new Error(plan.error.message);
      const random = prng(seed * 7919);
      const lines: string[] = [];
      let final: ApplyReport | undefined;
      let deaths = 0;
      // Steps of a whole run: a call per read of the Looker ids, then an attempt line, a call and an
      // outcome line per write call. The forecast's login is made inside the client: no step of its own.
      const lookerWrites = plan.data.users.map((user) => user.looker?.changes.filter(isWrite).length ?? 0);
      const dxWriteCalls = plan.data.users.filter((user) => user.dx?.changes.some(isWrite)).length;
      const idReads = identityCalls(lookerWrites.filter((count) => count > 0).length);
      const steps = idReads + 3 * (lookerWrites.reduce((sum, count) => sum + count, 0) + dxWriteCalls);
      for (let run = 0; run < 30 && !final; run++) {
        // The first run always dies, later ones mostly; eventually one is left to finish.
        if (run === 0 || (run < 25 && random() < 0.6)) killer.arm(1 + Math.floor(random() * steps), random() < 0.5);
        else killer.disarm();
        // A fresh process: a new sync (its own lanes), the journal as the dead one left it.
        const result = await syncOf(world).apply(plan.data, { journal: mortalJournal(world, lines), dryRun: false, maxRemovals: 1000 });
        if (killer.dead) {
          deaths++;
          expect(result).toMatchObject({ ok: false, error: { kind: 'journal_failed' } });
          killer.disarm();
          continue;
        }
        if (!result.ok) throw new Error(result.error.message);
        final = result.data;
      }
      expect(final).toBeDefined();
      const report = final as ApplyReport;
      expect(deaths).toBeGreaterThan(0);
      expect(report).toMatchObject({ failed: 0, conflict: 0, skipped: 0, applied: report.planned, aborted: false });
      expect(report.outcomes).toHaveLength(plannedWrites(plan.data).length);
      const writes = world.writes();
      expect([...writes.keys()].sort()).toEqual(plannedWrites(plan.data).sort());
      expect([...writes.values()].every((count) => count === 1)).toBe(true);
      expectMatchesRecords(world, attributes, records, ids);
    });

    test('an aborted run reports what it did not reach, and a resume finishes it', async () => {
      const world = await makeWorld();
      const attributes = addAttributes(world);
      const { records, ids } = population(world, attributes, users + 5, 99);
      const plan = await syncOf(world).plan(records);
      if (!plan.ok) throw new Error(plan.error.message);
      const lines: string[] = [];
      const controller = new AbortController();
      const progress: SyncProgress[] = [];
      const first = await syncOf(world).apply(plan.data, {
        journal: mortalJournal(world, lines),
        dryRun: false,
        maxRemovals: 1000,
        signal: controller.signal,
        onProgress: (p) => {
          if (progress.push(p) === 10) controller.abort(new Error('stop'));
        },
      });
      if (!first.ok) throw new Error(first.error.message);
      expect(first.data.aborted).toBe(true);
      const notReached = first.data.outcomes.filter((o) => o.reason === 'aborted');
      expect(notReached.length).toBeGreaterThan(0);
      expect(first.data.applied + notReached.length).toBe(first.data.planned);
      // Progress after the abort is exact: the changes it cut off or never reached are not done.
      const done = (service: 'looker' | 'dx') => first.data.outcomes.filter((o) => o.service === service && o.outcome === 'applied').length;
      for (const service of ['looker', 'dx'] as const)
        expect(progress.findLast((p) => p.service === service)?.done ?? 0).toBe(done(service));
      const second = await syncOf(world).apply(plan.data, { journal: mortalJournal(world, lines), dryRun: false, maxRemovals: 1000 });
      if (!second.ok) throw new Error(second.error.message);
      expect(second.data).toMatchObject({ applied: second.data.planned, resumed: first.data.applied, aborted: false });
      expect([...world.writes().values()].every((count) => count === 1)).toBe(true);
      expectMatchesRecords(world, attributes, records, ids);
    });
  });
}
