// listUsers and listGroups against the fake over HTTP and msw: pages across boundaries, `.all()`,
// laziness, an abort mid-iteration, a 429 retried per page, a failed page, and the calls it costs.
import { describe, expect, test } from 'vitest';
import type { LookerUser } from '../../src/looker/index.js';
import { sentTo, TRANSPORTS, useFake } from '../support/reads.js';

describe.each(TRANSPORTS)('over %s', (transport) => {
  const context = useFake(transport);

  /** Adds `count` users, user0@acme.com … in id order, and returns their ids. */
  const addUsers = (count: number) => Array.from({ length: count }, (_, i) => context.fake.looker.addUser({ email: `user${i}@acme.com` }).id);

  /** A client that has logged in, with the call meter reset, so counts are of list calls only. */
  async function loggedIn(options: Parameters<typeof context.looker>[0] = {}) {
    const looker = context.looker(options);
    await looker.login();
    context.fake.calls.reset();
    return looker;
  }

  test.each([
    [5, 2, [0, 2, 4]],
    [4, 2, [0, 2, 4]],
    [0, 2, [0]],
    [1, 500, [0]],
  ])('%i users, pageSize %i: every user once, in id order, pages at offsets %j', async (count, pageSize, offsets) => {
    const ids = addUsers(count);
    const looker = await loggedIn();
    const seen: string[] = [];
    for await (const item of looker.listUsers({ fields: ['id', 'email'], pageSize })) {
      if (!item.ok) throw new Error(item.error.message);
      seen.push(item.data.id);
    }
    expect(seen).toEqual(ids);
    const pages = sentTo(context, '/users').map((r) => r.url.searchParams);
    expect(pages.map((q) => Number(q.get('offset')))).toEqual(offsets);
    expect(pages.every((q) => q.get('limit') === String(pageSize) && q.get('fields') === 'id,email' && q.get('sorts') === 'id')).toBe(true);
    expect(context.fake.calls.byOperation('looker')).toEqual({ all_users: offsets.length });
  });

  test('.all() collects every page into one result', async () => {
    const ids = addUsers(5);
    const looker = await loggedIn();
    const all = await looker.listUsers({ pageSize: 2, sorts: 'email desc' }).all();
    expect(all.ok && all.data.map((u) => u.id)).toEqual([...ids].reverse());
    expect(all.ok && all.response.status).toBe(200);
    expect(sentTo(context, '/users')[0]?.url.searchParams.get('sorts')).toBe('email desc');
  });

  test.each([
    [7, 3, 3],
    [6, 3, 3],
    [10, 1, 11],
    [10, 1000, 1],
  ])('the call meter: %i users with pageSize %i cost %i all_users calls', async (count, pageSize, calls) => {
    addUsers(count);
    const looker = await loggedIn();
    const all = await looker.listUsers({ pageSize }).all();
    expect(all.ok && all.data.length).toBe(count);
    expect(context.fake.calls.total('looker')).toBe(calls);
  });

  test('lazy: breaking after the first item reads one page; each iteration starts again', async () => {
    addUsers(5);
    const looker = await loggedIn();
    const list = looker.listUsers({ pageSize: 2 });
    for await (const item of list) {
      expect(item.ok).toBe(true);
      break;
    }
    expect(context.fake.calls.total('looker')).toBe(1);
    expect((await list.all()).ok).toBe(true);
    expect(context.fake.calls.total('looker')).toBe(4);
  });

  test('an abort mid-page: the next item is aborted, and the iteration ends without another call', async () => {
    addUsers(5);
    const looker = await loggedIn();
    const controller = new AbortController();
    const items = [];
    for await (const item of looker.listUsers({ pageSize: 2 }, { signal: controller.signal })) {
      items.push(item);
      controller.abort(new Error('stop'));
    }
    expect(items.map((i) => i.ok)).toEqual([true, false]);
    expect(items[1]).toMatchObject({ ok: false, error: { kind: 'aborted', operation: 'all_users', reason: new Error('stop') } });
    expect(context.fake.calls.total('looker')).toBe(1);
  });

  test('an abort between pages: the next page is never sent', async () => {
    addUsers(5);
    const looker = await loggedIn();
    const controller = new AbortController();
    const items = [];
    for await (const item of looker.listUsers({ pageSize: 2 }, { signal: controller.signal })) {
      items.push(item);
      if (items.length === 2) controller.abort();
    }
    expect(items.map((i) => (i.ok ? 'user' : i.error.kind))).toEqual(['user', 'user', 'aborted']);
    expect(context.fake.calls.total('looker')).toBe(1);
    const again = await looker.listUsers({ pageSize: 2 }, { signal: controller.signal }).all();
    expect(again.ok ? undefined : again.error.kind).toBe('aborted');
    expect(context.fake.calls.total('looker')).toBe(1);
  });

  test('a 429 after the first page is retried for that page alone, and the listing completes', async () => {
    const ids = addUsers(5);
    const looker = await loggedIn();
    const seen: string[] = [];
    for await (const item of looker.listUsers({ pageSize: 2 })) {
      if (!item.ok) throw new Error(item.error.message);
      if (seen.push(item.data.id) === 1) {
        context.fake.faults.add({ service: 'looker', operation: 'all_users', rateLimit: { retryAfter: { seconds: 3 } }, times: 1 });
      }
    }
    expect(seen).toEqual(ids);
    expect(context.fake.calls.byOperation('looker')).toEqual({ all_users: 4 });
    expect(context.clock.sleeps).toEqual([3000]);
    expect(sentTo(context, '/users').map((r) => r.url.searchParams.get('offset'))).toEqual(['0', '2', '2', '4']);
  });

  test('a failed page is yielded once and ends the iteration; .all() returns that error', async () => {
    addUsers(5);
    const looker = await loggedIn({ retry: false });
    const items: ({ ok: true; data: LookerUser } | { ok: false; error: { kind: string } })[] = [];
    for await (const item of looker.listUsers({ pageSize: 2 })) {
      items.push(item);
      if (items.length === 2) context.fake.faults.add({ service: 'looker', operation: 'all_users', rateLimit: {} });
    }
    expect(items.map((i) => (i.ok ? 'user' : i.error.kind))).toEqual(['user', 'user', 'rate_limited']);
    expect(context.fake.calls.total('looker')).toBe(2);
    const all = await looker.listUsers({ pageSize: 2 }).all();
    expect(all).toMatchObject({ ok: false, error: { kind: 'rate_limited', status: 429, operation: 'all_users' } });
  });

  test('a 500 is not retried: the listing ends with it, and the next one succeeds', async () => {
    addUsers(3);
    const looker = await loggedIn();
    context.fake.faults.add({ service: 'looker', operation: 'all_users', serverError: 500 });
    const first = await looker.listUsers({ pageSize: 2 }).all();
    expect(first).toMatchObject({ ok: false, error: { kind: 'server', status: 500 } });
    const second = await looker.listUsers({ pageSize: 2 }).all();
    expect(second.ok && second.data.length).toBe(3);
  });

  test('listGroups pages the same way, over GET /groups', async () => {
    const groups = ['Sales', 'Support', 'Eng'].map((name) => context.fake.looker.addGroup({ name }));
    const looker = await loggedIn();
    const all = await looker.listGroups({ pageSize: 1, fields: ['id', 'name'] }).all();
    expect(all.ok && all.data).toEqual(groups.map(({ id, name }) => ({ id, name })));
    expect(context.fake.calls.byOperation('looker')).toEqual({ all_groups: 4 });
  });
});
