// Runs ended by apply's `stop` while writes are in flight, then resumed with the same plan and
// journal: the writes in flight finish and are journaled, nothing new starts, progress stays
// exact, every outcome is streamed, and the resume does the rest once, re-checking nothing.
import { describe, expect, test } from 'vitest';
import { parseJournal, type ApplyOutcome, type Journal, type SyncDx, type SyncLooker, type SyncProgress } from '../../../src/sync/index.js';
import { addAttributes, expectMatchesRecords, mortalJournal, population, syncOf } from './fixtures.js';
import type { MakeWorld, SyncWorld } from './world.js';

/**
 * The world's ports, with every write held back until `holdAt` of them wait at once: then `stop`
 * aborts and they are let go. Counts the writes that reached the ports before and after the stop.
 */
function holdingPorts(world: SyncWorld, stop: AbortController, holdAt: number) {
  const sent = { beforeStop: 0, afterStop: 0 };
  const waiting: (() => void)[] = [];
  const hold = <A extends unknown[], R>(call: (...args: A) => Promise<R>) => async (...args: A): Promise<R> => {
    if (stop.signal.aborted) {
      sent.afterStop++;
      return call(...args);
    }
    sent.beforeStop++;
    await new Promise<void>((resolve) => {
      waiting.push(resolve);
      if (waiting.length < holdAt) return;
      stop.abort();
      for (const release of waiting.splice(0)) release();
    });
    return call(...args);
  };
  const { looker, dx } = world;
  const heldLooker: SyncLooker = {
    ...looker,
    setUserAttributeUserValue: hold((input, options) => looker.setUserAttributeUserValue(input, options)),
    deleteUserAttributeUserValue: hold((input, options) => looker.deleteUserAttributeUserValue(input, options)),
  };
  const heldDx: SyncDx = { ...dx, updateUserAttributes: hold((input, options) => dx.updateUserAttributes(input, options)) };
  return { sent, world: { ...world, looker: heldLooker, dx: heldDx } as SyncWorld };
}

/** A journal that counts the attempt lines begun after `stop` aborted. */
function watched(journal: Journal, stop: AbortSignal) {
  const attempts = { afterStop: 0 };
  return {
    attempts,
    journal: {
      read: () => journal.read(),
      append: (lines) => {
        if (stop.aborted) attempts.afterStop += lines.filter((line) => line.type === 'attempt').length;
        return journal.append(lines);
      },
    } satisfies Journal,
  };
}

const writeCalls = (world: SyncWorld) => {
  const looker = world.calls('looker');
  const dx = world.calls('dx');
  return {
    looker: (looker.set_user_attribute_user_value ?? 0) + (looker.delete_user_attribute_user_value ?? 0),
    lookerReads: looker.user_attribute_user_values ?? 0,
    dx: dx['users.attributes.update'] ?? 0,
    dxReads: dx['users.list'] ?? 0,
  };
};

