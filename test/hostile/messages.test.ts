// Messages people can act on, each one line within 200 characters of detail: a login that never
// reached Looker's API says the base URL may be wrong, a 422 names its fields and codes, delays are
// whole milliseconds, an HTML page is called one, and a token that would expire at once says so.
import { describe, expect, test } from 'vitest';
import { createDxClient } from '../../src/dx/index.js';
import { createLookerClient } from '../../src/looker/index.js';
import { NOWHERE } from '../support/clients.js';
import { SECRETS } from '../support/hostile.js';
import { testRuntime } from '../support/runtime.js';

const html = (status: number, text = '<!doctype html><html><body>Not here</body></html>') =>
  new Response(text, { status, headers: { 'content-type': 'text/html; charset=utf-8' } });
const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
const setValue = { userId: '42', userAttributeId: '7', value: 'EMEA' };
const credentials = { clientId: SECRETS.clientId, clientSecret: SECRETS.clientSecret };
const common = { baseUrl: NOWHERE, runtime: testRuntime().runtime };

const looker = (answer: (url: string) => Response, options: object = {}) =>
  createLookerClient({ ...common, credentials, fetch: async (url) => answer(url), retry: false, ...options });

/** The message of a failed result, checked to be one line. */
function messageOf(result: { ok: boolean; error?: unknown }): string {
  expect(result.ok).toBe(false);
  const { message } = result.error as { message: string };
  expect(message).not.toMatch(/[\r\n]/);
  return message;
}

describe('a login that may not have reached the API', () => {
  const hint = /base URL may be wrong \(it must be the instance, e\.g\. https:\/\/acme\.looker\.com, not an \/api\/3\.1 URL\)/;
  test.each([
    ['404 with JSON', () => json({ message: 'Not found' }, 404)],
    ['404 with an HTML page', () => html(404)],
    ['401 with an HTML page', () => html(401)],
    ['403 with an HTML page (a proxy)', () => html(403)],
    ['200 with an HTML page (the web UI)', () => html(200)],
  ])('%s: says the base URL may be wrong', async (_, reply) => {
    const message = messageOf(await looker((url) => (url.endsWith('/login') ? reply() : json({}))).login());
    expect(message).toMatch(hint);
  });

  test('a 400 or 401 with Looker JSON is only refused credentials', async () => {
    for (const status of [400, 401]) {
      const message = messageOf(await looker(() => json({ message: 'Invalid client' }, status)).login());
      expect(message).toBe(`login failed: HTTP ${status}: client id or secret refused`);
    }
  });

  test('an HTML page from an attribute call says so', async () => {
    const withToken = (reply: () => Response) =>
      createLookerClient({ ...common, credentials: { accessToken: SECRETS.token }, fetch: async () => reply() });
    expect(messageOf(await withToken(() => html(404)).setUserAttributeUserValue(setValue))).toMatch(
      /HTTP 404 not_found: an HTML page, not Looker's JSON/,
    );
    expect(messageOf(await withToken(() => html(200)).setUserAttributeUserValue(setValue))).toMatch(
      /HTTP 200 unexpected_response: an HTML page, not JSON/,
    );
  });
});

