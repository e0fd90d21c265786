// A plan reads Looker and DX at once, each in its own lane: DX's listing never waits for Looker's
// reads, even when Looker is held back. Asserted on the order of the calls, not on times.
import { expect, test } from 'vitest';
import { createSync, type SyncRecord } from '../../../src/sync/index.js';
import type { SyncService } from '../../../src/sync/model/ports.js';
import { addAttributes, mapping } from '../../support/sync/fixtures.js';
import { createMemoryWorld } from '../../support/sync/memory-world.js';

/** `port` with every call logged, as `service operation`, in the order it was made. */
function logged<T extends object>(port: T, service: SyncService, log: string[]): T {
  return new Proxy(port, {
    get(target, key, receiver) {
      const member: unknown = Reflect.get(target, key, receiver);
      if (typeof member !== 'function') return member;
      return (...args: unknown[]) => {
        log.push(`${service} ${String(key)}`);
        return Reflect.apply(member, target, args) as unknown;
      };
    },
  });
}

function world() {
  const w = createMemoryWorld();
  addAttributes(w);
  // Four pages of Looker users, three of DX users.
  for (let i = 0; i < 1600; i++) w.addLookerUser({ email: `u${i}@acme.test` });
  for (let i = 0; i < 250; i++) w.addDxUser({ email: `u${i}@acme.test`, attributes: { Department: 'Ops' } });
  const records: SyncRecord[] = Array.from({ length: 3 }, (_, i) => ({ 'Work Email': `u${i}@acme.test`, Department: 'Ops', Region: 'EMEA', Level: '', 'Cost Centre': 'CC-1' }));
  const log: string[] = [];
  const sync = createSync({
    looker: logged(w.looker, 'looker', log),
    dx: logged(w.dx, 'dx', log),
    mapping: mapping(),
    runtime: w.runtime,
    rateLimit: { looker: { requests: 50, perMs: 1000, maxConcurrency: 4 }, dx: { requests: 1000, perMs: 60_000, maxConcurrency: 8 } },
  });
  return { w, records, log, sync };
}

const positions = (log: readonly string[], entry: string) => log.flatMap((line, i) => (line === entry ? [i] : []));

test('the DX listing starts with the plan, before Looker\'s users are read, and the two interleave', async () => {
  const { records, log, sync } = world();
  const plan = await sync.plan(records, { lookerUsers: 'listing' });
  expect(plan.ok).toBe(true);
  const dxPages = positions(log, 'dx listUsersPage');
  const lookerPages = positions(log, 'looker allUsers');
  expect([dxPages.length, lookerPages.length]).toEqual([3, 4]);
  // Sequential reads would put every DX page after the last Looker read (or every Looker read after the last DX page).
  expect(log.slice(0, 2).sort()).toEqual(['dx listUsersPage', 'looker allUserAttributes']);
  expect(dxPages[0]).toBeLessThan(lookerPages[0] as number);
  expect(lookerPages.some((at) => at > (dxPages[0] as number) && at < (dxPages.at(-1) as number))).toBe(true);
});

test('Looker held back by 429s: the whole DX listing is read meanwhile', async () => {
  const { w, records, log, sync } = world();
  // Looker's first three answers are 429s asking for 10 s each: its lane pauses, DX's does not.
  w.faults('looker').rateLimitNext(3, 10_000);
  const plan = await sync.plan(records, { lookerUsers: 'listing' });
  expect(plan.ok).toBe(true);
  const dxPages = positions(log, 'dx listUsersPage');
  const lookerPages = positions(log, 'looker allUsers');
  expect(dxPages).toHaveLength(3);
  // Every DX page was asked for before Looker's attribute listing got through and its users were paged.
  expect(dxPages.at(-1)).toBeLessThan(lookerPages[0] as number);
  expect(w.calls('looker')).toMatchObject({ all_user_attributes: 4, all_users: 4 });
});
