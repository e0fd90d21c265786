// One owner for retries, pacing and counting: the sync's lanes, whatever clients they are given.
// Clients created with default options, against the kit's fake over real HTTP (and a loopback port
// where nothing listens); every request is counted by the kit's call meter. The sync's clock is
// injected, so no wait is real, and only counts are asserted.
import { createServer } from 'node:net';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { createRateLimiter } from '../../../src/core/rate-limiter.js';
import { createDxClient, type DxClientOptions } from '../../../src/dx/index.js';
import { createLookerClient } from '../../../src/looker/index.js';
import { createSync, parseMapping, type SyncDx, type SyncLooker, type SyncPlan } from '../../../src/sync/index.js';
import { DEFAULT_LANE_RETRIES } from '../../../src/sync/lanes/lane.js';
import { createFakeServices, startFakeServer, type FakeServer, type FakeServices } from '../../../src/testing/index.js';
import { passLoopbackThrough } from '../../support/fake.js';
import { testRuntime } from '../../support/runtime.js';

let clock: ReturnType<typeof testRuntime>;
let fake: FakeServices;
let server: FakeServer;

beforeEach(async () => {
  clock = testRuntime();
  fake = createFakeServices({ now: clock.runtime.now, looker: { tokenLifetimeSeconds: 30 * 86_400 } });
  server = await startFakeServer({ fake });
  passLoopbackThrough();
});
afterEach(() => server.close());

const parsed = parseMapping({ email: 'email', fields: { Region: { looker: 'region', dx: 'Region' } }, dx: { newAttributes: ['Region'] } });
if (!parsed.ok) throw new Error(parsed.error.message);
const mapping = parsed.data;

/** Clients as anyone creates them: only where to go and how to authenticate. */
const lookerClient = (baseUrl = server.url) => createLookerClient({ baseUrl, credentials: fake.looker.createApiCredentials() });
const dxClient = (options: Partial<DxClientOptions> = {}) => createDxClient({ baseUrl: server.url, token: fake.dx.createToken(), ...options });

const syncWith = (clients: { looker?: SyncLooker; dx?: SyncDx }) => createSync({ ...clients, mapping, runtime: clock.runtime });

/** `count` users in both services, and the records that set each one's region. */
function seed(count: number) {
  fake.looker.addUserAttribute({ name: 'region' });
  const records = Array.from({ length: count }, (_, i) => {
    const email = `user${i}@acme.test`;
    fake.looker.addUser({ email });
    fake.dx.addUser({ email, listed: true });
    return { email, Region: 'EMEA' };
  });
  return records;
}

async function planned(clients: { looker?: SyncLooker; dx?: SyncDx }, count = 1): Promise<SyncPlan> {
  const plan = await syncWith(clients).plan(seed(count));
  if (!plan.ok) throw new Error(plan.error.message);
  fake.calls.reset();
  return plan.data;
}