describe('a Looker 422', () => {
  const validation = (message: string, errors: unknown[]) => () => json({ message, errors, documentation_url: 'https://docs' }, 422);
  const client = (reply: () => Response) =>
    createLookerClient({ ...common, credentials: { accessToken: SECRETS.token }, fetch: async () => reply() });

  test('names each field, its code and its message', async () => {
    const result = await client(validation('Validation Failed', [
      { field: 'value', code: 'invalid', message: 'must be a number, like 3 or 4.5' },
      { field: 'rank', code: 'missing' },
      { message: 'something else' },
    ])).setUserAttributeUserValue(setValue);
    expect(messageOf(result)).toBe(
      'set_user_attribute_user_value failed: HTTP 422 validation: Validation Failed (value: invalid: must be a number, like 3 or 4.5; rank: missing; something else)',
    );
  });

  test('a long server message is cut so that the fields still fit in the line', async () => {
    const result = await client(validation('x'.repeat(500), [{ field: 'value', code: 'invalid' }, { field: 'group_id', code: 'not_found' }])).setUserAttributeUserValue(setValue);
    const message = messageOf(result);
    expect(message).toMatch(/\(value: invalid; group_id: not_found\)$/);
    expect(message.split(': ').slice(2).join(': ').length).toBeLessThanOrEqual(200);
  });

  test('many fields: as many as fit, then how many more', async () => {
    const errors = Array.from({ length: 40 }, (_, i) => ({ field: `groupValues[${i}].value`, code: 'invalid' }));
    const message = messageOf(await client(validation('Validation Failed', errors)).setUserAttributeUserValue(setValue));
    expect(message).toMatch(/groupValues\[0\]\.value: invalid; groupValues\[1\]\.value: invalid; .* and \d+ more\)$/);
    expect(message.split('validation: ')[1]!.length).toBeLessThanOrEqual(200);
  });

  test('long field messages: each cut, the line within 200 characters of detail, and how many more', async () => {
    const errors = Array.from({ length: 5 }, (_, i) => ({ field: `field${i}`, code: 'invalid', message: `${'m'.repeat(150)} ${i}` }));
    const message = messageOf(await client(validation('Validation Failed', errors)).setUserAttributeUserValue(setValue));
    expect(message).toMatch(/\(field0: invalid: m+ and 4 more\)$/);
    expect(message.split('validation: ')[1]!.length).toBeLessThanOrEqual(200);
  });

  test('a secret echoed in a field is removed before anything is cut', async () => {
    const result = await client(validation('x'.repeat(300), [{ field: `${SECRETS.token}`, code: SECRETS.token }])).setUserAttributeUserValue(setValue);
    const message = messageOf(result);
    expect(message).toMatch(/\(\[redacted\]: \[redacted\]\)$/);
    for (let cut = 4; cut < SECRETS.token.length; cut++) expect(message).not.toContain(SECRETS.token.slice(0, cut + 4));
  });
});

describe('delays in messages are whole milliseconds', () => {
  test.each([
    ['retry-after-ms: 1.5', { 'retry-after-ms': '1.5' }, 'asked to wait 2 ms'],
    ['Retry-After: 0.0001', { 'retry-after': '0.0001' }, 'asked to wait 1 ms'],
    ['Retry-After: 1.2345', { 'retry-after': '1.2345' }, 'asked to wait 1235 ms'],
  ])('a 429 with %s', async (_, headers, said) => {
    const client = looker(() => json({ message: 'Too many' }, 429, headers), { retry: { maxRetries: 1 }, credentials: { accessToken: SECRETS.token } });
    expect(messageOf(await client.setUserAttributeUserValue(setValue))).toContain(`(2 attempts, ${said})`);
  });

  test.each([
    ['Retry-After: 1.005', { 'retry-after': '1.005' }, 1005],
    ['Retry-After: 1.011', { 'retry-after': '1.011' }, 1011],
    ['retry-after-ms: 1.5', { 'retry-after-ms': '1.5' }, 2],
  ])('%s: retryAfterMs is a whole number with no float noise, and the message says the same', async (_, headers, ms) => {
    const client = looker(() => json({ message: 'Too many' }, 429, headers), { credentials: { accessToken: SECRETS.token } });
    const result = await client.setUserAttributeUserValue(setValue);
    expect(!result.ok && result.error).toMatchObject({ kind: 'rate_limited', retryAfterMs: ms });
    expect(messageOf(result)).toContain(`asked to wait ${ms} ms`);
  });

  test('a timeout of 0.5 ms', async () => {
    const client = looker(() => json({}), { credentials: { accessToken: SECRETS.token }, fetch: () => new Promise(() => {}) });
    const message = messageOf(await client.setUserAttributeUserValue(setValue, { timeoutMs: 0.5 }));
    expect(message).toBe('set_user_attribute_user_value timed out after 1 ms');
  });
});

describe('DX', () => {
  const dx = (reply: () => Response) =>
    createDxClient({ ...common, token: SECRETS.dxToken, fetch: async () => reply(), retry: false }).updateUserAttributes({ email: 'jo@acme.com', attributes: { A: 'b' } });

  test.each([500, 502, 503])('a %i with an HTML page says it was a server error page', async (status) => {
    const message = messageOf(await dx(() => html(status)));
    expect(message).toBe(`users.attributes.update failed: HTTP ${status} server: a server error page, not DX's JSON`);
    expect(message).not.toMatch(/ok is/);
  });

  test('a 200 with an HTML page says it was one, not that ok is not true', async () => {
    expect(messageOf(await dx(() => html(200)))).toBe('users.attributes.update failed: HTTP 200 unexpected_response: an HTML page, not JSON');
  });
});

test('expires_in: 0 is described as a token that would already be expired', async () => {
  const message = messageOf(await looker(() => json({ access_token: SECRETS.token, token_type: 'Bearer', expires_in: 0 })).login());
  expect(message).toBe('login failed: HTTP 200 unexpected_response: expires_in is 0: the token would already be expired');
});
