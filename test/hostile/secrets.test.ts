// A hostile server that echoes what it received (the Authorization header, the login form with the
// client secret) into its error bodies, headers and redirects. For every error kind, nothing that
// can end up in a log shows a secret: not the result, not the thrown error, not the client.
import { describe, expect, test } from 'vitest';
import { createDxClient } from '../../src/dx/index.js';
import { createLookerClient } from '../../src/looker/index.js';
import { echoing, echoOf, expectNoSecretAnywhere, grant, redirect, reset, stall, text, withEcho, type Reply } from '../support/echoing.js';
import { serve } from '../support/http-server.js';
import { expectNoSecret, json, nodeFetch, renderings, SECRETS } from '../support/hostile.js';
import { testRuntime } from '../support/runtime.js';

// [kind, what the server does, login reply (undefined: a good login), attribute call reply, method]
type LookerCase = [kind: string, how: string, login: Reply | undefined, api: Reply | undefined, method?: 'groupValues'];
const lookerCases: LookerCase[] = [
  ['bad_request', '400 echoing', undefined, echoing(400)],
  ['unauthorized', '401 echoing, after the replay', undefined, echoing(401)],
  ['forbidden', '403 echoing', undefined, echoing(403)],
  ['not_found', '404 echoing', undefined, echoing(404)],
  ['conflict', '409 echoing', undefined, echoing(409), 'groupValues'],
  ['validation', '422 echoing in field errors', undefined, echoing(422)],
  [
    'rate_limited',
    '429 echoing',
    undefined,
    (res, echo) => json(res, 429, { message: echo }, { 'retry-after': '0', 'x-echo': echo }),
  ],
  ['server', '500 echoing', undefined, echoing(500)],
  ['server', '503 HTML echoing', undefined, text(503)],
  ['unexpected_response', 'an undeclared 418 echoing', undefined, echoing(418)],
  ['unexpected_response', 'a redirect carrying the echo', undefined, redirect],
  ['unexpected_response', '200 HTML echoing', undefined, text(200)],
  ['unexpected_response', '200 JSON of the wrong shape echoing', undefined, withEcho((echo) => [echo])],
  ['network', 'a reset', undefined, reset],
  ['timeout', 'a stall', undefined, stall],
  ['unauthorized', 'a login refused with 401, echoing the form', echoing(401), undefined],
  ['unauthorized', 'a login refused with 403 in plain text, echoing the form', text(403, 'text/plain'), undefined],
  ['server', 'a login failing with 500, echoing the form', echoing(500), undefined],
  [
    'unexpected_response',
    'a login reply without a token, echoing the form',
    withEcho((echo) => ({ token_type: echo, expires_in: 3600 })),
    undefined,
  ],
  ['unexpected_response', 'a login reply of invalid JSON, echoing the form', text(200, 'application/json'), undefined],
  ['unexpected_response', 'a login redirected, carrying the form', redirect, undefined],
];

