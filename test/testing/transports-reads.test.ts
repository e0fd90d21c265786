// Every read route and delete answers the same through the msw handlers as over real HTTP.
import { expect, test } from 'vitest';
import { createFakeServices, startFakeServer, type FakeServices } from '../../src/testing/index.js';
import { createMswHandlers, FAKE_DX_URL, FAKE_LOOKER_URL } from '../../src/testing/msw.js';
import { server } from '../support/server.js';
import { passLoopbackThrough, seedOrg } from '../support/fake.js';

/** Seeds the fake, then sends one raw request to each new route; returns every status and body. */
async function runReads(fake: FakeServices, lookerUrl: string, dxUrl: string) {
  const { sales, ana, region } = seedOrg(fake);
  fake.looker.addUser({ email: 'axb@example.com', isDisabled: true });
  fake.looker.addUserAttribute({ name: 'team', defaultValue: 'none' });
  fake.looker.updateGroupValue(sales.id, region.id, 'Sales-land');
  fake.looker.setUserValue(ana.id, region.id, 'EMEA');
  fake.dx.addUser({ email: 'ana@example.com', attributes: { Region: 'EU' } });
  fake.dx.addUser({ email: 'ben@example.com' });
  const looker = { authorization: `Bearer ${fake.looker.issueAccessToken()}` };
  const dx = { authorization: `Bearer ${fake.dx.createToken()}` };
  const requests: [string, string, Record<string, string>][] = [
    ['GET', `${lookerUrl}/api/4.0/users?fields=id,email&limit=2&offset=1&sorts=email%20desc`, looker],
    ['GET', `${lookerUrl}/api/4.0/users?ids=1,4`, looker],
    ['GET', `${lookerUrl}/api/4.0/users/search?email=a_b%25&is_disabled=true`, looker],
    ['GET', `${lookerUrl}/api/4.0/groups?fields=name,user_count`, looker],
    ['GET', `${lookerUrl}/api/4.0/groups/search?name=s%25&limit=1`, looker],
    ['GET', `${lookerUrl}/api/4.0/user_attributes?fields=id,name,type`, looker],
    ['GET', `${lookerUrl}/api/4.0/users/${ana.id}/attribute_values?user_attribute_ids=${region.id}&all_values=true`, looker],
    ['GET', `${lookerUrl}/api/4.0/users/${ana.id}/attribute_values?user_attribute_ids=${region.id}&user_attribute_ids=9&include_unset=true`, looker],
    ['GET', `${lookerUrl}/api/4.0/user_attributes/${region.id}/group_values?fields=group_id,value`, looker],
    ['DELETE', `${lookerUrl}/api/4.0/users/${ana.id}/attribute_values/${region.id}`, looker],
    ['DELETE', `${lookerUrl}/api/4.0/groups/${sales.id}/attribute_values/${region.id}`, looker],
    ['GET', `${lookerUrl}/api/4.0/users/${ana.id}/attribute_values?fields=value,source`, looker],
    ['GET', `${lookerUrl}/api/4.0/users`, {}],
    ['GET', `${dxUrl}/users.list?page_size=1`, dx],
    ['GET', `${dxUrl}/users.list?page=2&page_size=1`, dx],
    ['GET', `${dxUrl}/users.list?page_size=500`, dx],
  ];
  const replies = [];
  for (const [method, url, headers] of requests) {
    const response = await fetch(url, { method, headers });
    const text = await response.text();
    replies.push({ status: response.status, body: text === '' ? '' : (JSON.parse(text) as unknown) });
  }
  return { replies, calls: [fake.calls.byOperation('looker'), fake.calls.byOperation('dx')], looker: fake.looker.snapshot() };
}

test('msw handlers and the HTTP server answer every read and delete alike', async () => {
  const mswFake = createFakeServices({ now: () => 0 });
  server.use(...createMswHandlers(mswFake));
  const throughMsw = await runReads(mswFake, FAKE_LOOKER_URL, FAKE_DX_URL);

  const httpServer = await startFakeServer({ fake: createFakeServices({ now: () => 0 }) });
  passLoopbackThrough();
  try {
    expect(await runReads(httpServer.fake, httpServer.url, httpServer.url)).toEqual(throughMsw);
  } finally {
    await httpServer.close();
  }

  expect(throughMsw.replies.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 204, 204, 200, 401, 200, 200, 422]);
  const body = (i: number) => throughMsw.replies[i]?.body;
  expect(body(0)).toEqual([
    { id: '2', email: 'ben@example.com' },
    { id: '4', email: 'axb@example.com' },
  ]);
  expect(body(2)).toEqual([expect.objectContaining({ email: 'axb@example.com', is_disabled: true })]);
  expect((body(6) as { source: string }[]).map((r) => r.source)).toEqual(['User Setting', 'Sales', 'Default']);
  expect((body(7) as { name: string }[]).map((r) => r.name)).toEqual(['region', 'team']); // repeated: ignored
  expect(body(11)).toEqual([
    { value: 'World', source: 'Default' },
    { value: 'none', source: 'Default' },
  ]);
  expect(body(13)).toMatchObject({ users: [{ email: 'ana@example.com' }], next_page: null, total: 1, total_pages: 1 });
  expect(body(15)).toMatchObject({ ok: false, error: 'invalid_arguments' });
  expect(throughMsw.calls[1]).toEqual({ 'users.list': 3 });
});
