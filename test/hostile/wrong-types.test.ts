// Every public method, called from plain JavaScript with the wrong thing in any argument: a clear
// invalid_input result, nothing sent (not even a login), and never a throw or a rejection.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createDxClient, type DxClient } from '../../src/dx/index.js';
import { createLookerClient, type LookerClient } from '../../src/looker/index.js';
import { startLoopbackServer, type LoopbackServer } from '../support/http-server.js';
import { json, nodeFetch, SECRETS } from '../support/hostile.js';
import { boom, expectRefusedBy, fineAs, fineBoolean, fineCount, fineList, fineString, revoked, STRINGS, WRONG } from '../support/wrong-values.js';

let server: LoopbackServer;
let looker: LookerClient; // API key: a valid call would log in first
let withToken: LookerClient; // a token: logout would send
let dx: DxClient;
beforeAll(async () => {
  server = await startLoopbackServer((_, res) => json(res, 500, { message: 'nothing should get here' }));
  looker = createLookerClient({
    baseUrl: server.url,
    credentials: { clientId: SECRETS.clientId, clientSecret: SECRETS.clientSecret },
    fetch: nodeFetch,
  });
  withToken = createLookerClient({ baseUrl: server.url, credentials: { accessToken: SECRETS.token }, fetch: nodeFetch });
  dx = createDxClient({ baseUrl: server.url, token: SECRETS.dxToken, fetch: nodeFetch });
});
afterAll(() => server.close());

type Call = [label: string, run: (wrong: unknown) => Promise<unknown>, skip?: (name: string) => boolean];
const user = { userId: '42', userAttributeId: '7', value: 'EMEA' };
const group = { groupId: '3', userAttributeId: '7', value: 'EMEA' };
const item = { groupId: '3', value: 'EMEA' };
const any = (value: unknown) => value as never;
// Options objects with no signal or timeoutMs of their own are valid, whatever else they hold.
const validOptions = (name: string) =>
  ['undefined', 'a JSON __proto__ payload', 'an object whose valueOf and toString throw'].includes(name);