/** Defines the scenarios; `users`: the population of each test. */
export function stopScenarios(makeWorld: MakeWorld, { users = 25 }: { users?: number } = {}) {
  describe('stopping', () => {
    test('stop: the writes in flight finish and are journaled as applied, nothing new starts, progress is exact; a resume does the rest once', async () => {
      const world = await makeWorld();
      const attributes = addAttributes(world);
      const { records, ids } = population(world, attributes, users, 42);
      const planned = await syncOf(world).plan(records);
      if (!planned.ok) throw new Error(planned.error.message);
      const plan = planned.data;
      const stop = new AbortController();
      const held = holdingPorts(world, stop, 3);
      const lines: string[] = [];
      const { journal, attempts } = watched(mortalJournal(world, lines), stop.signal);
      const progress: SyncProgress[] = [];
      const streamed: ApplyOutcome[] = [];
      const result = await syncOf(held.world).apply(plan, {
        journal, dryRun: false, maxRemovals: 1000, stop: stop.signal,
        onProgress: (p) => progress.push(p),
        onOutcome: (o) => streamed.push(o),
      });
      if (!result.ok) throw new Error(result.error.message);
      const first = result.data;
      expect(first).toMatchObject({ stopped: true, aborted: false, failed: 0, conflict: 0 });
      // Three writes were in flight at the stop; all finished, landed once, and are reported applied.
      expect(held.sent.beforeStop).toBe(3);
      expect(first.applied).toBeGreaterThan(0);
      expect(first.applied).toBeLessThan(first.planned);
      expect(world.writes().size).toBe(first.applied);
      expect(first.outcomes.filter((o) => o.outcome !== 'applied').every((o) => o.outcome === 'skipped' && o.reason === 'stopped')).toBe(true);
      // The journal: an applied outcome for every attempt, so nothing is in doubt.
      const entries = parseJournal(lines.map((line) => `${line}\n`).join(''));
      const attempted = entries.flatMap((l) => (l.type === 'attempt' ? l.attributes.map((a) => `${l.service} ${l.email} ${a}`) : []));
      const applied = entries.flatMap((l) => (l.type === 'outcome' && l.outcome === 'applied' ? [`${l.service} ${l.email} ${l.attribute}`] : []));
      expect(attempted.sort()).toEqual(applied.sort());
      expect(applied).toHaveLength(first.applied);
      // Nothing new after the stop: no attempt begun, and each write sent belongs to an attempt begun before.
      expect(attempts.afterStop).toBe(0);
      expect(held.sent.beforeStop + held.sent.afterStop).toBe(entries.filter((l) => l.type === 'attempt').length);
      // Progress after the stop is exact: done counts the applied changes only, the rest remain.
      for (const service of ['looker', 'dx'] as const) {
        const mine = first.outcomes.filter((o) => o.service === service);
        const done = mine.filter((o) => o.outcome === 'applied').length;
        const last = progress.findLast((p) => p.service === service);
        if (done === 0) expect(last).toBeUndefined();
        else expect(last).toMatchObject({ done, failed: 0, remaining: mine.length - done });
        expect(progress.filter((p) => p.service === service).every((p) => p.done <= done)).toBe(true);
      }
      // Every planned change was streamed once, as the very object the report holds.
      expect(streamed).toHaveLength(first.planned);
      expect(first.outcomes.every((o) => streamed.includes(o))).toBe(true);

      const before = writeCalls(world);
      const resumed = await syncOf(world).apply(plan, { journal: mortalJournal(world, lines), dryRun: false, maxRemovals: 1000 });
      if (!resumed.ok) throw new Error(resumed.error.message);
      expect(resumed.data).toMatchObject({ applied: resumed.data.planned, resumed: first.applied, stopped: false, aborted: false, failed: 0 });
      // The call meter: no re-check read, and only the writes the stopped run did not reach.
      const after = writeCalls(world);
      const left = first.outcomes.filter((o) => o.outcome !== 'applied');
      expect([after.lookerReads - before.lookerReads, after.dxReads - before.dxReads]).toEqual([0, 0]);
      expect(after.looker - before.looker).toBe(left.filter((o) => o.service === 'looker').length);
      expect(after.dx - before.dx).toBe(new Set(left.filter((o) => o.service === 'dx').map((o) => o.email)).size);
      expect(world.writes().size).toBe(resumed.data.planned);
      expect([...world.writes().values()].every((count) => count === 1)).toBe(true);
      expectMatchesRecords(world, attributes, records, ids);
    });

    test('a stop before the run sends nothing, journals nothing and counts nothing as done', async () => {
      const world = await makeWorld();
      const attributes = addAttributes(world);
      const { records } = population(world, attributes, 5, 7);
      const plan = await syncOf(world).plan(records);
      if (!plan.ok) throw new Error(plan.error.message);
      const lines: string[] = [];
      const progress: SyncProgress[] = [];
      const streamed: ApplyOutcome[] = [];
      const before = writeCalls(world);
      const result = await syncOf(world).apply(plan.data, {
        journal: mortalJournal(world, lines), dryRun: false, maxRemovals: 1000, stop: AbortSignal.abort(),
        onProgress: (p) => progress.push(p), onOutcome: (o) => streamed.push(o),
      });
      if (!result.ok) throw new Error(result.error.message);
      const { planned } = result.data;
      expect(result.data).toMatchObject({ stopped: true, aborted: false, applied: 0, skipped: planned, callsUsed: { looker: 0, dx: 0 } });
      expect(result.data.outcomes.every((o) => o.reason === 'stopped')).toBe(true);
      expect(streamed).toEqual(result.data.outcomes);
      expect([lines, progress]).toEqual([[], []]);
      expect(writeCalls(world)).toEqual(before);
    });
  });
}