describe('Looker: every error kind, with a server echoing the token and the login form', () => {
  test.each(lookerCases)('%s: %s', async (kind, _, login, api, method) => {
    const server = await serve((req, res, seen) => {
      const reply = req.url?.endsWith('/login') ? login : api;
      if (reply) reply(res, echoOf(seen), seen);
      else json(res, 200, grant);
    });
    const looker = createLookerClient({
      baseUrl: server.url,
      credentials: { clientId: SECRETS.clientId, clientSecret: SECRETS.clientSecret },
      fetch: nodeFetch,
      // Short only where a stall must time out: a cold first call on a busy machine can take 100 ms.
      timeoutMs: kind === 'timeout' ? 100 : 5_000,
      retry: { maxRetries: 1 },
      runtime: testRuntime().runtime,
    });
    const result =
      method === 'groupValues'
        ? await looker.setUserAttributeGroupValues({ userAttributeId: '7', groupValues: [{ groupId: '3', value: 'EMEA' }] })
        : await looker.setUserAttributeUserValue({ userId: '42', userAttributeId: '7', value: 'EMEA' });
    const shown = expectNoSecretAnywhere(result, kind);
    // The server did echo secrets, and the SDK removed them.
    if (!['network', 'timeout'].includes(kind)) expect(shown).toContain('[redacted]');
    expectNoSecret(looker);
  });

  test('aborted', async () => {
    const server = await serve((req, res) => (req.url?.endsWith('/login') ? json(res, 200, grant) : undefined));
    const looker = createLookerClient({
      baseUrl: server.url,
      credentials: { clientId: SECRETS.clientId, clientSecret: SECRETS.clientSecret },
      fetch: nodeFetch,
    });
    expectNoSecretAnywhere(
      await looker.setUserAttributeUserValue(
        { userId: '42', userAttributeId: '7', value: 'v' },
        { signal: AbortSignal.timeout(30) },
      ),
      'aborted',
    );
  });

  test('invalid_input, even when the caller put a secret in the input', async () => {
    const dx = createDxClient({ baseUrl: 'http://127.0.0.1:9', token: SECRETS.dxToken, fetch: nodeFetch });
    const result = await dx.updateUserAttributes({ email: 'jo@acme.com', attributes: { [SECRETS.dxToken]: 42 as never } });
    expectNoSecretAnywhere(result, 'invalid_input');
  });

  test('a token from getToken, echoed back, is removed too', async () => {
    const server = await serve((_, res, seen) => echoing(403)(res, echoOf(seen), seen));
    const looker = createLookerClient({ baseUrl: server.url, credentials: { getToken: () => SECRETS.token }, fetch: nodeFetch });
    const shown = expectNoSecretAnywhere(
      await looker.setUserAttributeUserValue({ userId: '42', userAttributeId: '7', value: 'v' }),
      'forbidden',
    );
    expect(shown).toContain('[redacted]');
    expectNoSecret(looker);
  });

  test('a secret with characters that encoding changes is removed in each form it is echoed in', async () => {
    const clientSecret = 'p@ss+w/rd=&"\\ 1234-ü';
    const server = await serve((_, res, seen) =>
      text(401, 'text/plain')(res, `${seen.body} ${encodeURIComponent(clientSecret)}`, seen),
    );
    const looker = createLookerClient({
      baseUrl: server.url,
      credentials: { clientId: SECRETS.clientId, clientSecret },
      fetch: nodeFetch,
    });
    const result = await looker.login();
    expect(result.ok).toBe(false);
    const forms = [
      clientSecret,
      new URLSearchParams({ s: clientSecret }).toString().slice(2),
      encodeURIComponent(clientSecret),
      JSON.stringify(clientSecret).slice(1, -1),
    ];
    for (const shown of renderings(result)) for (const form of forms) expect(shown).not.toContain(form);
  });

  test('a message cut to one short line never keeps part of a secret', async () => {
    const server = await serve((req, res) =>
      req.url?.endsWith('/login')
        ? json(res, 200, grant)
        : json(res, 400, { message: `${'x'.repeat(190)}${SECRETS.token}\r\nX-Injected: yes` }),
    );
    const looker = createLookerClient({
      baseUrl: server.url,
      credentials: { clientId: SECRETS.clientId, clientSecret: SECRETS.clientSecret },
      fetch: nodeFetch,
    });
    const result = await looker.setUserAttributeUserValue({ userId: '42', userAttributeId: '7', value: 'v' });
    if (result.ok) throw new Error('expected an error');
    expect(result.error.message).not.toMatch(/[\r\n]/);
    for (let i = 0; i + 6 <= SECRETS.token.length; i++) expect(result.error.message).not.toContain(SECRETS.token.slice(i, i + 6));
  });
});

// [kind, what the server does, reply]
const dxCases: [string, string, Reply][] = [
  [
    'unauthorized',
    '401 invalid_auth echoing',
    (res, echo) => json(res, 401, { ok: false, error: 'invalid_auth', message: echo }, { 'x-echo': echo }),
  ],
  [
    'unauthorized',
    '200 not_authed echoing in error_details',
    (res, echo) => json(res, 200, { ok: false, error: 'not_authed', error_details: { message: echo } }),
  ],
  ['forbidden', '403 echoing', echoing(403)],
  ['not_found', '404 echoing', echoing(404)],
  [
    'api_error',
    '200 ok: false with the echo as the error code',
    (res, echo) => json(res, 200, { ok: false, error: echo, message: echo }),
  ],
  ['api_error', '422 echoing', (res, echo) => json(res, 422, { ok: false, error: 'invalid_argument', message: echo })],
  [
    'rate_limited',
    '429 echoing',
    (res, echo) => json(res, 429, { ok: false, error: 'rate_limited', message: echo }, { 'retry-after': '0' }),
  ],
  [
    'partial_failure',
    'failures and the user echoing',
    (res, echo) =>
      json(res, 200, {
        ok: true,
        user: {
          id: echo,
          email: 'jo@acme.com',
          attributes: [{ name: echo, value: echo }],
          failures: [{ name: echo, reason: echo }],
        },
      }),
  ],
  ['server', '500 HTML echoing', text(500)],
  ['unexpected_response', '200 invalid JSON echoing', text(200, 'application/json')],
  ['unexpected_response', 'a redirect carrying the echo', redirect],
  ['network', 'a reset', reset],
  ['timeout', 'a stall', stall],
];

describe('DX: every error kind, with a server echoing the token', () => {
  test.each(dxCases)('%s: %s', async (kind, _, reply) => {
    const server = await serve((_, res, seen) => reply(res, echoOf(seen), seen));
    const dx = createDxClient({
      baseUrl: server.url,
      token: SECRETS.dxToken,
      fetch: nodeFetch,
      timeoutMs: 100,
      retry: { maxRetries: 1 },
      runtime: testRuntime().runtime,
    });
    const shown = expectNoSecretAnywhere(
      await dx.updateUserAttributes({ email: 'jo@acme.com', attributes: { Region: 'EMEA' } }),
      kind,
    );
    if (!['network', 'timeout'].includes(kind)) expect(shown).toContain('[redacted]');
    expectNoSecret(dx);
  });

  test('aborted', async () => {
    const server = await serve(() => {});
    const dx = createDxClient({ baseUrl: server.url, token: SECRETS.dxToken, fetch: nodeFetch });
    expectNoSecretAnywhere(
      await dx.updateUserAttributes({ email: 'jo@acme.com', attributes: { A: 'b' } }, { signal: AbortSignal.timeout(30) }),
      'aborted',
    );
  });
});
