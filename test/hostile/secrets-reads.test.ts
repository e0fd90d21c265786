// The secrets table of secrets.test.ts for the reads, deletes, lookups and lists: a server echoing
// the token into every part of its answer, and for every error kind of each operation nothing that
// can end up in a log shows a secret.
import { describe, expect, test } from 'vitest';
import { createDxClient } from '../../src/dx/index.js';
import { createLookerClient, type LookerClient } from '../../src/looker/index.js';
import { echoing, echoOf, expectNoSecretAnywhere, grant, redirect, reset, stall, text, withEcho, type Reply } from '../support/echoing.js';
import { serve } from '../support/http-server.js';
import { expectNoSecret, json, nodeFetch, SECRETS } from '../support/hostile.js';
import { testRuntime } from '../support/runtime.js';

type Run = (looker: LookerClient) => Promise<{ ok: boolean }>;
/** Each read, delete, lookup, list and definition operation: how to call it, and the statuses its spec declares (others are unexpected). */
const OPERATIONS: [name: string, run: Run, declared: number[]][] = [
  ['allUsers', (l) => l.allUsers({}), [400, 401, 404, 429]],
  ['searchUsers', (l) => l.searchUsers({ email: 'jo%' }), [400, 401, 404, 429]],
  ['allUserAttributes', (l) => l.allUserAttributes({}), [400, 401, 404, 429]],
  ['allGroups', (l) => l.allGroups({}), [400, 401, 404, 429]],
  ['searchGroups', (l) => l.searchGroups({ name: 'Sales' }), [400, 401, 404, 429]],
  ['userAttributeUserValues', (l) => l.userAttributeUserValues({ userId: '42' }), [401, 404, 429]],
  ['deleteUserAttributeUserValue', (l) => l.deleteUserAttributeUserValue({ userId: '42', userAttributeId: '7' }), [400, 401, 403, 404, 429]],
  ['allUserAttributeGroupValues', (l) => l.allUserAttributeGroupValues({ userAttributeId: '7' }), [400, 401, 404, 429]],
  ['deleteUserAttributeGroupValue', (l) => l.deleteUserAttributeGroupValue({ groupId: '3', userAttributeId: '7' }), [400, 401, 403, 404, 429]],
  ['findUserByEmail', (l) => l.findUserByEmail({ email: 'jo@acme.com' }), [400, 401, 404, 429]],
  ['findGroupByName', (l) => l.findGroupByName({ name: 'Sales' }), [400, 401, 404, 429]],
  ['findUserAttributeByName', (l) => l.findUserAttributeByName({ name: 'region' }), [400, 401, 404, 429]],
  ['listUsers', (l) => l.listUsers({}).all(), [400, 401, 404, 429]],
  ['listGroups', (l) => l.listGroups({}).all(), [400, 401, 404, 429]],
  ['createUserAttribute', (l) => l.createUserAttribute({ name: 'region', label: 'Region', type: 'string' }), [400, 401, 404, 409, 422, 429]],
  ['userAttribute', (l) => l.userAttribute({ userAttributeId: '7' }), [400, 401, 404, 429]],
  ['updateUserAttribute', (l) => l.updateUserAttribute({ userAttributeId: '7', label: 'Region' }), [400, 401, 404, 422, 429]],
  ['deleteUserAttribute', (l) => l.deleteUserAttribute({ userAttributeId: '7' }), [400, 401, 404, 429]],
  ['allGroupUsers', (l) => l.allGroupUsers({ groupId: '3' }), [400, 401, 404, 429]],
  ['listGroupUsers', (l) => l.listGroupUsers({ groupId: '3' }).all(), [400, 401, 404, 429]],
  ['samlConfig', (l) => l.samlConfig(), [401, 403, 404, 429]],
  ['oidcConfig', (l) => l.oidcConfig(), [401, 403, 404, 429]],
  ['ldapConfig', (l) => l.ldapConfig(), [401, 403, 404, 429]],
];
const KIND: Record<number, string> = { 400: 'bad_request', 401: 'unauthorized', 403: 'forbidden', 404: 'not_found', 429: 'rate_limited' };

/** [status or how, reply] — the kind follows from the operation's declared statuses. */
const REPLIES: [how: string, reply: Reply, kind: (declared: number[]) => string][] = [
  ...[400, 401, 403, 404].map((status): [string, Reply, (declared: number[]) => string] => [
    `${status} echoing`,
    echoing(status),
    (declared) => (declared.includes(status) ? KIND[status]! : 'unexpected_response'),
  ]),
  ['429 echoing', (res, echo) => json(res, 429, { message: echo }, { 'retry-after': '0', 'x-echo': echo }), () => 'rate_limited'],
  ['500 echoing', echoing(500), () => 'server'],
  ['503 HTML echoing', text(503), () => 'server'],
  ['an undeclared 418 echoing', echoing(418), () => 'unexpected_response'],
  ['a redirect carrying the echo', redirect, () => 'unexpected_response'],
  ['200 HTML echoing', text(200), () => 'unexpected_response'],
  ['200 JSON of the wrong shape echoing', withEcho((echo) => ({ [echo]: [echo] })), () => 'unexpected_response'],
  ['a reset', reset, () => 'network'],
  ['a stall', stall, () => 'timeout'],
];

