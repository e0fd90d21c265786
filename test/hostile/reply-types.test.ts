// Replies whose fields have the wrong type: what the SDK reads or returns is checked against the
// spec first, so it is `unexpected_response` naming the field, never a wrong success (a string
// `failures` counted per character, `ok: "true"` passing as true, a token that expires at once).
// And caller arrays with holes are refused item by item, never sent with `null` in them.
import { describe, expect, test } from 'vitest';
import { createDxClient } from '../../src/dx/index.js';
import { createLookerClient } from '../../src/looker/index.js';
import { SECRETS } from '../support/hostile.js';
import { testRuntime } from '../support/runtime.js';

const BASE = 'https://acme.looker.com';
const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

/** A fetch answering the login with `login` and everything else with `reply`, recording what is sent. */
function answering(reply: () => Response, login = () => json({ access_token: SECRETS.token, token_type: 'Bearer', expires_in: 3600 })) {
  const sent: { url: string; body: unknown }[] = [];
  const fetch = async (url: string, init: RequestInit) => {
    sent.push({ url, body: init.body });
    return url.endsWith('/login') ? login() : reply();
  };
  return { fetch, sent };
}

const options = { retry: false as const, runtime: testRuntime().runtime };
const lookerWith = (fetch: ReturnType<typeof answering>['fetch']) =>
  createLookerClient({ ...options, baseUrl: BASE, credentials: { clientId: SECRETS.clientId, clientSecret: SECRETS.clientSecret }, fetch });
const dxWith = (fetch: ReturnType<typeof answering>['fetch']) => createDxClient({ ...options, token: SECRETS.dxToken, fetch });

function expectUnexpected(result: { ok: boolean; error?: unknown }, field: string | RegExp) {
  expect(result.ok).toBe(false);
  const error = result.error as { kind: string; message: string };
  expect(error.kind).toBe('unexpected_response');
  // The field by its whole name: `user.attributes[0]` is not named by `user.attributes[0].name`.
  const named = typeof field === 'string' ? new RegExp(`(?<![\\w.])${field.replace(/[.[\]]/g, '\\$&')}(?![\\w.[])`) : field;
  expect(error.message).toMatch(named);
}

describe('a login reply', () => {
  test.each([
    ['expires_in as a string', { expires_in: '3600' }, /expires_in is not a number/],
    ['expires_in as a boolean', { expires_in: true }, /expires_in is not a number/],
    ['expires_in as an array', { expires_in: [3600] }, /expires_in is not a number/],
    ['expires_in as null', { expires_in: null }, /expires_in is not a number/],
    ['expires_in left out', { expires_in: undefined }, /expires_in is not a number/],
    ['expires_in of 0', { expires_in: 0 }, /expires_in is 0: the token would already be expired/],
    ['expires_in negative', { expires_in: -60 }, /expires_in is -60: the token would already be expired/],
    ['access_token as a number', { access_token: 42 }, /access_token is not a non-empty string/],
    ['access_token empty', { access_token: '' }, /access_token is not a non-empty string/],
    ['access_token with a line break', { access_token: 'a\r\nb' }, /access_token is not a non-empty string/],
    ['access_token as an object', { access_token: { value: SECRETS.token } }, /access_token is not a non-empty string/],
  ])('%s: unexpected_response naming it, and the call is not sent', async (_, fields, message) => {
    const { fetch, sent } = answering(
      () => json({ value: 'EMEA' }),
      () => json({ access_token: SECRETS.token, token_type: 'Bearer', expires_in: 3600, ...fields }),
    );
    const looker = lookerWith(fetch);
    expectUnexpected(await looker.login(), message);
    expectUnexpected(await looker.setUserAttributeUserValue({ userId: '42', userAttributeId: '7', value: 'EMEA' }), message);
    expect(sent.filter(({ url }) => !url.endsWith('/login'))).toEqual([]);
  });

  test('expires_in of 1e400 (Infinity once parsed) is not a number', async () => {
    const login = () =>
      new Response(`{"access_token":"${SECRETS.token}","expires_in":1e400}`, { headers: { 'content-type': 'application/json' } });
    expectUnexpected(await lookerWith(answering(() => json({}), login).fetch).login(), /expires_in is not a number/);
  });
});

