// The call meter, the services' rate limits (by the injected clock) and faults on the read operations.
import { describe, expect, test } from 'vitest';
import { lookerGet, useFakeServer, type FakeServerContext } from '../support/fake.js';

function dxList(context: FakeServerContext, token: string) {
  return fetch(`${context.server.url}/users.list`, { headers: { authorization: `Bearer ${token}` } });
}

describe('fake.calls', () => {
  const context = useFakeServer();

  test('counts every request per service and operation, refused and faulted ones too; reset starts again', async () => {
    const { fake } = context;
    fake.looker.addUser();
    const token = fake.dx.createToken();
    await lookerGet(context, '/users');
    await lookerGet(context, '/users');
    await lookerGet(context, '/users/404/attribute_values'); // a 404 still reached the fake
    await fetch(`${context.server.url}/api/4.0/groups`); // a 401 too
    fake.faults.add({ service: 'dx', operation: 'users.list', serverError: 503 });
    expect((await dxList(context, token)).status).toBe(503);
    expect((await dxList(context, token)).status).toBe(200);
    await fetch(`${context.server.url}/no.such.method`); // names no operation

    expect(fake.calls.total()).toBe(7);
    expect(fake.calls.total('looker')).toBe(4);
    expect(fake.calls.total('dx')).toBe(3);
    expect(fake.calls.byOperation('looker')).toEqual({ all_users: 2, user_attribute_user_values: 1, all_groups: 1 });
    expect(fake.calls.byOperation('dx')).toEqual({ 'users.list': 2 });

    fake.calls.reset();
    expect([fake.calls.total(), fake.calls.byOperation('looker'), fake.calls.byOperation('dx')]).toEqual([0, {}, {}]);
    await lookerGet(context, '/user_attributes');
    expect(fake.calls.byOperation('looker')).toEqual({ all_user_attributes: 1 });
    expect(fake.requests).toHaveLength(8); // the request log is kept
  });
});

describe('Looker requestsPerSecond', () => {
  const context = useFakeServer({ looker: { requestsPerSecond: 2 } });

  test('over the limit: 429 with Retry-After in whole seconds; a slot frees a second after it was used', async () => {
    const statuses = async () => {
      const { status, headers, body } = await lookerGet(context, '/users');
      return { status, retryAfter: headers.get('retry-after'), body: status === 429 ? body : undefined };
    };
    expect(await statuses()).toEqual({ status: 200, retryAfter: null, body: undefined });
    context.clock.advance(400);
    expect((await statuses()).status).toBe(200);
    const refused = await statuses();
    expect(refused).toMatchObject({ status: 429, retryAfter: '1', body: { message: 'Too Many Requests' } });
    context.clock.advance(599);
    expect((await statuses()).status).toBe(429);
    context.clock.advance(1); // the first request leaves the window
    expect((await statuses()).status).toBe(200);
    expect((await statuses()).status).toBe(429);
    expect(context.fake.requests.map((r) => r.status)).toEqual([200, 200, 429, 429, 200, 429]);
    expect(context.fake.calls.total('looker')).toBe(6);
  });
});

describe('Looker requestsPerSecond without Retry-After, and DX with one', () => {
  const context = useFakeServer({ looker: { requestsPerSecond: 1, retryAfter: false }, dx: { requestsPerMinute: 2, retryAfter: true } });

  test('Looker sends no Retry-After when asked not to; DX sends one when asked', async () => {
    await lookerGet(context, '/users');
    const looker = await lookerGet(context, '/users');
    expect([looker.status, looker.headers.get('retry-after')]).toEqual([429, null]);

    const token = context.fake.dx.createToken();
    await dxList(context, token);
    context.clock.advance(30_000);
    await dxList(context, token);
    const dx = await dxList(context, token);
    expect([dx.status, dx.headers.get('retry-after')]).toEqual([429, '30']);
    expect(await dx.json()).toMatchObject({ ok: false, error: 'rate_limited' });
  });
});

describe('DX requestsPerMinute', () => {
  const context = useFakeServer({ dx: { requestsPerMinute: 2 } });

  test('users.list and users.attributes.update share the window; DX sends no Retry-After by default', async () => {
    context.fake.dx.addUser({ email: 'ana@example.com' });
    const token = context.fake.dx.createToken();
    expect((await dxList(context, token)).status).toBe(200);
    const update = await context.dx({ token, retry: false }).updateUserAttributes({ email: 'ana@example.com', attributes: { Team: 'Core' } });
    expect(update.ok).toBe(true);
    const refused = await dxList(context, token);
    expect([refused.status, refused.headers.get('retry-after')]).toEqual([429, null]);
    context.clock.advance(60_000);
    expect((await dxList(context, token)).status).toBe(200);
  });
});

describe('faults on the read operations', () => {
  const context = useFakeServer();

  test('a fault scoped to one operation id answers only that operation, and changes nothing', async () => {
    const { fake } = context;
    fake.looker.addUser({ email: 'ana@example.com' });
    fake.faults.add({ service: 'looker', operation: 'search_users', rateLimit: { retryAfter: { seconds: 3 } }, times: 1 });
    fake.faults.add({ service: 'looker', operation: 'all_groups', malformedJson: true });
    const limited = await lookerGet(context, '/users/search', { email: 'ana@example.com' });
    expect([limited.status, limited.headers.get('retry-after')]).toEqual([429, '3']);
    expect((await lookerGet(context, '/users')).status).toBe(200);
    const groups = await fetch(`${context.server.url}/api/4.0/groups`, { headers: { authorization: `Bearer ${fake.looker.issueAccessToken()}` } });
    expect(await groups.text()).toMatch(/unterminated/);
    expect((await lookerGet(context, '/users/search', { email: 'ana@example.com' })).body).toHaveLength(1);
    expect(fake.requests.map((r) => [r.operation, r.fault])).toEqual([
      ['search_users', 'rate_limit'],
      ['all_users', undefined],
      ['all_groups', 'malformed_json'],
      ['search_users', undefined],
    ]);
  });

  test('operation names are checked against the service', () => {
    expect(() => context.fake.faults.add({ service: 'dx', operation: 'all_users' as 'users.list', serverError: 500 })).toThrow(
      /not an operation of dx/,
    );
    expect(() => context.fake.faults.add({ operation: 'list_users' as 'users.list', serverError: 500 })).toThrow(TypeError);
    expect(context.fake.faults.add({ service: 'dx', operation: 'users.list', latencyMs: 0 }).fired).toBe(0);
  });
});
