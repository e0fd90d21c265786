// DX users.list through the SDK: one page (listUsersPage) and every page (listUsers) against the
// fake over HTTP and msw, its partial listing, and replies only msw can make (next_page jumps, bad items).
import { http, HttpResponse } from 'msw';
import { describe, expect, test } from 'vitest';
import { createDxClient } from '../../src/dx/index.js';
import { DX, DX_TOKEN, dxError } from '../support/dx.js';
import { testRuntime } from '../support/runtime.js';
import { server } from '../support/server.js';
import { sentTo, TRANSPORTS, useFake } from '../support/reads.js';

describe.each(TRANSPORTS)('over %s', (transport) => {
  const context = useFake(transport);
  const addListed = (count: number) =>
    Array.from({ length: count }, (_, i) => context.fake.dx.addUser({ email: `u${i}@acme.com`, attributes: { Team: `t${i}` } }).email);

  test('listUsersPage: one page, with next_page, total and total_pages', async () => {
    addListed(5);
    const dx = context.dx();
    const first = await dx.listUsersPage({ page: 1, pageSize: 2 });
    if (!first.ok) throw new Error(first.error.message);
    expect(first.data).toMatchObject({ nextPage: 2, total: 5, totalPages: 3 });
    expect(first.data.users.map((u) => [u.email, u.attributes])).toEqual([
      ['u0@acme.com', [{ name: 'Team', value: 't0' }]],
      ['u1@acme.com', [{ name: 'Team', value: 't1' }]],
    ]);
    const last = await dx.listUsersPage({ page: 3, pageSize: 2 });
    expect(last.ok && [last.data.users.length, last.data.nextPage]).toEqual([1, null]);
    expect(sentTo(context, '/users.list').map((r) => r.url.search)).toEqual(['?page=1&page_size=2', '?page=3&page_size=2']);
  });

  test('listUsers: every listed user across pages, following next_page; .all() too', async () => {
    const emails = addListed(5);
    const dx = context.dx();
    const seen: string[] = [];
    for await (const item of dx.listUsers({ pageSize: 2 })) {
      if (!item.ok) throw new Error(item.error.message);
      seen.push(item.data.email);
    }
    expect(seen).toEqual(emails);
    expect(context.fake.calls.byOperation('dx')).toEqual({ 'users.list': 3 });
    const all = await dx.listUsers().all();
    expect(all.ok && all.data.map((u) => u.email)).toEqual(emails);
    expect(sentTo(context, '/users.list').map((r) => r.url.search)).toEqual([
      '?page=1&page_size=2',
      '?page=2&page_size=2',
      '?page=3&page_size=2',
      '?page=1&page_size=100',
    ]);
  });

  test('the partial listing: a user with no attributes and no role is absent; one with a role has attributes []', async () => {
    context.fake.dx.addUser({ email: 'quiet@acme.com' });
    context.fake.dx.addUser({ email: 'admin@acme.com', roles: ['admin'] });
    context.fake.dx.addUser({ email: 'ana@acme.com', attributes: { Region: 'EU' } });
    const all = await context.dx().listUsers().all();
    if (!all.ok) throw new Error(all.error.message);
    expect(all.data.map((u) => [u.email, u.attributes])).toEqual([
      ['admin@acme.com', []],
      ['ana@acme.com', [{ name: 'Region', value: 'EU' }]],
    ]);
  });

  test('no users: one call, nothing yielded', async () => {
    const all = await context.dx().listUsers({ pageSize: 10 }).all();
    expect(all.ok && all.data).toEqual([]);
    expect(context.fake.calls.total('dx')).toBe(1);
  });

  test('a 429 after the first page is retried for that page, and the listing completes', async () => {
    const emails = addListed(3);
    const seen: string[] = [];
    for await (const item of context.dx().listUsers({ pageSize: 1 })) {
      if (!item.ok) throw new Error(item.error.message);
      if (seen.push(item.data.email) === 1) context.fake.faults.add({ service: 'dx', operation: 'users.list', rateLimit: {}, times: 1 });
    }
    expect(seen).toEqual(emails);
    expect(context.fake.calls.byOperation('dx')).toEqual({ 'users.list': 4 });
    expect(context.clock.sleeps).toHaveLength(1);
  });

  test('a failed page is yielded once and ends the listing', async () => {
    addListed(3);
    const items = [];
    for await (const item of context.dx().listUsers({ pageSize: 1 })) {
      items.push(item);
      if (items.length === 1) context.fake.faults.add({ service: 'dx', operation: 'users.list', serverError: 500 });
    }
    expect(items.map((i) => (i.ok ? 'user' : i.error.kind))).toEqual(['user', 'server']);
  });

  test('an abort mid-page: the next item is aborted and nothing more is sent', async () => {
    addListed(3);
    const controller = new AbortController();
    const items = [];
    for await (const item of context.dx().listUsers({}, { signal: controller.signal })) {
      items.push(item);
      controller.abort();
    }
    expect(items.map((i) => (i.ok ? 'user' : `${i.error.kind} ${i.error.operation}`))).toEqual(['user', 'aborted users.list']);
    expect(context.fake.calls.total('dx')).toBe(1);
  });

  test('a token the fake does not know is unauthorized', async () => {
    const result = await context.dx({ token: 'not-a-known-token' }).listUsersPage();
    expect(result.ok ? undefined : result.error).toMatchObject({ kind: 'unauthorized', status: 401, operation: 'users.list' });
  });
});

