// plan's onProgress: reads done, reads left once they can be known, calls used (retries too), pace.
import { expect, expectTypeOf, test } from 'vitest';
import { createSync, type PlanOptions, type PlanProgress, type SyncRecord } from '../../../src/sync/index.js';
import { addAttributes, mapping, syncOf } from '../../support/sync/fixtures.js';
import { createMemoryWorld } from '../../support/sync/memory-world.js';

/**
 * 600 Looker users (two pages of 500, listed as told) and 150 DX users (two pages of 100); records for 5 of them, one
 * stranger and one unusable record. Every mapped field is in the records (an empty Level keeps the
 * value): a field no record has would be refused before any read.
 */
function world() {
  const w = createMemoryWorld();
  addAttributes(w);
  for (let i = 0; i < 600; i++) w.addLookerUser({ email: `u${i}@acme.test` });
  for (let i = 0; i < 150; i++) w.addDxUser({ email: `u${i}@acme.test`, attributes: { Team: 'x' } });
  const records: SyncRecord[] = [
    ...Array.from({ length: 5 }, (_, i) => ({ 'Work Email': `u${i}@acme.test`, Department: 'Ops', Region: 'EMEA', Level: '', 'Cost Centre': 'CC-1' })),
    { 'Work Email': 'stranger@acme.test', Department: 'Ops' },
    { 'Work Email': 'not an email' },
  ];
  return { w, records };
}

const total = (calls: Record<string, number>) => Object.values(calls).reduce((sum, n) => sum + n, 0);

test('reads left are unknown while listing, then one at most per record left; at the end every read is counted and none is left', async () => {
  const { w, records } = world();
  // Two 429s on the listing: calls used count them, reads done do not.
  w.faults('looker').rateLimitNext(2, 500);
  const seen: PlanProgress[] = [];
  const plan = await syncOf(w).plan(records, { lookerUsers: 'listing', onProgress: (p) => seen.push(p) });
  expect(plan.ok).toBe(true);
  const looker = w.calls('looker');
  // 1 attribute listing + 2 user pages + 2 DX pages + 5 users' values; the stranger and the bad record need none.
  // The identity providers' three configs are calls, not reads of users or listings.
  expect(seen.at(-1)).toEqual({ readsDone: 10, readsToDo: 0, callsUsed: { looker: total(looker), dx: total(w.calls('dx')) }, ratePerSecond: expect.any(Number) });
  expect(total(looker)).toBe(1 + 2 + 5 + 2 + 3);
  expect(looker).toMatchObject({ saml_config: 1, oidc_config: 1, ldap_config: 1 });
  expect(seen.at(-1)?.ratePerSecond).toBeGreaterThan(0);
  // While the listings are read (5 reads), nothing says how many pages remain.
  const listing = seen.filter((p) => p.readsToDo === null);
  expect(listing.map((p) => p.readsDone)).toEqual([1, 2, 3, 4, 5]);
  // Then the records: at most one read each, and never more left than before.
  const known = seen.filter((p) => p.readsToDo !== null).map((p) => p.readsToDo as number);
  expect(known[0]).toBe(records.length);
  expect(known.every((left, i) => i === 0 || left <= (known[i - 1] as number))).toBe(true);
  // Done + left never grows: a bar's total only shrinks, as records turn out to need no read.
  const totals = seen.filter((p) => p.readsToDo !== null).map((p) => p.readsDone + (p.readsToDo as number));
  expect(totals[0]).toBe(5 + records.length);
  expect(totals.every((sum, i) => i === 0 || sum <= (totals[i - 1] as number))).toBe(true);
  expect(totals.at(-1)).toBe(10);
  expect(seen.every((p, i) => i === 0 || p.readsDone >= (seen[i - 1] as PlanProgress).readsDone)).toBe(true);
});

test('records from an async iterable: the reads left stay unknown until the plan is made', async () => {
  const { w, records } = world();
  async function* stream() {
    yield* records;
  }
  const seen: PlanProgress[] = [];
  expect((await syncOf(w).plan(stream(), { lookerUsers: 'listing', onProgress: (p) => seen.push(p) })).ok).toBe(true);
  expect(seen.slice(0, -1).every((p) => p.readsToDo === null)).toBe(true);
  expect(seen.at(-1)).toMatchObject({ readsDone: 10, readsToDo: 0 });
});

test('DX alone reads no user after its listing: nothing is left once it is read', async () => {
  const { w, records } = world();
  const seen: PlanProgress[] = [];
  const dxOnly = createSync({ dx: w.dx, mapping: mapping(), runtime: w.runtime });
  expect((await dxOnly.plan(records, { onProgress: (p) => seen.push(p) })).ok).toBe(true);
  expect(seen.map((p) => [p.readsDone, p.readsToDo]).slice(0, 3)).toEqual([[1, null], [2, null], [2, 0]]);
  expect(seen.at(-1)).toMatchObject({ readsDone: 2, readsToDo: 0, callsUsed: { looker: 0, dx: 2 } });
});

test('an aborted plan reports no read it did not send', async () => {
  const { w, records } = world();
  const seen: PlanProgress[] = [];
  const controller = new AbortController();
  const result = await syncOf(w).plan(records, {
    signal: controller.signal,
    onProgress: (p) => {
      seen.push(p);
      if (p.readsDone === 2) controller.abort();
    },
  });
  expect(result).toMatchObject({ ok: false, error: { kind: 'aborted' } });
  expect(seen.at(-1)?.readsDone).toBe(total(w.calls('looker')) + total(w.calls('dx')));
  expect(seen.at(-1)?.readsDone).toBeLessThan(10);
});

test('the types: reads left is a number or null, never undefined', () => {
  expectTypeOf<PlanOptions['onProgress']>().toEqualTypeOf<((progress: PlanProgress) => void) | undefined>();
  expectTypeOf<PlanProgress['readsToDo']>().toEqualTypeOf<number | null>();
  expectTypeOf<PlanProgress['callsUsed']>().toEqualTypeOf<{ readonly looker: number; readonly dx: number }>();
});
