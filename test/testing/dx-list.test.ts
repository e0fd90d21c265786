// The fake DX's users.list over real HTTP: the partial listing and its paging.
import { describe, expect, test } from 'vitest';
import { useFakeServer, type FakeServerContext } from '../support/fake.js';

async function list(context: FakeServerContext, query: Record<string, string> = {}, token = context.fake.dx.createToken()) {
  const response = await fetch(`${context.server.url}/users.list?${new URLSearchParams(query)}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, unknown> };
}

describe('fake DX: users.list', () => {
  const context = useFakeServer();

  test('lists only users with an attribute or a role; the others exist and can be updated', async () => {
    const { dx } = context.fake;
    dx.addUser({ email: 'ana@example.com', name: 'Ana', githubUsername: 'ana-gh', attributes: { Region: 'EU' } });
    dx.addUser({ email: 'ben@example.com', roles: ['admin'] });
    dx.addUser({ email: 'cai@example.com' });
    dx.addUser({ email: 'dee@example.com', listed: true });
    dx.addUser({ email: 'eve@example.com', roles: ['viewer'], listed: false });

    const { status, body } = await list(context);
    expect(status).toBe(200);
    expect(body).toEqual({
      ok: true,
      users: [
        { id: '1', name: 'Ana', email: 'ana@example.com', github_username: 'ana-gh', attributes: [{ name: 'Region', value: 'EU' }], deleted_at: null, roles: [] },
        { id: '2', name: null, email: 'ben@example.com', github_username: null, attributes: [], deleted_at: null, roles: ['admin'] },
        { id: '4', name: null, email: 'dee@example.com', github_username: null, attributes: [], deleted_at: null, roles: [] },
      ],
      next_page: null,
      total: 3,
      total_pages: 1,
    });

    // cai is absent from the listing but exists: an update reaches them, and then they are listed.
    const update = await context.dx().updateUserAttributes({ email: 'cai@example.com', attributes: { Team: 'Core' } });
    expect(update.ok).toBe(true);
    expect(((await list(context)).body.users as { email: string }[]).map((u) => u.email)).toEqual([
      'ana@example.com',
      'ben@example.com',
      'cai@example.com',
      'dee@example.com',
    ]);
    // Removing the last attribute takes them out again.
    await context.dx().updateUserAttributes({ email: 'cai@example.com', attributes: { Team: null } });
    expect(context.fake.dx.listedUsers().map((u) => u.email)).not.toContain('cai@example.com');
  });

  test('pages from 1 with page_size; next_page is null on the last page; past the end is empty', async () => {
    for (let i = 1; i <= 5; i++) context.fake.dx.addUser({ email: `u${i}@example.com`, attributes: { N: String(i) } });
    const page = async (query: Record<string, string>) => {
      const { body } = await list(context, query);
      return { emails: (body.users as { email: string }[]).map((u) => u.email), next: body.next_page, total: body.total, pages: body.total_pages };
    };
    expect(await page({ page_size: '2' })).toEqual({ emails: ['u1@example.com', 'u2@example.com'], next: 2, total: 5, pages: 3 });
    expect(await page({ page: '2', page_size: '2' })).toEqual({ emails: ['u3@example.com', 'u4@example.com'], next: 3, total: 5, pages: 3 });
    expect(await page({ page: '3', page_size: '2' })).toEqual({ emails: ['u5@example.com'], next: null, total: 5, pages: 3 });
    expect(await page({ page: '4', page_size: '2' })).toEqual({ emails: [], next: null, total: 5, pages: 3 });
    expect(await page({ page_size: '5' })).toEqual({ emails: expect.any(Array), next: null, total: 5, pages: 1 });
    expect((await page({ page_size: '100' })).emails).toHaveLength(5);
  });

  test('the default page is 100 users; over 100, or a page of 0, is an invalid_arguments reply', async () => {
    for (let i = 1; i <= 101; i++) context.fake.dx.addUser({ email: `u${i}@example.com`, roles: ['member'] });
    const first = await list(context);
    expect((first.body.users as unknown[]).length).toBe(100);
    expect(first.body).toMatchObject({ next_page: 2, total: 101, total_pages: 2 });
    for (const query of [{ page_size: '101' }, { page_size: '0' }, { page: '0' }, { page: 'last' }] as Record<string, string>[]) {
      const refused = await list(context, query);
      expect(refused.status, JSON.stringify(query)).toBe(422);
      expect(refused.body).toMatchObject({ ok: false, error: 'invalid_arguments' });
    }
  });

  test('a token the account does not know: 401 invalid_auth', async () => {
    const refused = await list(context, {}, 'not-a-token');
    expect(refused).toMatchObject({ status: 401, body: { ok: false, error: 'invalid_auth' } });
  });
});
