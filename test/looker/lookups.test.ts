// Exact lookups by email, group name and attribute name: Looker's searches are LIKE patterns, so
// `a_b@acme.com` also matches `axb@acme.com`; a lookup returns the one exact match (ignoring
// case) or says no_match / ambiguous with the candidates. Never "the first result".
import { http, HttpResponse } from 'msw';
import { describe, expect, test } from 'vitest';
import { createLookerClient } from '../../src/looker/index.js';
import { API, LOOKER } from '../support/looker.js';
import { server } from '../support/server.js';
import { sentTo, TRANSPORTS, useFake } from '../support/reads.js';

describe.each(TRANSPORTS)('over %s', (transport) => {
  const context = useFake(transport);
  const emails = (items: readonly { email?: string | null }[]) => items.map((u) => u.email);

  describe('findUserByEmail', () => {
    test('a_b@acme.com never finds axb@acme.com: no_match, with it among the candidates', async () => {
      context.fake.looker.addUser({ email: 'axb@acme.com' });
      const result = await context.looker().findUserByEmail({ email: 'a_b@acme.com' });
      if (result.ok || result.error.kind !== 'no_match') throw new Error('expected no_match');
      expect(result.error).toMatchObject({ operation: 'search_users', query: 'a_b@acme.com', attempts: 1 });
      expect(emails(result.error.candidates)).toEqual(['axb@acme.com']);
      expect(result.error.message).toBe('search_users: no exact match for email "a_b@acme.com"');
    });

    test('with both, the exact one', async () => {
      context.fake.looker.addUser({ email: 'axb@acme.com' });
      const exact = context.fake.looker.addUser({ email: 'a_b@acme.com' });
      const result = await context.looker().findUserByEmail({ email: 'a_b@acme.com' });
      expect(result.ok && result.data).toMatchObject({ id: exact.id, email: 'a_b@acme.com' });
    });

    test('% in the query is no wildcard; an email that holds one is found exactly', async () => {
      context.fake.looker.addUser({ email: 'ana@acme.com' });
      context.fake.looker.addUser({ email: 'a-lot-b@acme.com' });
      const percent = context.fake.looker.addUser({ email: 'a%b@acme.com' });
      const looker = context.looker();
      const wildcard = await looker.findUserByEmail({ email: '%@acme.com' });
      expect(wildcard.ok ? undefined : wildcard.error.kind).toBe('no_match');
      const literal = await looker.findUserByEmail({ email: 'A%B@acme.com' });
      expect(literal.ok && literal.data.id).toBe(percent.id);
    });

    test('a backslash (LIKE’s escape) in the email still finds it, and not its neighbour', async () => {
      context.fake.looker.addUser({ email: 'ab@acme.com' });
      const slash = context.fake.looker.addUser({ email: 'a\\b@acme.com' });
      const result = await context.looker().findUserByEmail({ email: 'a\\b@acme.com' });
      expect(result.ok && result.data.id).toBe(slash.id);
    });

    test('compared ignoring case; a disabled user is returned, with is_disabled: true', async () => {
      const ana = context.fake.looker.addUser({ email: 'Ana.Lima@Acme.com', isDisabled: true });
      const result = await context.looker().findUserByEmail({ email: 'ana.lima@ACME.COM' });
      expect(result.ok && result.data).toMatchObject({ id: ana.id, email: 'Ana.Lima@Acme.com', is_disabled: true });
    });

    test('one search call, asking for the fields it compares and the caller’s', async () => {
      context.fake.looker.addUser({ email: 'ana@acme.com' });
      const looker = context.looker();
      await looker.login();
      context.fake.calls.reset();
      expect((await looker.findUserByEmail({ email: 'ana@acme.com', fields: ['locale'] })).ok).toBe(true);
      expect(context.fake.calls.byOperation('looker')).toEqual({ search_users: 1 });
      const query = sentTo(context, '/users/search')[0]!.url.searchParams;
      expect(query.get('email')).toBe('ana@acme.com');
      expect(query.get('fields')).toBe('id,email,is_disabled,display_name,first_name,last_name,group_ids,locale');
      expect([query.get('limit'), query.get('offset'), query.get('sorts')]).toEqual(['500', '0', 'id']);
    });

    test('a pattern that matches more than a page reads every page before deciding', async () => {
      for (let i = 0; i < 500; i++) context.fake.looker.addUser({ email: `a${i}b@acme.com` });
      const exact = context.fake.looker.addUser({ email: 'a_b@acme.com' });
      context.fake.looker.addUser({ email: 'axb@acme.com' });
      const looker = context.looker();
      await looker.login();
      context.fake.calls.reset();
      const result = await looker.findUserByEmail({ email: 'a_b@acme.com' });
      expect(result.ok && result.data.id).toBe(exact.id);
      // `a_b` matches only three-letter locals (a0b … a9b, a_b, axb): one page.
      expect(context.fake.calls.byOperation('looker')).toEqual({ search_users: 1 });
      // `a%b` matches all 502: a full page and a short one.
      const wide = await looker.findUserByEmail({ email: 'a%b@acme.com' });
      expect(wide.ok ? undefined : [wide.error.kind, wide.error.attempts]).toEqual(['no_match', 2]);
      expect(context.fake.calls.byOperation('looker')).toEqual({ search_users: 3 });
    });

    test('a failed search is the search’s error', async () => {
      context.fake.faults.add({ service: 'looker', operation: 'search_users', serverError: 500 });
      const result = await context.looker().findUserByEmail({ email: 'ana@acme.com' });
      expect(result.ok ? undefined : result.error).toMatchObject({ kind: 'server', status: 500, operation: 'search_users' });
    });
  });

  describe('findGroupByName', () => {
    test('Sa_es never finds Saxes; with both, the exact one; ignoring case', async () => {
      context.fake.looker.addGroup({ name: 'Saxes' });
      const looker = context.looker();
      const none = await looker.findGroupByName({ name: 'Sa_es' });
      if (none.ok || none.error.kind !== 'no_match') throw new Error('expected no_match');
      expect(none.error.candidates.map((g) => g.name)).toEqual(['Saxes']);
      const exact = context.fake.looker.addGroup({ name: 'Sa_es' });
      const found = await looker.findGroupByName({ name: 'sa_ES' });
      expect(found.ok && found.data).toMatchObject({ id: exact.id, name: 'Sa_es' });
    });

    test('two groups with the same name (ignoring case) are ambiguous, listing both', async () => {
      const one = context.fake.looker.addGroup({ name: 'Sales' });
      const two = context.fake.looker.addGroup({ name: 'SALES' });
      context.fake.looker.addGroup({ name: 'Sales EMEA' });
      const result = await context.looker().findGroupByName({ name: 'sales' });
      if (result.ok || result.error.kind !== 'ambiguous') throw new Error('expected ambiguous');
      expect(result.error.candidates.map((g) => g.id)).toEqual([one.id, two.id]);
      expect(result.error.message).toBe('search_groups: 2 exact matches for name "sales"');
    });

    test('with fields, id and name are asked for too', async () => {
      const sales = context.fake.looker.addGroup({ name: 'Sales' });
      const result = await context.looker().findGroupByName({ name: 'Sales', fields: ['user_count'] });
      expect(result.ok && result.data).toEqual({ id: sales.id, name: 'Sales', user_count: 0 });
    });
  });

  describe('findUserAttributeByName', () => {
    test('exact, ignoring case; a_b is not axb; several spellings are ambiguous', async () => {
      const region = context.fake.looker.addUserAttribute({ name: 'region', defaultValue: 'World' });
      context.fake.looker.addUserAttribute({ name: 'axb' });
      const looker = context.looker();
      const found = await looker.findUserAttributeByName({ name: 'REGION' });
      expect(found.ok && found.data).toMatchObject({ id: region.id, name: 'region', type: 'string', default_value: 'World' });
      const none = await looker.findUserAttributeByName({ name: 'a_b' });
      if (none.ok || none.error.kind !== 'no_match') throw new Error('expected no_match');
      expect(none.error.candidates.map((a) => a.name)).toContain('axb');
      const twin = context.fake.looker.addUserAttribute({ name: 'Region' });
      const both = await looker.findUserAttributeByName({ name: 'region' });
      if (both.ok || both.error.kind !== 'ambiguous') throw new Error('expected ambiguous');
      expect(both.error.candidates.map((a) => a.id)).toEqual([region.id, twin.id]);
    });

    test('costs one all_user_attributes call', async () => {
      context.fake.looker.addUserAttribute({ name: 'region' });
      const looker = context.looker();
      await looker.login();
      context.fake.calls.reset();
      expect((await looker.findUserAttributeByName({ name: 'region' })).ok).toBe(true);
      expect(context.fake.calls.byOperation('looker')).toEqual({ all_user_attributes: 1 });
    });
  });
});