describe('a Looker reply', () => {
  const looker = (body: unknown) => lookerWith(answering(() => json(body)).fetch);
  test.each([
    ['allUsers', 'body[1].id', [{ id: '1' }, { id: 2 }]],
    ['allUsers', 'body[0].is_disabled', [{ id: '1', is_disabled: 'false' }]],
    ['allUsers', 'body[0].group_ids', [{ id: '1', group_ids: '1,2' }]],
    ['allUsers', 'body is not an array', { id: '1' }],
    ['allUsers', 'body[0] is not an object', ['1']],
    ['searchUsers', 'body[0].email', [{ id: '1', email: ['a@b.c'] }]],
    ['allGroups', 'body[0].name', [{ id: '1', name: 7 }]],
    ['searchGroups', 'body[1].id', [{ id: null, name: 'x' }, { id: true }]],
    ['allUserAttributes', 'body[0].value_is_hidden', [{ id: '7', name: 'region', value_is_hidden: 'true' }]],
    ['allUserAttributes', 'body[0].type', [{ id: '7', name: 'region', type: 1 }]],
  ])('%s with %s of the wrong type: unexpected_response naming it', async (method, field, body) => {
    const client = looker(body) as unknown as Record<string, (input: object) => Promise<{ ok: boolean; error?: unknown }>>;
    expectUnexpected(await client[method]!({}), field);
  });

  test.each([
    ['userAttributeUserValues', { userId: '42' }, 'body[0].rank', [{ value: 'x', rank: '1' }]],
    ['userAttributeUserValues', { userId: '42' }, 'body[0].value', [{ value: 5 }]],
    ['allUserAttributeGroupValues', { userAttributeId: '7' }, 'body[0].group_id', [{ group_id: 3 }]],
    ['setUserAttributeUserValue', { userId: '42', userAttributeId: '7', value: 'x' }, 'body.value', { value: ['x'] }],
    ['updateUserAttributeGroupValue', { groupId: '3', userAttributeId: '7', value: 'x' }, 'body.rank', { rank: 1.5 }],
    ['deleteUserAttributeUserValue', { userId: '42', userAttributeId: '7' }, 'body is not empty', { deleted: true }],
  ])('%s with %s of the wrong type: unexpected_response naming it', async (method, input, field, body) => {
    const client = looker(body) as unknown as Record<string, (input: object) => Promise<{ ok: boolean; error?: unknown }>>;
    expectUnexpected(await client[method]!(input), field);
  });
});

