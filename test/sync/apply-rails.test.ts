// What apply refuses or reports on its own: DX users that do not exist, plans made against other
// services, and Looker ids that no longer belong to the plan's email.
import { describe, expect, test } from 'vitest';
import { mapping, syncOf } from '../support/sync/fixtures.js';
import { createMemoryWorld } from '../support/sync/memory-world.js';

const must = <T>(result: { ok: true; data: T } | { ok: false; error: { message: string } }): T => {
  if (!result.ok) throw new Error(result.error.message);
  return result.data;
};

describe('a DX write to an email DX has no user for', () => {
  const dxOnly = () => mapping({ email: 'Work Email', fields: { Team: { dx: 'Team' } } });
  const records = [{ 'Work Email': 'ana@acme.test', Team: 'Red' }, { 'Work Email': 'new@acme.test', Team: 'Red' }, { 'Work Email': 'bo@acme.test', Team: 'Red' }];
  const world = () => {
    const dx = createMemoryWorld();
    dx.addDxUser({ email: 'ana@acme.test' });
    dx.addDxUser({ email: 'bo@acme.test' });
    return dx;
  };

  test('fails with its own reason, no_dx_user', async () => {
    const services = world();
    const sync = syncOf(services, { mapping: dxOnly() });
    const report = must(await sync.apply(must(await sync.plan(records)), { dryRun: false }));
    expect(report.outcomes.map((o) => [o.email, o.outcome, o.reason])).toEqual([
      ['ana@acme.test', 'applied', undefined], ['new@acme.test', 'failed', 'no_dx_user'], ['bo@acme.test', 'applied', undefined],
    ]);
    expect(report.outcomes[1]?.error).toMatchObject({ kind: 'not_found', status: 404 });
    expect(report).toMatchObject({ applied: 2, failed: 1, skipped: 0 });
  });

  test('allowMissingDxUsers makes it a skip (still no_dx_user), and never hides another failure', async () => {
    const services = world();
    const sync = syncOf(services, { mapping: dxOnly(), maxRetries: 0 });
    const plan = must(await sync.plan(records));
    // ana's write meets a 500 (the lane does not retry here); new@ has no DX user; bo's lands.
    services.faults('dx').failNext(1, 500);
    const report = must(await sync.apply(plan, { dryRun: false, allowMissingDxUsers: true }));
    expect(report.outcomes.map((o) => [o.email, o.outcome, o.reason, o.error?.kind])).toEqual([
      ['ana@acme.test', 'failed', undefined, 'server'], ['new@acme.test', 'skipped', 'no_dx_user', 'not_found'], ['bo@acme.test', 'applied', undefined, undefined],
    ]);
    expect(report).toMatchObject({ applied: 1, failed: 1, skipped: 1 });
  });
});
