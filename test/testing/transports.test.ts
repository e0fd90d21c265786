import { expect, test } from 'vitest';
import { createDxClient } from '../../src/dx/index.js';
import { createLookerClient } from '../../src/looker/index.js';
import { createFakeServices, startFakeServer, type FakeServices } from '../../src/testing/index.js';
import { createMswHandlers, FAKE_DX_URL, FAKE_LOOKER_URL } from '../../src/testing/msw.js';
import { testRuntime } from '../support/runtime.js';
import { server } from '../support/server.js';
import { passLoopbackThrough, seedOrg } from '../support/fake.js';

const EMAIL = 'ana@example.com';

type Outcome = { ok: true; status: number; data: unknown } | { ok: false; kind: string; status?: number; body?: unknown };

/** One scenario touching every operation and fault mode; returns everything observable. */
async function runScenario(fake: FakeServices, clock: ReturnType<typeof testRuntime>, lookerUrl: string, dxUrl: string) {
  const { sales, support, ana, region } = seedOrg(fake);
  fake.dx.addUser({ email: EMAIL, attributes: { Region: 'EU' } });
  const looker = createLookerClient({
    baseUrl: lookerUrl,
    credentials: fake.looker.createApiCredentials(),
    runtime: clock.runtime,
  });
  const dx = createDxClient({ baseUrl: dxUrl, token: fake.dx.createToken(), runtime: clock.runtime });
  const outcomes: Outcome[] = [];
  const record = (result: { ok: true; data: unknown; response: Response } | { ok: false; error: object }) => {
    if (result.ok) outcomes.push({ ok: true, status: result.response.status, data: result.data });
    else {
      const { kind, status, body } = result.error as { kind: string; status?: number; body?: unknown };
      outcomes.push({ ok: false, kind, status, body });
    }
  };

  const groupValues = [
    { groupId: sales.id, value: 'Sales-land', rank: 2 },
    { groupId: support.id, value: 'Support-land', rank: 1 },
  ];
  record(await looker.setUserAttributeGroupValues({ userAttributeId: region.id, groupValues }));
  record(await looker.setUserAttributeUserValue({ userId: ana.id, userAttributeId: region.id, value: 'EMEA' }));
  record(await looker.setUserAttributeUserValue({ userId: '404', userAttributeId: region.id, value: 'EMEA' }));
  fake.faults.add({ service: 'looker', rateLimit: { retryAfter: { seconds: 1 } }, times: 1 });
  record(await looker.updateUserAttributeGroupValue({ groupId: sales.id, userAttributeId: region.id, value: 'Sales-2' }));
  record(await looker.logout());

  fake.faults.add({ service: 'dx', dropConnection: true });
  record(await dx.updateUserAttributes({ email: EMAIL, attributes: { Department: 'Eng', region: null } }));
  fake.faults.add({ service: 'dx', serverError: 500 });
  record(await dx.updateUserAttributes({ email: EMAIL, attributes: { Department: 'Ops' } }));
  fake.faults.add({ service: 'dx', malformedJson: true });
  record(await dx.updateUserAttributes({ email: EMAIL, attributes: { Department: 'Ops' } }));
  record(await dx.updateUserAttributes({ email: 'nobody@example.com', attributes: { Department: 'Ops' } }));

  return { outcomes, requests: [...fake.requests], looker: fake.looker.snapshot(), dx: fake.dx.snapshot(), sleeps: clock.sleeps };
}

test('msw handlers and the HTTP server give the same results for the same scenario', async () => {
  const mswClock = testRuntime();
  const mswFake = createFakeServices({ now: mswClock.runtime.now });
  server.use(...createMswHandlers(mswFake));
  const throughMsw = await runScenario(mswFake, mswClock, FAKE_LOOKER_URL, FAKE_DX_URL);

  const httpClock = testRuntime();
  const httpServer = await startFakeServer({ fake: createFakeServices({ now: httpClock.runtime.now }) });
  passLoopbackThrough();
  try {
    const throughHttp = await runScenario(httpServer.fake, httpClock, httpServer.url, httpServer.url);
    expect(throughHttp).toEqual(throughMsw);
  } finally {
    await httpServer.close();
  }

  // And the scenario did exercise what it claims to.
  expect(throughMsw.outcomes.map((o) => (o.ok ? o.status : o.kind))).toEqual([
    200,
    200,
    'not_found',
    200,
    204,
    200,
    'server',
    'unexpected_response',
    'not_found',
  ]);
  expect(throughMsw.requests.map((r) => r.fault).filter(Boolean)).toEqual([
    'rate_limit',
    'dropped_connection',
    'server_error',
    'malformed_json',
  ]);
  expect(throughMsw.dx.users[0]?.attributes).toEqual({ Department: 'Eng' });
});

test('msw handlers take other origins, but only origins', () => {
  const fake = createFakeServices();
  expect(createMswHandlers(fake, { lookerUrl: 'https://acme.looker.test', dxUrl: 'https://api.getdx.test' })).toHaveLength(2);
  expect(() => createMswHandlers(fake, { dxUrl: 'https://dx.test/v1' })).toThrow(TypeError);
});
