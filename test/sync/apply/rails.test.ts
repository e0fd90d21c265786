// What apply refuses or reports on its own: DX users that do not exist, plans made against other
// services, and Looker ids that no longer belong to the plan's email.
import { describe, expect, test } from 'vitest';
import { mapping, syncOf } from '../../support/sync/fixtures.js';
import { createMemoryWorld } from '../../support/sync/memory-world.js';

const must = <T>(result: { ok: true; data: T } | { ok: false; error: { message: string } }): T => {
  if (!result.ok) throw new Error(result.error.message);
  return result.data;
};

describe('a DX write to an email DX has no user for', () => {
  const dxOnly = () => mapping({ email: 'Work Email', fields: { Team: { dx: 'Team' } }, dx: { newAttributes: ['Team'] } });
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

describe('a plan applied to other services', () => {
  test('the plan records each base URL; apply with a client for another refuses before any call, saying how to go on', async () => {
    const world = createMemoryWorld();
    world.addAttribute({ name: 'team' });
    world.addLookerUser({ email: 'ana@acme.test' });
    world.addDxUser({ email: 'ana@acme.test' });
    const teams = mapping({ email: 'Work Email', fields: { Team: { looker: 'team', dx: 'Team' } }, dx: { newAttributes: ['Team'] } });
    const plan = must(await syncOf(world, { mapping: teams }).plan([{ 'Work Email': 'ana@acme.test', Team: 'Red' }]));
    expect(plan.services.looker).toMatchObject({ status: 'planned', baseUrl: 'https://looker.memory.test/api/4.0' });
    expect(plan.services.dx).toMatchObject({ status: 'planned', baseUrl: 'https://dx.memory.test' });
    const calls = { looker: world.calls('looker'), dx: world.calls('dx') };
    const staging = 'https://staging.looker.test/api/4.0';
    const otherLooker = await syncOf({ ...world, looker: { ...world.looker, baseUrl: staging } }, { mapping: teams }).apply(plan, { dryRun: false });
    expect(otherLooker).toEqual({
      ok: false,
      error: {
        kind: 'service_mismatch', service: 'looker', planned: 'https://looker.memory.test/api/4.0', given: staging,
        message: `the plan was made against Looker at https://looker.memory.test/api/4.0, but the Looker client is for ${staging}: nothing was sent. `
          + 'Apply it with a client for https://looker.memory.test/api/4.0, or make a new plan against ' + `${staging}`,
      },
    });
    const otherDx = await syncOf({ ...world, dx: { ...world.dx, baseUrl: 'https://dx.other.test' } }, { mapping: teams }).apply(plan, { dryRun: false });
    expect(otherDx).toMatchObject({ ok: false, error: { kind: 'service_mismatch', service: 'dx', planned: 'https://dx.memory.test', given: 'https://dx.other.test' } });
    expect({ looker: world.calls('looker'), dx: world.calls('dx') }).toEqual(calls);
    expect(world.writes().size).toBe(0);
  });
});

describe('the Looker ids apply writes to', () => {
  const teams = () => mapping({ email: 'Work Email', fields: { Team: { looker: 'team' } } });

  test('are read back first and must still hold the plan\'s email: another email or a user gone is a conflict, never written', async () => {
    const world = createMemoryWorld();
    world.addAttribute({ name: 'team' });
    const [ana, bo, cy] = ['ana@acme.test', 'bo@acme.test', 'cy@acme.test'].map((email) => world.addLookerUser({ email })) as [string, string, string];
    const sync = syncOf(world, { mapping: teams() });
    const plan = must(await sync.plan(['ana', 'bo', 'cy'].map((name) => ({ 'Work Email': `${name}@acme.test`, Team: 'Red' }))));
    // Three writes, one read of the three ids and the login.
    expect(plan.forecast).toEqual({ looker: 5, dx: 0 });
    world.setLookerEmail(bo, 'someone.else@acme.test');
    world.removeLookerUser(cy);
    const reads = world.calls('looker').all_users ?? 0;
    const report = must(await sync.apply(plan, { dryRun: false }));
    expect(report.outcomes.map((o) => [o.email, o.outcome, o.reason])).toEqual([
      ['ana@acme.test', 'applied', undefined], ['bo@acme.test', 'conflict', 'email_mismatch'], ['cy@acme.test', 'conflict', 'user_gone'],
    ]);
    expect([...world.writes().keys()]).toEqual([`looker/${ana}/team`]);
    expect((world.calls('looker').all_users ?? 0) - reads).toBe(1);
    // One write and the read of the ids: the memory Looker needs no login.
    expect(report.callsUsed.looker).toBe(2);
  });

  test('in batches of 100 ids, each batch one call counted in the forecast', async () => {
    const world = createMemoryWorld();
    world.addAttribute({ name: 'team' });
    const records = Array.from({ length: 250 }, (_, i) => {
      world.addLookerUser({ email: `user${i}@acme.test` });
      return { 'Work Email': `user${i}@acme.test`, Team: 'Red' };
    });
    const sync = syncOf(world, { mapping: teams() });
    const plan = must(await sync.plan(records));
    // 250 writes, three reads of a hundred ids at most and the login.
    expect(plan.forecast.looker).toBe(250 + 3 + 1);
    const reads = world.calls('looker').all_users ?? 0;
    const report = must(await sync.apply(plan, { dryRun: false }));
    // The memory Looker needs no login: the writes and the three reads.
    expect(report).toMatchObject({ applied: 250, callsUsed: { looker: 253 } });
    expect((world.calls('looker').all_users ?? 0) - reads).toBe(3);
  });
});