describe('a DX reply', () => {
  const user = { id: 'u1', email: 'jo@acme.com', attributes: [{ name: 'Region', value: 'EMEA', updated: true }], failures: [] };
  const update = (body: unknown) =>
    dxWith(answering(() => json(body)).fetch).updateUserAttributes({ email: 'jo@acme.com', attributes: { Region: 'EMEA' } });

  test.each([
    ['failures as an object', { ...user, failures: { Region: 'locked' } }, 'user.failures'],
    ['failures as a string', { ...user, failures: 'Region' }, 'user.failures'],
    ['failures as a number', { ...user, failures: 1 }, 'user.failures'],
    ['attributes as an object', { ...user, attributes: { Region: 'EMEA' } }, 'user.attributes'],
    ['attributes left out', { ...user, attributes: undefined }, 'user.attributes'],
    ['an attribute that is a string', { ...user, attributes: ['Region'] }, 'user.attributes[0]'],
    ['an attribute without a name', { ...user, attributes: [{ value: 'EMEA' }] }, 'user.attributes[0].name'],
    ['an attribute value as a number', { ...user, attributes: [{ name: 'Region', value: 1 }] }, 'user.attributes[0].value'],
    ['email as a number', { ...user, email: 1 }, 'user.email'],
    ['user as a string', 'jo@acme.com', 'user is not an object'],
  ])('updateUserAttributes with %s: unexpected_response naming it', async (_, body, field) => {
    expectUnexpected(await update({ ok: true, user: body }), field);
  });

  test('failures null or left out means none: success', async () => {
    expect((await update({ ok: true, user: { ...user, failures: null } })).ok).toBe(true);
    expect((await update({ ok: true, user: { ...user, failures: undefined } })).ok).toBe(true);
  });

  test('a non-empty failures list is a partial failure, never a success', async () => {
    const result = await update({ ok: true, user: { ...user, failures: [{ name: 'Region' }] } });
    expect(!result.ok && result.error.kind).toBe('partial_failure');
  });

  test.each([
    ['the string "true"', 'true', /ok is "true", not true/],
    ['1', 1, /ok is 1, not true/],
    ['null', null, /ok is null, not true/],
    ['an object', { value: true }, /ok is \{"value":true\}, not true/],
    ['left out', undefined, /ok is missing, not true/],
    ['false without an error code', false, /ok is false, not true/],
  ])('ok as %s: unexpected_response naming ok', async (_, ok, message) => {
    expectUnexpected(await update({ ok, user }), message);
    const list = await dxWith(answering(() => json({ ok, users: [], next_page: null, total: 0, total_pages: 0 })).fetch).listUsersPage();
    expectUnexpected(list, message);
  });

  test.each([
    ['users as an object', { users: {} }, 'users is not an array'],
    ['a user without an email', { users: [{ id: 1, attributes: [] }] }, 'users[0].email'],
    ['attributes as a string', { users: [{ id: 1, email: 'a@b.c', attributes: 'Region' }] }, 'users[0].attributes'],
    ['next_page as a string', { users: [], next_page: '2' }, 'body.next_page'],
    ['total as a fraction', { users: [], total: 1.5 }, 'body.total'],
    ['total_pages as a string', { users: [], total_pages: '1' }, 'body.total_pages'],
  ])('listUsersPage with %s: unexpected_response naming it', async (_, body, field) => {
    const result = await dxWith(answering(() => json({ ok: true, ...body })).fetch).listUsersPage();
    expectUnexpected(result, field);
  });
});

describe('arrays with holes from the caller', () => {
  const refused = async (run: () => Promise<unknown>, path: string, sent: unknown[]) => {
    const result = (await run()) as { ok: boolean; error: { kind: string; issues: { path: string }[]; attempts: number } };
    expect(result.ok).toBe(false);
    expect(result.error.kind).toBe('invalid_input');
    expect(result.error.attempts).toBe(0);
    expect(result.error.issues.map((issue) => issue.path)).toContain(path);
    expect(sent).toEqual([]);
  };
  // eslint-disable-next-line no-sparse-arrays
  const holed = <T>(item: T) => [, item] as T[];

  test('groupValues [ , {…}]: invalid_input naming groupValues[0], nothing sent', async () => {
    const { fetch, sent } = answering(() => json([]));
    const looker = lookerWith(fetch);
    await refused(() => looker.setUserAttributeGroupValues({ userAttributeId: '7', groupValues: holed({ groupId: '3', value: 'x' }) }), 'groupValues[0]', sent);
  });

  test('DX attributes [ , {…}]: invalid_input naming attributes[0], nothing sent', async () => {
    const { fetch, sent } = answering(() => json({}));
    await refused(
      () => dxWith(fetch).updateUserAttributes({ email: 'jo@acme.com', attributes: holed({ name: 'Region', value: 'EMEA' }) }),
      'attributes[0]',
      sent,
    );
  });

  test.each([
    ['allUsers', { fields: holed('id') }, 'fields[0]'],
    ['allUsers', { ids: holed('1') }, 'ids[0]'],
    ['allGroups', { ids: holed('1') }, 'ids[0]'],
    ['searchUsers', { fields: holed('id') }, 'fields[0]'],
    ['userAttributeUserValues', { userId: '42', userAttributeIds: holed('7') }, 'userAttributeIds[0]'],
    ['allUserAttributeGroupValues', { userAttributeId: '7', fields: holed('value') }, 'fields[0]'],
  ])('%s with a hole in %o: invalid_input naming it, nothing sent', async (method, input, path) => {
    const { fetch, sent } = answering(() => json([]));
    const looker = lookerWith(fetch) as unknown as Record<string, (input: object) => Promise<unknown>>;
    await refused(() => looker[method]!(input), path, sent);
  });
});