const CALLS: Call[] = [
  ['setUserAttributeUserValue(wrong)', (w) => looker.setUserAttributeUserValue(any(w))],
  ['setUserAttributeUserValue({ userId: wrong })', (w) => looker.setUserAttributeUserValue({ ...user, userId: any(w) })],
  [
    'setUserAttributeUserValue({ userAttributeId: wrong })',
    (w) => looker.setUserAttributeUserValue({ ...user, userAttributeId: any(w) }),
  ],
  // Any string is a value: it travels in the JSON body (see path-ids.property.test.ts).
  [
    'setUserAttributeUserValue({ value: wrong })',
    (w) => looker.setUserAttributeUserValue({ ...user, value: any(w) }),
    (name) => STRINGS.has(name),
  ],
  ['setUserAttributeUserValue(input, wrong)', (w) => looker.setUserAttributeUserValue(user, any(w)), validOptions],
  ['updateUserAttributeGroupValue(wrong)', (w) => looker.updateUserAttributeGroupValue(any(w))],
  [
    'updateUserAttributeGroupValue({ groupId: wrong })',
    (w) => looker.updateUserAttributeGroupValue({ ...group, groupId: any(w) }),
  ],
  [
    'updateUserAttributeGroupValue({ value: wrong })',
    (w) => looker.updateUserAttributeGroupValue({ ...group, value: any(w) }),
    (name) => STRINGS.has(name),
  ],
  ['updateUserAttributeGroupValue(input, wrong)', (w) => looker.updateUserAttributeGroupValue(group, any(w)), validOptions],
  ['setUserAttributeGroupValues(wrong)', (w) => looker.setUserAttributeGroupValues(any(w))],
  [
    'setUserAttributeGroupValues({ userAttributeId: wrong })',
    (w) => looker.setUserAttributeGroupValues({ userAttributeId: any(w), groupValues: [item] }),
  ],
  [
    'setUserAttributeGroupValues({ groupValues: wrong })',
    (w) => looker.setUserAttributeGroupValues({ userAttributeId: '7', groupValues: any(w) }),
  ],
  [
    'setUserAttributeGroupValues({ groupValues: [wrong] })',
    (w) => looker.setUserAttributeGroupValues({ userAttributeId: '7', groupValues: [any(w)] }),
  ],
  [
    'setUserAttributeGroupValues({ groupValues: [{ groupId: wrong }] })',
    (w) => looker.setUserAttributeGroupValues({ userAttributeId: '7', groupValues: [{ ...item, groupId: any(w) }] }),
  ],
  [
    'setUserAttributeGroupValues({ groupValues: [{ rank: wrong }] })',
    (w) => looker.setUserAttributeGroupValues({ userAttributeId: '7', groupValues: [{ ...item, rank: any(w) }] }),
    (name) => name === 'undefined' || name === '0' || name === '42', // no rank, or a fine one
  ],
  [
    'setUserAttributeGroupValues(input, wrong)',
    (w) => looker.setUserAttributeGroupValues({ userAttributeId: '7', groupValues: [item] }, any(w)),
    validOptions,
  ],
  ['login(wrong)', (w) => looker.login(any(w)), validOptions],
  ['logout(wrong)', (w) => withToken.logout(any(w)), validOptions],
  ['updateUserAttributes(wrong)', (w) => dx.updateUserAttributes(any(w))],
  ['updateUserAttributes({ email: wrong })', (w) => dx.updateUserAttributes({ email: any(w), attributes: { A: 'b' } })],
  ['updateUserAttributes({ attributes: wrong })', (w) => dx.updateUserAttributes({ email: 'jo@acme.com', attributes: any(w) })],
  [
    'updateUserAttributes({ attributes: [wrong] })',
    (w) => dx.updateUserAttributes({ email: 'jo@acme.com', attributes: [any(w)] }),
  ],
  [
    'updateUserAttributes({ attributes: { A: wrong } })',
    (w) => dx.updateUserAttributes({ email: 'jo@acme.com', attributes: { A: any(w) } }),
    (name) => name === 'null' || STRINGS.has(name),
  ],
  [
    'updateUserAttributes({ attributes: [{ name: wrong }] })',
    (w) => dx.updateUserAttributes({ email: 'jo@acme.com', attributes: [{ name: any(w), value: 'b' }] }),
    (name) => STRINGS.has(name) && name !== 'an empty string',
  ],
  [
    'updateUserAttributes(input, wrong)',
    (w) => dx.updateUserAttributes({ email: 'jo@acme.com', attributes: { A: 'b' } }, any(w)),
    validOptions,
  ],
];

const fineInput = (name: string) => validOptions(name); // no fields of its own: the defaults
// The paged lists (and DX listUsersPage) read null as no input, like undefined.
const fineListInput = (name: string) => fineInput(name) || name === 'null';
const finds = [
  ['findUserByEmail', 'email'],
  ['findGroupByName', 'name'],
  ['findUserAttributeByName', 'name'],
] as const;
const lists = ['allUsers', 'searchUsers', 'allGroups', 'searchGroups'] as const;
const anyLooker = () => looker as unknown as Record<string, (input?: unknown, options?: unknown) => Promise<unknown>>;
const pagedLooker = () => looker as unknown as Record<string, (input?: unknown, options?: unknown) => { all(): Promise<unknown> }>;

