// Bad input to the Looker reads, deletes, lookups and lists is refused as invalid_input before
// anything is sent: ids, lists with commas or nothing in them, counts, flags, page sizes.
import { expect, test } from 'vitest';
import { createLookerClient, type LookerClient } from '../../src/looker/index.js';
import { LOOKER } from '../support/looker.js';

function recordingClient() {
  const sent: string[] = [];
  const looker = createLookerClient({
    baseUrl: LOOKER,
    credentials: { accessToken: 'static-token' },
    fetch: async (url) => {
      sent.push(url);
      return new Response('[]', { status: 200, headers: { 'content-type': 'application/json' } });
    },
  });
  return { looker, sent };
}

type Call = (looker: LookerClient) => Promise<{ ok: boolean; error?: unknown }>;
const bad = (input: unknown) => input as never;

const cases: [string, Call, string, string[]][] = [
  ['allUsers: a field with a comma', (l) => l.allUsers({ fields: ['id,email'] }), 'all_users', ['fields[0]']],
  ['allUsers: an empty ids list', (l) => l.allUsers({ ids: [] }), 'all_users', ['ids']],
  ['allUsers: an empty fields list', (l) => l.allUsers({ fields: [] }), 'all_users', ['fields']],
  ['allUsers: a negative limit and offset', (l) => l.allUsers({ limit: -1, offset: -5 }), 'all_users', ['limit', 'offset']],
  ['allUsers: limit 0 and a fractional offset', (l) => l.allUsers({ limit: 0, offset: 1.5 }), 'all_users', ['limit', 'offset']],
  ['allUsers: ids that are not strings, sorts that is not one', (l) => l.allUsers(bad({ ids: [1], sorts: ['id'] })), 'all_users', ['sorts', 'ids[0]']],
  ['allUsers: not an object', (l) => l.allUsers(bad('users')), 'all_users', ['input']],
  ['searchUsers: a non-boolean isDisabled, an email that is no string', (l) => l.searchUsers(bad({ isDisabled: 'yes', email: 3 })), 'search_users', ['email', 'isDisabled']],
  ['allGroups: an id with a space', (l) => l.allGroups({ ids: ['1 2'] }), 'all_groups', ['ids[0]']],
  ['searchGroups: a name that is no string', (l) => l.searchGroups(bad({ name: null })), 'search_groups', ['name']],
  ['allUserAttributes: fields that is a string', (l) => l.allUserAttributes(bad({ fields: 'id,name' })), 'all_user_attributes', ['fields']],
  ['userAttributeUserValues: a path id with a slash', (l) => l.userAttributeUserValues({ userId: '1/../2' }), 'user_attribute_user_values', ['userId']],
  [
    'userAttributeUserValues: a non-boolean allValues and includeUnset',
    (l) => l.userAttributeUserValues(bad({ userId: '1', allValues: 'true', includeUnset: 1 })),
    'user_attribute_user_values',
    ['allValues', 'includeUnset'],
  ],
  [
    'userAttributeUserValues: an empty user_attribute_ids list (Looker would return every attribute)',
    (l) => l.userAttributeUserValues({ userId: '1', userAttributeIds: [] }),
    'user_attribute_user_values',
    ['userAttributeIds'],
  ],
  ['userAttributeUserValues: an id with a comma', (l) => l.userAttributeUserValues({ userId: '1', userAttributeIds: ['1,2'] }), 'user_attribute_user_values', ['userAttributeIds[0]']],
  ['allUserAttributeGroupValues: no id', (l) => l.allUserAttributeGroupValues(bad({})), 'all_user_attribute_group_values', ['userAttributeId']],
  [
    'deleteUserAttributeUserValue: an empty and a "." id',
    (l) => l.deleteUserAttributeUserValue({ userId: '', userAttributeId: '.' }),
    'delete_user_attribute_user_value',
    ['userId', 'userAttributeId'],
  ],
  ['deleteUserAttributeGroupValue: a numeric id', (l) => l.deleteUserAttributeGroupValue(bad({ groupId: 5, userAttributeId: '7' })), 'delete_user_attribute_group_value', ['groupId']],
  ['findUserByEmail: no email', (l) => l.findUserByEmail(bad({})), 'search_users', ['email']],
  ['findUserByEmail: a blank email', (l) => l.findUserByEmail({ email: '  ' }), 'search_users', ['email']],
  ['findUserByEmail: a field with a comma', (l) => l.findUserByEmail({ email: 'a@acme.com', fields: ['a,b'] }), 'search_users', ['fields[0]']],
  ['findGroupByName: an empty name', (l) => l.findGroupByName({ name: '' }), 'search_groups', ['name']],
  ['findUserAttributeByName: a number', (l) => l.findUserAttributeByName(bad({ name: 7 })), 'all_user_attributes', ['name']],
  ['findUserAttributeByName: not an object', (l) => l.findUserAttributeByName(bad(null)), 'all_user_attributes', ['input', 'name']],
  ['listUsers: pageSize 0', (l) => l.listUsers({ pageSize: 0 }).all(), 'all_users', ['pageSize']],
  ['listUsers: pageSize over 1000', (l) => l.listUsers({ pageSize: 1001 }).all(), 'all_users', ['pageSize']],
  ['listGroups: a field with a comma and sorts that is no string', (l) => l.listGroups(bad({ fields: ['a,b'], sorts: 1 })).all(), 'all_groups', ['fields[0]', 'sorts']],
];

test.each(cases)('%s is invalid_input, nothing sent', async (_, call, operation, paths) => {
  const { looker, sent } = recordingClient();
  const result = await call(looker);
  expect(result.ok).toBe(false);
  expect(result.error).toMatchObject({ kind: 'invalid_input', operation, attempts: 0 });
  expect((result.error as { issues: { path: string }[] }).issues.map((i) => i.path)).toEqual(paths);
  expect(sent).toEqual([]);
});

test('a list refused for its input yields the error once and ends', async () => {
  const { looker, sent } = recordingClient();
  const items = [];
  for await (const item of looker.listUsers({ pageSize: -1 })) items.push(item);
  expect(items).toEqual([{ ok: false, error: expect.objectContaining({ kind: 'invalid_input', operation: 'all_users' }) }]);
  expect(sent).toEqual([]);
});

test('input that throws when read is refused, never thrown: lookups and lists too', async () => {
  const { looker, sent } = recordingClient();
  const refuse = () => {
    throw new Error('no');
  };
  const hostile = new Proxy({}, { ownKeys: refuse });
  const results = [
    await looker.findUserByEmail(bad(hostile)),
    await looker.findGroupByName(bad(hostile)),
    await looker.findUserAttributeByName(bad(hostile)),
    await looker.listUsers(bad(hostile)).all(),
    await looker.allUsers(bad(hostile)),
  ];
  expect(results.map((r) => !r.ok && r.error.kind)).toEqual(Array(5).fill('invalid_input'));
  expect(sent).toEqual([]);
});

test('an options.signal that is no AbortSignal is refused by a list, nothing sent', async () => {
  const { looker, sent } = recordingClient();
  const result = await looker.listUsers({}, bad({ signal: 'stop' })).all();
  expect(result).toMatchObject({ ok: false, error: { kind: 'invalid_input', issues: [{ path: 'options.signal' }] } });
  expect(sent).toEqual([]);
});