describe('a planned write costs at most 1 + the lane\'s retries requests', () => {
  test('Looker under a persistent 503: exactly 1 + maxRetries requests, all in callsUsed and in the error\'s attempts', async () => {
    const looker = lookerClient();
    const plan = await planned({ looker });
    fake.faults.add({ service: 'looker', operation: 'set_user_attribute_user_value', serverError: 503, times: 1000 });
    const report = await syncWith({ looker }).apply(plan, { dryRun: false });
    // The read of the id, then the write: 1 + maxRetries requests (the client kept its session from the plan).
    expect(fake.calls.byOperation('looker')).toEqual({ all_users: 1, set_user_attribute_user_value: 1 + DEFAULT_LANE_RETRIES });
    expect(report).toMatchObject({ ok: true, data: { failed: 1, callsUsed: { looker: 1 + 1 + DEFAULT_LANE_RETRIES, dx: 0 } } });
    expect(report.ok && report.data.outcomes[0]?.error).toMatchObject({ kind: 'server', status: 503, message: expect.stringMatching(/; gave up after 9 requests$/) });
    // The report lists the retries: what was sent stays within the plan's forecast and them.
    expect(report.ok && report.data.retries).toEqual({ looker: DEFAULT_LANE_RETRIES, dx: 0 });
    expect(report.ok && report.data.callsUsed.looker).toBeLessThanOrEqual(plan.forecast.looker + DEFAULT_LANE_RETRIES);
  });

  test('DX under a persistent 503: exactly 1 + maxRetries requests', async () => {
    const dx = dxClient();
    const plan = await planned({ dx });
    fake.faults.add({ service: 'dx', operation: 'users.attributes.update', serverError: 503, times: 1000 });
    const report = await syncWith({ dx }).apply(plan, { dryRun: false });
    expect(fake.calls.byOperation('dx')).toEqual({ 'users.attributes.update': 1 + DEFAULT_LANE_RETRIES });
    expect(report).toMatchObject({ ok: true, data: { failed: 1, callsUsed: { looker: 0, dx: 1 + DEFAULT_LANE_RETRIES } } });
  });

  test('a plan\'s read under a persistent 503 is one error whose attempts are every request sent for it', async () => {
    seed(1);
    fake.faults.add({ service: 'looker', operation: 'all_user_attributes', serverError: 503, times: 1000 });
    const plan = await syncWith({ looker: lookerClient() }).plan([{ email: 'user0@acme.test', Region: 'EMEA' }]);
    // The login the first try started is one of them.
    expect(plan).toMatchObject({ ok: false, error: { kind: 'server', operation: 'all_user_attributes', attempts: 2 + DEFAULT_LANE_RETRIES } });
    expect(fake.calls.byOperation('looker')).toEqual({ login: 1, all_user_attributes: 1 + DEFAULT_LANE_RETRIES });
  });

  test('DX is paced once, by the lane: the client\'s own limiter is not waited in', async () => {
    const limiter = createRateLimiter({ requests: 1000, perMs: 60_000 });
    const dx = dxClient({ rateLimit: limiter });
    const plan = await planned({ dx }, 3);
    const report = await syncWith({ dx }).apply(plan, { dryRun: false });
    expect(report).toMatchObject({ ok: true, data: { applied: 3, callsUsed: { dx: 3 } } });
    expect(limiter.stats().granted).toBe(0);
  });
});

describe('maxCalls is a limit on requests actually sent', () => {
  test('a 429 storm under maxCalls looker=12 sends 12 requests, the login included, and reports 12', async () => {
    const plan = await planned({ looker: lookerClient() }, 3);
    // Three writes, the read of their ids and the login: the budget of 12 passes the check before the run.
    expect(plan.forecast.looker).toBe(3 + 1 + 1);
    fake.faults.add({ service: 'looker', operation: 'set_user_attribute_user_value', rateLimit: {} });
    // A fresh client: the run's first request, the read of the ids, logs in, and that login is a request the budget counts.
    const report = await syncWith({ looker: lookerClient() }).apply(plan, { dryRun: false, maxCalls: { looker: 12 } });
    expect(fake.calls.byOperation('looker')).toEqual({ login: 1, all_users: 1, set_user_attribute_user_value: 10 });
    expect(report).toMatchObject({ ok: true, data: { applied: 0, callsUsed: { looker: 12, dx: 0 } } });
    const outcomes = report.ok ? report.data.outcomes : [];
    expect(outcomes.filter((o) => o.reason === 'budget_exhausted').length).toBeGreaterThan(0);
    expect(outcomes.every((o) => o.reason === 'budget_exhausted' || o.error?.kind === 'rate_limited')).toBe(true);
  });

  test('a budget equal to the forecast fits a clean run of a fresh client: the forecast holds its login', async () => {
    const plan = await planned({ looker: lookerClient(), dx: dxClient() }, 3);
    // Looker: three writes, the read of their ids and the login; DX: one write per user.
    expect(plan.forecast).toEqual({ looker: 3 + 1 + 1, dx: 3 });
    const report = await syncWith({ looker: lookerClient(), dx: dxClient() }).apply(plan, { dryRun: false, maxCalls: plan.forecast });
    expect(report).toMatchObject({ ok: true, data: { applied: 6, callsUsed: plan.forecast } });
    expect(fake.calls.byOperation('looker')).toEqual({ login: 1, all_users: 1, set_user_attribute_user_value: 3 });
  });

  test('a 429 storm on the read of the ids under a budget: every change is skipped as budget_exhausted, none as stopped, for a resume', async () => {
    const plan = await planned({ looker: lookerClient() }, 3);
    fake.faults.add({ service: 'looker', operation: 'all_users', rateLimit: {} });
    // The forecast (three writes, the read of their ids and the login) passes; the 429s eat the budget.
    const report = await syncWith({ looker: lookerClient() }).apply(plan, { dryRun: false, maxCalls: { looker: plan.forecast.looker } });
    expect(fake.calls.byOperation('looker')).toEqual({ login: 1, all_users: plan.forecast.looker - 1 });
    expect(report).toMatchObject({ ok: true, data: { applied: 0, skipped: 3, stopped: false, callsUsed: { looker: plan.forecast.looker } } });
    expect((report.ok ? report.data.outcomes : []).map((o) => [o.outcome, o.reason])).toEqual(Array.from({ length: 3 }, () => ['skipped', 'budget_exhausted']));
  });

  test('the replay after a 401 is counted too', async () => {
    // Default options but a fetch that, once armed, ends the session on the server just before the
    // first write is sent (after the read of the ids): the write is refused once, the client logs in and replays it.
    let endBeforeWrite = false;
    const ending = async (url: string, init: RequestInit) => {
      if (endBeforeWrite && init.method === 'PATCH') {
        endBeforeWrite = false;
        const authorization = new Headers(init.headers).get('authorization') ?? '';
        await fetch(`${server.url}/api/4.0/logout`, { method: 'DELETE', headers: { authorization } });
      }
      return fetch(url, init);
    };
    const looker = createLookerClient({ baseUrl: server.url, credentials: fake.looker.createApiCredentials(), fetch: ending });
    const plan = await planned({ looker });
    endBeforeWrite = true;
    // The client holds its session from the plan: the read of the id, the write, the login and the
    // replay are the run's 4 requests (the logout is the test's own), one more than the forecast.
    expect(plan.forecast.looker).toBe(3);
    const report = await syncWith({ looker }).apply(plan, { dryRun: false, maxCalls: { looker: 4 } });
    expect(fake.calls.byOperation('looker')).toEqual({ all_users: 1, logout: 1, login: 1, set_user_attribute_user_value: 2 });
    expect(report).toMatchObject({ ok: true, data: { applied: 1, callsUsed: { looker: 4 } } });
  });
});