const client = (url: string, kind: string) =>
  createLookerClient({
    baseUrl: url,
    credentials: { clientId: SECRETS.clientId, clientSecret: SECRETS.clientSecret },
    fetch: nodeFetch,
    timeoutMs: kind === 'timeout' ? 100 : 5_000,
    retry: { maxRetries: 1 },
    runtime: testRuntime().runtime,
  });

describe.each(OPERATIONS)('Looker %s: every error kind, with a server echoing the token', (_, run, declared) => {
  test.each(REPLIES)('%s', async (_, reply, kindOf) => {
    const kind = kindOf(declared);
    const server = await serve((req, res, seen) => (req.url?.endsWith('/login') ? json(res, 200, grant) : reply(res, echoOf(seen), seen)));
    const looker = client(server.url, kind);
    const shown = expectNoSecretAnywhere(await run(looker), kind);
    if (!['network', 'timeout'].includes(kind)) expect(shown).toContain('[redacted]');
    expectNoSecret(looker);
  });
});

// A token a server echoes into the candidates of no_match and ambiguous is removed like any other.
describe('Looker lookups: no_match and ambiguous with echoed candidates', () => {
  const user = (id: string, email: string, echo: string) => ({ id, email, display_name: echo, first_name: echo });
  type Lookup = [name: string, kind: string, body: (echo: string) => unknown, run: Run];
  const CASES: Lookup[] = [
    ['findUserByEmail: no_match', 'no_match', (echo) => [user('1', `${encodeURIComponent(echo)}@acme.com`, echo)], (l) => l.findUserByEmail({ email: 'jo@acme.com' })],
    ['findUserByEmail: ambiguous', 'ambiguous', (echo) => [user('1', 'jo@acme.com', echo), user('2', 'JO@acme.com', echo)], (l) => l.findUserByEmail({ email: 'jo@acme.com' })],
    ['findGroupByName: ambiguous', 'ambiguous', (echo) => [{ id: '1', name: 'Sales', echo }, { id: '2', name: 'sales', echo }], (l) => l.findGroupByName({ name: 'Sales' })],
    ['findUserAttributeByName: no_match', 'no_match', (echo) => [{ id: '7', name: 'other', label: echo, type: 'string' }], (l) => l.findUserAttributeByName({ name: 'region' })],
  ];
  const answer = (body: (echo: string) => unknown) =>
    serve((req, res, seen) => (req.url?.endsWith('/login') ? json(res, 200, grant) : withEcho(body)(res, echoOf(seen), seen)));

  test.each(CASES)('%s: the kind', async (_, kind, body, run) => {
    const server = await answer(body);
    expect(((await run(client(server.url, kind))) as { error?: { kind: string } }).error?.kind).toBe(kind);
  });
  test.each(CASES)('%s: no secret', async (_, kind, body, run) => {
    const server = await answer(body);
    expect(expectNoSecretAnywhere(await run(client(server.url, kind)), kind)).toContain('[redacted]');
  });
});

describe('DX listUsersPage: every error kind, with a server echoing the token', () => {
  test.each<[string, string, Reply]>([
    ['unauthorized', '401 invalid_auth echoing', (res, echo) => json(res, 401, { ok: false, error: 'invalid_auth', message: echo }, { 'x-echo': echo })],
    ['forbidden', '403 echoing (no users:read scope)', echoing(403)],
    ['not_found', '404 echoing', echoing(404)],
    ['api_error', '200 ok: false with the echo as the code', (res, echo) => json(res, 200, { ok: false, error: echo, message: echo })],
    ['rate_limited', '429 echoing', (res, echo) => json(res, 429, { ok: false, error: 'rate_limited', message: echo }, { 'retry-after': '0' })],
    ['server', '500 HTML echoing', text(500)],
    ['unexpected_response', 'users of the wrong shape echoing', withEcho((echo) => ({ ok: true, users: [{ id: 1, email: 2, name: echo }] }))],
    ['unexpected_response', 'a redirect carrying the echo', redirect],
    ['network', 'a reset', reset],
    ['timeout', 'a stall', stall],
  ])('%s: %s', async (kind, _, reply) => {
    const server = await serve((_, res, seen) => reply(res, echoOf(seen), seen));
    const options = { fetch: nodeFetch, timeoutMs: 100, retry: { maxRetries: 1 }, runtime: testRuntime().runtime };
    const dx = createDxClient({ ...options, baseUrl: server.url, token: SECRETS.dxToken });
    const shown = expectNoSecretAnywhere(await dx.listUsersPage({}), kind);
    if (!['network', 'timeout'].includes(kind)) expect(shown).toContain('[redacted]');
    const listed = await dx.listUsers({}).all();
    expectNoSecretAnywhere(listed, kind);
  });
});
