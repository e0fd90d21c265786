import { describe, expect, test } from 'vitest';
import { createDxClient } from '../../src/dx/index.js';
import { createFakeServices } from '../../src/testing/index.js';
import { testRuntime } from '../support/runtime.js';
import { useFakeServer } from '../support/fake.js';

const EMAIL = 'ana@example.com';

describe('fake DX: users.attributes.update', () => {
  const context = useFakeServer();

  test('sets the named attributes, removes those set to null, leaves the rest', async () => {
    context.fake.dx.addUser({ email: EMAIL, id: '7', attributes: { Department: 'Sales', Region: 'EU', Level: 'L3' } });
    const dx = context.dx();

    const result = await dx.updateUserAttributes({
      email: EMAIL,
      attributes: { Department: 'Engineering', Region: null, Level: 'L3', Team: 'Core' },
    });
    expect(result.ok && result.data.user).toEqual({
      id: '7',
      email: EMAIL,
      attributes: [
        { name: 'Department', value: 'Engineering', updated: true },
        { name: 'Level', value: 'L3', updated: false },
        { name: 'Team', value: 'Core', updated: true },
      ],
      failures: [],
    });
    expect(context.fake.dx.user(EMAIL).attributes).toEqual({ Department: 'Engineering', Level: 'L3', Team: 'Core' });
    // A removed attribute's name stays known to the account.
    expect(context.fake.dx.attributeNames()).toEqual(['Department', 'Region', 'Level', 'Team']);
  });

  test('names match case-insensitively and keep the first spelling; emails too', async () => {
    context.fake.dx.addUser({ email: EMAIL, attributes: { 'Cost Center': 'CC-1' } });
    context.fake.dx.addUser({ email: 'ben@example.com' });
    const dx = context.dx();

    const ana = await dx.updateUserAttributes({ email: 'ANA@example.com', attributes: { 'cost center': 'CC-2' } });
    expect(ana.ok && ana.data.user.attributes).toEqual([{ name: 'Cost Center', value: 'CC-2', updated: true }]);
    const ben = await dx.updateUserAttributes({ email: 'ben@example.com', attributes: { 'COST CENTER': 'CC-9' } });
    expect(ben.ok && ben.data.user.attributes).toEqual([{ name: 'Cost Center', value: 'CC-9', updated: true }]);
    expect(context.fake.dx.attributeNames()).toEqual(['Cost Center']);
  });

  test('an unknown name creates an attribute group, even to remove a value: a typo shows up', async () => {
    expect(context.fake.dx.addAttributeName('Department')).toBe('Department');
    context.fake.dx.addUser({ email: EMAIL });
    const dx = context.dx();
    expect((await dx.updateUserAttributes({ email: EMAIL, attributes: { department: 'Sales' } })).ok).toBe(true);
    expect((await dx.updateUserAttributes({ email: EMAIL, attributes: { Departmnet: 'Sales' } })).ok).toBe(true);
    expect((await dx.updateUserAttributes({ email: EMAIL, attributes: { Regoin: null } })).ok).toBe(true);
    expect(context.fake.dx.attributeNames()).toEqual(['Department', 'Departmnet', 'Regoin']);
    expect(context.fake.dx.user(EMAIL).attributes).toEqual({ Department: 'Sales', Departmnet: 'Sales' });
    expect(context.fake.dx.addAttributeName(' DEPARTMENT ')).toBe('Department');
    expect(() => context.fake.dx.addAttributeName(' ')).toThrow(/addAttributeName: name must be a non-blank string/);
  });

  test('an unknown email: 404 user_not_found, nothing changed', async () => {
    context.fake.dx.addUser({ email: EMAIL, attributes: { Region: 'EU' } });
    const before = context.fake.dx.snapshot();
    const result = await context.dx().updateUserAttributes({ email: 'nobody@example.com', attributes: { Region: 'US' } });
    expect(!result.ok && result.error).toMatchObject({ kind: 'not_found', status: 404, code: 'user_not_found' });
    expect(context.fake.dx.snapshot()).toEqual(before);
  });

  test('a token the account does not know: 401 invalid_auth; no token: 401 not_authed', async () => {
    context.fake.dx.addUser({ email: EMAIL });
    const result = await context
      .dx({ token: 'not-a-dx-token' })
      .updateUserAttributes({ email: EMAIL, attributes: { Region: 'US' } });
    expect(!result.ok && result.error).toMatchObject({ kind: 'unauthorized', status: 401, code: 'invalid_auth' });

    // The SDK always sends its token, so send this one raw.
    const response = await fetch(`${context.server.url}/users.attributes.update`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: EMAIL, attributes: [{ name: 'Region', value: 'US' }] }),
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ ok: false, error: 'not_authed' });
    expect(context.fake.dx.user(EMAIL).attributes).toEqual({});
  });

  test('a malformed request: 422 invalid_arguments listing every problem, nothing changed', async () => {
    context.fake.dx.addUser({ email: EMAIL, attributes: { Region: 'EU' } });
    const before = context.fake.dx.snapshot();
    const response = await fetch(`${context.server.url}/users.attributes.update`, {
      method: 'POST',
      headers: { authorization: `Bearer ${context.fake.dx.createToken()}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        email: EMAIL,
        attributes: [
          { name: 'Team', value: 'Core' },
          { name: 'region', value: 42 },
          { name: 'TEAM', value: 'Edge' },
        ],
      }),
    });
    expect(response.status).toBe(422);
    expect(await response.json()).toEqual({
      ok: false,
      error: 'invalid_arguments',
      message: 'attributes[1].value must be a string or null; attributes[2].name names the same attribute as attributes[0]',
    });
    expect(context.fake.dx.snapshot()).toEqual(before);
  });
});

describe('fake DX: rate limit', () => {
  test('admits 1000 requests in any 60 s and refuses the next with 429', async () => {
    const clock = testRuntime();
    const fake = createFakeServices({ now: clock.runtime.now });
    fake.dx.addUser({ email: EMAIL });
    const token = fake.dx.createToken();
    const send = () =>
      fake.handle(
        new Request('http://dx.test/users.attributes.update', {
          method: 'POST',
          headers: { authorization: `Bearer ${token}` },
          body: JSON.stringify({ email: EMAIL, attributes: [{ name: 'n', value: 'v' }] }),
        }),
      );

    for (let i = 0; i < 1000; i++) expect((await send()).status).toBe(200);
    const refused = await send();
    expect(refused.status).toBe(429);
    expect(await refused.json()).toMatchObject({ ok: false, error: 'rate_limited' });
    clock.advance(59_999);
    expect((await send()).status).toBe(429);
    clock.advance(1);
    expect((await send()).status).toBe(200);
  });

  test('the window slides: requests leave it one by one', async () => {
    const clock = testRuntime();
    const fake = createFakeServices({ now: clock.runtime.now, dx: { requestsPerMinute: 2 } });
    fake.dx.addUser({ email: EMAIL });
    const dx = createDxClient({
      baseUrl: 'https://dx.test',
      token: fake.dx.createToken(),
      runtime: clock.runtime,
      retry: false,
      fetch: (url, init) => fake.handle(new Request(url, init)),
    });
    const update = async () => {
      const result = await dx.updateUserAttributes({ email: EMAIL, attributes: { n: 'v' } });
      return result.ok ? 'ok' : result.error.kind;
    };

    expect(await update()).toBe('ok'); // t = 0
    clock.advance(30_000);
    expect(await update()).toBe('ok'); // t = 30 s
    expect(await update()).toBe('rate_limited');
    clock.advance(30_000); // t = 60 s: the first request has left the window
    expect(await update()).toBe('ok');
    expect(await update()).toBe('rate_limited');
  });
});