test('two users whose emails differ only in case are ambiguous, listing both (msw)', async () => {
  const users = [
    { id: '1', email: 'Jo@acme.com', is_disabled: false },
    { id: '2', email: 'jo@acme.com', is_disabled: true },
    { id: '3', email: 'jxo@acme.com', is_disabled: false },
  ];
  server.use(http.get(`${API}/users/search`, () => HttpResponse.json(users)));
  const looker = createLookerClient({ baseUrl: LOOKER, credentials: { accessToken: 'static-token' } });
  const result = await looker.findUserByEmail({ email: 'JO@acme.com' });
  if (result.ok || result.error.kind !== 'ambiguous') throw new Error('expected ambiguous');
  expect(result.error.candidates).toEqual(users.slice(0, 2));
  expect(result.error.query).toBe('JO@acme.com');
});

test('a secret a server echoes into the candidates is redacted', async () => {
  const token = 'lookup-SeCrEt-token-42';
  server.use(http.get(`${API}/users/search`, () => HttpResponse.json([{ id: '1', email: `${token}@acme.com` }])));
  const looker = createLookerClient({ baseUrl: LOOKER, credentials: { accessToken: token } });
  const result = await looker.findUserByEmail({ email: 'jo@acme.com' });
  if (result.ok || result.error.kind !== 'no_match') throw new Error('expected no_match');
  expect(result.error.candidates).toEqual([{ id: '1', email: '[redacted]@acme.com' }]);
  expect(JSON.stringify(result.error)).not.toContain(token);
});

test('an attribute Looker lists with a null name, label and type matches no name, not even "null" (msw)', async () => {
  const attributes = [
    { id: '1', name: null, label: null, type: null },
    { id: '2', name: 'region', label: 'Region', type: 'string' },
  ];
  server.use(http.get(`${API}/user_attributes`, () => HttpResponse.json(attributes)));
  const looker = createLookerClient({ baseUrl: LOOKER, credentials: { accessToken: 'static-token' } });
  const listed = await looker.allUserAttributes();
  expect(listed.ok && listed.data).toEqual(attributes);
  const region = await looker.findUserAttributeByName({ name: 'region' });
  expect(region.ok && region.data.id).toBe('2');
  const none = await looker.findUserAttributeByName({ name: 'null' });
  if (none.ok || none.error.kind !== 'no_match') throw new Error('expected no_match');
  expect(none.error.candidates).toEqual(attributes);
});