CALLS.push(
  ...lists.flatMap((method): Call[] => [
    [`${method}(wrong)`, (w) => anyLooker()[method]!(w), fineInput],
    [`${method}({ fields: wrong })`, (w) => anyLooker()[method]!({ fields: w }), fineList],
    [`${method}({ fields: [wrong] })`, (w) => anyLooker()[method]!({ fields: [w] }), (name) => STRINGS.has(name) && /^[^,\s]+$/.test(String(WRONG.find(([n]) => n === name)?.[1]))],
    [`${method}({ limit: wrong })`, (w) => anyLooker()[method]!({ limit: w }), fineCount(1)],
    [`${method}({ offset: wrong })`, (w) => anyLooker()[method]!({ offset: w }), fineCount(0)],
    [`${method}({ sorts: wrong })`, (w) => anyLooker()[method]!({ sorts: w }), fineString],
    [`${method}(input, wrong)`, (w) => anyLooker()[method]!({}, w), validOptions],
  ]),
  ['allUsers({ ids: wrong })', (w) => looker.allUsers({ ids: any(w) }), fineList],
  ['allGroups({ ids: [wrong] })', (w) => looker.allGroups({ ids: [any(w)] }), (name) => STRINGS.has(name) && !/[,\s]|^$/.test(String(WRONG.find(([n]) => n === name)?.[1]))],
  ['searchUsers({ email: wrong })', (w) => looker.searchUsers({ email: any(w) }), fineString],
  ['searchUsers({ isDisabled: wrong })', (w) => looker.searchUsers({ isDisabled: any(w) }), fineBoolean],
  ['searchGroups({ name: wrong })', (w) => looker.searchGroups({ name: any(w) }), fineString],
  ['allUserAttributes(wrong)', (w) => looker.allUserAttributes(any(w)), fineInput],
  ['allUserAttributes({ fields: wrong })', (w) => looker.allUserAttributes({ fields: any(w) }), fineList],
  ['allUserAttributes({ sorts: wrong })', (w) => looker.allUserAttributes({ sorts: any(w) }), fineString],
  ['allUserAttributes(input, wrong)', (w) => looker.allUserAttributes({}, any(w)), validOptions],
  ['userAttributeUserValues(wrong)', (w) => looker.userAttributeUserValues(any(w))],
  ['userAttributeUserValues({ userId: wrong })', (w) => looker.userAttributeUserValues({ userId: any(w) })],
  ['userAttributeUserValues({ userAttributeIds: wrong })', (w) => looker.userAttributeUserValues({ userId: '42', userAttributeIds: any(w) }), fineList],
  ['userAttributeUserValues({ allValues: wrong })', (w) => looker.userAttributeUserValues({ userId: '42', allValues: any(w) }), fineBoolean],
  ['userAttributeUserValues({ includeUnset: wrong })', (w) => looker.userAttributeUserValues({ userId: '42', includeUnset: any(w) }), fineBoolean],
  ['userAttributeUserValues(input, wrong)', (w) => looker.userAttributeUserValues({ userId: '42' }, any(w)), validOptions],
  ['deleteUserAttributeUserValue(wrong)', (w) => looker.deleteUserAttributeUserValue(any(w))],
  ['deleteUserAttributeUserValue({ userId: wrong })', (w) => looker.deleteUserAttributeUserValue({ userId: any(w), userAttributeId: '7' })],
  ['deleteUserAttributeUserValue({ userAttributeId: wrong })', (w) => looker.deleteUserAttributeUserValue({ userId: '42', userAttributeId: any(w) })],
  ['deleteUserAttributeUserValue(input, wrong)', (w) => looker.deleteUserAttributeUserValue({ userId: '42', userAttributeId: '7' }, any(w)), validOptions],
  ['allUserAttributeGroupValues(wrong)', (w) => looker.allUserAttributeGroupValues(any(w))],
  ['allUserAttributeGroupValues({ userAttributeId: wrong })', (w) => looker.allUserAttributeGroupValues({ userAttributeId: any(w) })],
  ['allUserAttributeGroupValues({ fields: wrong })', (w) => looker.allUserAttributeGroupValues({ userAttributeId: '7', fields: any(w) }), fineList],
  ['allUserAttributeGroupValues(input, wrong)', (w) => looker.allUserAttributeGroupValues({ userAttributeId: '7' }, any(w)), validOptions],
  ['deleteUserAttributeGroupValue(wrong)', (w) => looker.deleteUserAttributeGroupValue(any(w))],
  ['deleteUserAttributeGroupValue({ groupId: wrong })', (w) => looker.deleteUserAttributeGroupValue({ groupId: any(w), userAttributeId: '7' })],
  ['deleteUserAttributeGroupValue(input, wrong)', (w) => looker.deleteUserAttributeGroupValue({ groupId: '3', userAttributeId: '7' }, any(w)), validOptions],
  ...finds.flatMap(([method, key]): Call[] => [
    [`${method}(wrong)`, (w) => anyLooker()[method]!(w)],
    [`${method}({ ${key}: wrong })`, (w) => anyLooker()[method]!({ [key]: w }), (name) => STRINGS.has(name)],
    [`${method}(input, wrong)`, (w) => anyLooker()[method]!({ [key]: 'jo@acme.com' }, w), validOptions],
  ]),
  ...(['listUsers', 'listGroups'] as const).flatMap((method): Call[] => [
    [`${method}(wrong).all()`, (w) => pagedLooker()[method]!(w).all(), fineListInput],
    [`${method}({ pageSize: wrong }).all()`, (w) => pagedLooker()[method]!({ pageSize: w }).all(), fineCount(1)],
    [`${method}({ fields: wrong }).all()`, (w) => pagedLooker()[method]!({ fields: w }).all(), fineList],
    [`${method}(input, wrong).all()`, (w) => pagedLooker()[method]!({}, w).all(), validOptions],
  ]),
  ...(['samlConfig', 'oidcConfig', 'ldapConfig'] as const).map((method): Call => [`${method}(wrong)`, (w) => looker[method](any(w)), validOptions]),
  ['listGroupUsers(wrong).all()', (w) => looker.listGroupUsers(any(w)).all()],
  ['listGroupUsers({ groupId: wrong }).all()', (w) => looker.listGroupUsers({ groupId: any(w) }).all()],
  ['listGroupUsers({ pageSize: wrong }).all()', (w) => looker.listGroupUsers({ groupId: '3', pageSize: any(w) }).all(), fineCount(1)],
  ['listGroupUsers(input, wrong).all()', (w) => looker.listGroupUsers({ groupId: '3' }, any(w)).all(), validOptions],
  ['listUsersPage(wrong)', (w) => dx.listUsersPage(any(w)), fineListInput],
  ['listUsersPage({ page: wrong })', (w) => dx.listUsersPage({ page: any(w) }), fineCount(1)],
  ['listUsersPage({ pageSize: wrong })', (w) => dx.listUsersPage({ pageSize: any(w) }), fineCount(1)],
  ['listUsersPage(input, wrong)', (w) => dx.listUsersPage({}, any(w)), validOptions],
  // dx.listUsers(wrong) is left out: it does not check its input yet (it reads Object(input).pageSize).
  ['dx.listUsers({ pageSize: wrong }).all()', (w) => dx.listUsers({ pageSize: any(w) }).all(), (name) => fineCount(1)(name) || name === 'null'],
);