describe('a dead endpoint fails fast; a reset mid-run is retried', () => {
  test('a refused connection before any reply: 3 requests, then an error naming the base URL', async () => {
    const { url, fetch: counting, sent } = await deadEndpoint();
    const looker = createLookerClient({ baseUrl: url, credentials: { clientId: 'id', clientSecret: 'secret' }, fetch: counting });
    const plan = await syncWith({ looker }).plan([{ email: 'user0@acme.test', Region: 'EMEA' }]);
    expect(plan).toMatchObject({
      ok: false,
      error: { kind: 'network', operation: 'login', attempts: 3, message: expect.stringMatching(/Looker has not answered once in 3 requests: is its base URL right\?$/) },
    });
    expect(sent()).toBe(3);
  });

  test('the same for DX', async () => {
    const { url, fetch: counting, sent } = await deadEndpoint();
    const dx = createDxClient({ baseUrl: url, token: 'dx-token', fetch: counting });
    const plan = await syncWith({ dx }).plan([{ email: 'user0@acme.test', Region: 'EMEA' }]);
    expect(plan).toMatchObject({ ok: false, error: { kind: 'network', attempts: 3, message: expect.stringMatching(/DX has not answered once/) } });
    expect(sent()).toBe(3);
  });

  test('connection resets are retried past that, even as the first requests of a run: the write lands', async () => {
    const plan = await planned({ looker: lookerClient() });
    // A fresh client and lane, as a separate apply has: the service has not answered them yet.
    const looker = lookerClient();
    // The run's first call is the read of the ids: its first four requests are cut off.
    fake.faults.add({ service: 'looker', operation: 'all_users', dropConnection: true, times: 4 });
    const report = await syncWith({ looker }).apply(plan, { dryRun: false });
    // The login, five tries of the read of the id and the write.
    expect(report).toMatchObject({ ok: true, data: { applied: 1, callsUsed: { looker: 7 } } });
    expect(fake.calls.byOperation('looker')).toEqual({ login: 1, all_users: 5, set_user_attribute_user_value: 1 });
  });
});

/** A loopback URL nothing listens on (a port taken from the system, then closed), and a fetch counting what it sends. */
async function deadEndpoint() {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  let sent = 0;
  const counting = (url: string, init: RequestInit) => {
    sent++;
    return fetch(url, init);
  };
  return { url: `http://127.0.0.1:${port}`, fetch: counting, sent: () => sent };
}