describe('against msw', () => {
  const LIST_URL = `${DX}/users.list`;
  const dx = () => createDxClient({ token: DX_TOKEN, runtime: testRuntime().runtime, retry: false });
  const user = (email: string, extra: object = {}) => ({ id: 1, email, attributes: [], ...extra });

  test('listUsers asks for the page next_page names, not the next number', async () => {
    const asked: (string | null)[] = [];
    server.use(
      http.get(LIST_URL, ({ request }) => {
        const page = new URL(request.url).searchParams.get('page');
        asked.push(page);
        return HttpResponse.json({ ok: true, users: [user(`p${page}@acme.com`)], next_page: page === '1' ? 3 : null, total: 2, total_pages: 3 });
      }),
    );
    const all = await dx().listUsers().all();
    expect(all.ok && all.data.map((u) => u.email)).toEqual(['p1@acme.com', 'p3@acme.com']);
    expect(asked).toEqual(['1', '3']);
  });

  test('a next_page that does not come after the page is unexpected_response, not an endless listing', async () => {
    server.use(http.get(LIST_URL, () => HttpResponse.json({ ok: true, users: [user('a@acme.com')], next_page: 1 })));
    const items = [];
    for await (const item of dx().listUsers()) items.push(item);
    expect(items).toMatchObject([{ ok: false, error: { kind: 'unexpected_response', message: expect.stringContaining('next_page 1 does not follow page 1') } }]);
  });

  test('a listed user without attributes gets attributes []; a bad attribute is unexpected_response naming it', async () => {
    server.use(http.get(LIST_URL, () => HttpResponse.json({ ok: true, users: [{ id: 'x', email: 'a@acme.com' }], next_page: null })));
    const page = await dx().listUsersPage();
    expect(page.ok && page.data).toEqual({ users: [{ id: 'x', email: 'a@acme.com', attributes: [] }], nextPage: null, total: 1, totalPages: 1 });
    server.use(http.get(LIST_URL, () => HttpResponse.json({ ok: true, users: [user('a@acme.com', { attributes: [{ name: 1, value: 'x' }] })] })));
    const bad = await dx().listUsersPage();
    expect(bad.ok ? undefined : bad.error).toMatchObject({ kind: 'unexpected_response', message: expect.stringContaining('users[0].attributes[0].name') });
  });

  test.each([
    [dxError('missing_scope', 403), 'forbidden'],
    [dxError('invalid_auth', 401), 'unauthorized'],
    [dxError('rate_limited', 429), 'rate_limited'],
    [dxError('something', 200), 'api_error'],
    [HttpResponse.json({ ok: true, users: 'none' }), 'unexpected_response'],
  ])('%# a failed reply is its kind', async (reply, kind) => {
    server.use(http.get(LIST_URL, () => reply));
    const result = await dx().listUsersPage();
    expect(result.ok ? undefined : result.error).toMatchObject({ kind, operation: 'users.list' });
  });

  test.each([
    [{ pageSize: 0 }, ['pageSize']],
    [{ pageSize: 101 }, ['pageSize']],
    [{ page: 0, pageSize: 1.5 }, ['page', 'pageSize']],
    ['page 2', ['input']],
  ])('listUsersPage(%j) is invalid_input, nothing sent', async (input, paths) => {
    const result = await dx().listUsersPage(input as never);
    expect(result.ok ? undefined : result.error).toMatchObject({ kind: 'invalid_input', attempts: 0, issues: paths.map((path) => ({ path })) });
  });

  test('listUsers refuses a bad pageSize once, before sending', async () => {
    const items = [];
    for await (const item of dx().listUsers({ pageSize: 500 })) items.push(item);
    expect(items).toMatchObject([{ ok: false, error: { kind: 'invalid_input', operation: 'users.list', issues: [{ path: 'pageSize' }] } }]);
    const refuse = () => {
      throw new Error('no');
    };
    const hostile = new Proxy({}, { ownKeys: refuse });
    expect(await dx().listUsers(hostile as never).all()).toMatchObject({ ok: false, error: { kind: 'invalid_input' } });
  });
});