// The definition and group-user methods: a valid input, and for each field which wrong values are fine there.
const fineWhitelist = fineAs(['undefined', 'null', 'a 1 MiB string', 'a path traversal', 'unicode', 'a right-to-left override']);
const definition = { name: 'region', label: 'Region', type: 'string' };
const METHOD_FIELDS: [method: string, valid: object, fine: Record<string, ((name: string) => boolean) | undefined>][] = [
  // valueIsHidden: true needs a whitelist.
  ['createUserAttribute', definition, {
    name: fineAs(['a 1 MiB string']),
    label: (name) => STRINGS.has(name) && name !== 'an empty string',
    type: fineAs(['a 1 MiB string']),
    defaultValue: (name) => fineString(name) || name === 'null',
    valueIsHidden: fineAs(['undefined']),
    userCanView: fineBoolean,
    hiddenValueDomainWhitelist: fineWhitelist,
  }],
  ['updateUserAttribute', { userAttributeId: '7', label: 'Region' }, { userAttributeId: undefined, userCanEdit: fineBoolean, hiddenValueDomainWhitelist: fineWhitelist }],
  ['userAttribute', { userAttributeId: '7' }, { userAttributeId: undefined }],
  ['deleteUserAttribute', { userAttributeId: '7' }, { userAttributeId: undefined }],
  ['allGroupUsers', { groupId: '3' }, { groupId: undefined, fields: fineList, limit: fineCount(1), offset: fineCount(0), sorts: fineString }],
];
CALLS.push(
  ...METHOD_FIELDS.flatMap(([method, valid, fields]): Call[] => [
    [`${method}(wrong)`, (w) => anyLooker()[method]!(w)],
    ...Object.entries(fields).map(([key, fine]): Call => [`${method}({ ${key}: wrong })`, (w) => anyLooker()[method]!({ ...valid, [key]: w }), fine]),
    [`${method}(input, wrong)`, (w) => anyLooker()[method]!(valid, w), validOptions],
  ]),
  ['updateUserAttribute({ userAttributeId }) changing nothing', () => looker.updateUserAttribute({ userAttributeId: '7' })],
  ['createUserAttribute({ …, regoin: a typo })', (w) => looker.createUserAttribute({ ...definition, regoin: w } as never)],
);

const expectRefused = (run: () => Promise<unknown>) => expectRefusedBy(server, run);

describe.each(CALLS)('%s', (_, run, skip) => {
  test.each(WRONG.filter(([name]) => !skip?.(name)))('%s: invalid_input, nothing sent, no throw', async (_, wrong) => {
    await expectRefused(() => run(wrong));
  });
});

describe('options whose fields are wrong', () => {
  test.each([
    ['signal: a string', { signal: 'stop' }],
    ['signal: a look-alike', { signal: { aborted: false, addEventListener() {} } }],
    ['signal: a revoked Proxy', { signal: revoked.proxy }],
    ['timeoutMs: negative', { timeoutMs: -1 }],
    ['timeoutMs: a string', { timeoutMs: '100' }],
    ['timeoutMs: NaN', { timeoutMs: NaN }],
    ['timeoutMs: Infinity', { timeoutMs: Infinity }],
    ['timeoutMs: beyond a timer (1e12)', { timeoutMs: 1e12 }],
    ['timeoutMs: a symbol', { timeoutMs: Symbol('x') }],
    ['timeoutMs: a bigint', { timeoutMs: 100n }],
    ['timeoutMs: an object with a throwing valueOf', { timeoutMs: { valueOf: boom } }],
    ['a throwing getter for signal', Object.defineProperty({}, 'signal', { get: boom, enumerable: true })],
  ])('%s', async (_, options) => {
    await expectRefused(() => withToken.setUserAttributeUserValue(user, any(options)));
    await expectRefused(() => dx.updateUserAttributes({ email: 'jo@acme.com', attributes: { A: 'b' } }, any(options)));
    await expectRefused(() => looker.login(any(options)));
  });
});

test('a polluted Object.prototype supplies no field or option', async () => {
  const proto = Object.prototype as Record<string, unknown>;
  const pending: Promise<unknown>[] = [];
  try {
    Object.assign(proto, {
      userId: '1',
      userAttributeId: '2',
      value: 'v',
      email: 'jo@acme.com',
      attributes: { A: 'b' },
      timeoutMs: 0,
    });
    // Fields are read when the method is called, so the prototype can be cleaned before awaiting.
    pending.push(looker.setUserAttributeUserValue({} as never), dx.updateUserAttributes({} as never));
  } finally {
    for (const key of ['userId', 'userAttributeId', 'value', 'email', 'attributes', 'timeoutMs']) delete proto[key];
  }
  for (const promise of pending) await expectRefused(() => promise);
});

test('a getter cannot swap an id after it was checked', async () => {
  let reads = 0;
  const input = {
    userAttributeId: '7',
    value: 'v',
    get userId() {
      return reads++ === 0 ? '42' : '../../admin';
    },
  };
  const swapping = await startLoopbackServer((_, res) => json(res, 200, { value: 'v' }));
  try {
    const client = createLookerClient({ baseUrl: swapping.url, credentials: { accessToken: SECRETS.token }, fetch: nodeFetch });
    expect((await client.setUserAttributeUserValue(input)).ok).toBe(true);
    expect(swapping.seen.map((seen) => seen.url)).toEqual(['/api/4.0/users/42/attribute_values/7']);
    expect(reads).toBe(1);
  } finally {
    await swapping.close();
  }
});

test('methods work detached from their client and ignore extra arguments', async () => {
  const { setUserAttributeUserValue, login } = looker;
  await expectRefused(() => (setUserAttributeUserValue as (...args: unknown[]) => Promise<unknown>)(null, undefined, 1, 2, 3));
  await expectRefused(() => login(any('x')));
});

test('client options beyond what a timer can wait are refused when the client is created', () => {
  const base = { baseUrl: 'http://127.0.0.1:9', credentials: { accessToken: SECRETS.token } };
  expect(() => createLookerClient({ ...base, timeoutMs: 2 ** 31 })).toThrow(TypeError);
  expect(() => createLookerClient({ ...base, retry: { maxDelayMs: 1e12 } })).toThrow(TypeError);
  expect(() => createDxClient({ token: SECRETS.dxToken, timeoutMs: Number.MAX_SAFE_INTEGER })).toThrow(TypeError);
  expect(() => createLookerClient({ ...base, timeoutMs: 2 ** 31 - 1 })).not.toThrow();
});
