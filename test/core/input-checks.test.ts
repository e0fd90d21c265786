import { http, HttpResponse } from 'msw';
import { beforeEach, expect, test } from 'vitest';
import { createDxClient } from '../../src/dx/index.js';
import { createLookerClient } from '../../src/looker/index.js';
import { server } from '../support/server.js';
import { LOOKER } from '../support/looker.js';

// Any request at all fails the test: bad input must be refused before sending.
let sent = 0;
beforeEach(() => {
  sent = 0;
  server.use(
    http.all('*', () => {
      sent++;
      return HttpResponse.json({}, { status: 599 });
    }),
  );
});

const looker = () => createLookerClient({ baseUrl: LOOKER, credentials: { clientId: 'id', clientSecret: 'secret' } });
const dx = () => createDxClient({ token: 'dx-token' });

async function issuesOf(promise: Promise<{ ok: boolean; error?: unknown }>) {
  const result = await promise;
  expect(result.ok).toBe(false);
  const error = result.error as { kind: string; attempts: number; issues: { path: string; problem: string }[]; message: string };
  expect(error.kind).toBe('invalid_input');
  expect(error.attempts).toBe(0);
  expect(sent).toBe(0);
  return error.issues.map((i) => `${i.path}: ${i.problem}`);
}

test.each([
  ['', 'must not be empty'],
  ['.', 'must not be "."'],
  ['..', 'must not be ".."'],
  ['4/../../admin', 'URL-safe'],
  ['a/b', 'URL-safe'],
  ['a\\b', 'URL-safe'],
  ['%2e%2e', 'URL-safe'],
  ['7?x=1', 'URL-safe'],
  ['7#frag', 'URL-safe'],
  ['a\r\nX-Evil: 1', 'URL-safe'],
  ['x'.repeat(256), 'URL-safe'],
])('a path id %j is refused', async (id, problem) => {
  const issues = await issuesOf(looker().setUserAttributeUserValue({ userId: id, userAttributeId: '7', value: 'v' }));
  expect(issues).toHaveLength(1);
  expect(issues[0]).toContain('userId');
  expect(issues[0]).toContain(problem);
});

test('every problem is listed, not just the first', async () => {
  const issues = await issuesOf(
    looker().updateUserAttributeGroupValue({
      groupId: '',
      userAttributeId: 7 as unknown as string,
      value: null as unknown as string,
    }),
  );
  expect(issues).toEqual([
    'groupId: must not be empty',
    'userAttributeId: must be a string, got number',
    'value: must be a string, got null',
  ]);
});

test('an id of the wrong type is named, even one that cannot be made a string', async () => {
  const unprintable = {
    toString() {
      throw new Error('no');
    },
  };
  const issues = await issuesOf(
    looker().setUserAttributeUserValue({ userId: Symbol('42') as never, userAttributeId: unprintable as never, value: 'v' }),
  );
  expect(issues).toEqual(['userId: must be a string, got symbol', 'userAttributeId: must be a string, got object']);
});

test('a non-object input is refused', async () => {
  const issues = await issuesOf(looker().setUserAttributeUserValue(undefined as never));
  expect(issues[0]).toBe('input: must be an object, got undefined');
});

test('group values: ranks on some but not all, a group twice, a repeated rank, bad items', async () => {
  const issues = await issuesOf(
    looker().setUserAttributeGroupValues({
      userAttributeId: '7',
      groupValues: [
        { groupId: '1', value: 'a', rank: 1 },
        { groupId: '2', value: 'b' },
        { groupId: '1', value: 'c', rank: 1 },
        { groupId: '3', value: 'd', rank: 1.5 },
        'nope' as never,
      ],
    }),
  );
  expect(issues).toEqual([
    'groupValues[2].groupId: repeats groupValues[0]',
    'groupValues[2].rank: repeats another rank',
    'groupValues[3].rank: must be an integer',
    'groupValues[4]: must be an object, got string',
    'groupValues: must give a rank to every item or to none (3 of 5 have one)',
  ]);
});

test('an empty group value list is refused: it would remove every group value', async () => {
  const issues = await issuesOf(looker().setUserAttributeGroupValues({ userAttributeId: '7', groupValues: [] }));
  expect(issues[0]).toMatch(/must not be empty/);
});

test('bad call options are input problems too', async () => {
  const issues = await issuesOf(
    looker().setUserAttributeUserValue(
      { userId: '1', userAttributeId: '2', value: 'v' },
      { signal: 'stop' as never, timeoutMs: -5 },
    ),
  );
  expect(issues).toEqual([
    'options.signal: must be an AbortSignal',
    'options.timeoutMs: must be a number of milliseconds above 0 and at most 2147483647',
  ]);
});

test.each([['not-an-email'], ['jo@acme'], ['jo @acme.com'], ['jo@acme.com\r\nBcc: x@y.z'], ['']])(
  'a DX email %j is refused',
  async (email) => {
    const issues = await issuesOf(dx().updateUserAttributes({ email, attributes: { A: 'b' } }));
    expect(issues).toEqual(['email: must be an email address']);
  },
);

test('DX attribute values must be string or null; names non-empty and distinct ignoring case', async () => {
  const issues = await issuesOf(
    dx().updateUserAttributes({
      email: 'jo@acme.com',
      attributes: [
        { name: 'Region', value: 5 as never },
        { name: 'region', value: 'EMEA' },
        { name: ' ', value: 'x' },
        { name: 'Team', value: undefined as never },
      ],
    }),
  );
  expect(issues).toEqual([
    'attributes[0].value: must be a string or null, got number',
    'attributes[1].name: repeats another name (names ignore case)',
    'attributes[2].name: must be a non-empty string',
    'attributes[3].value: must be a string or null, got undefined',
  ]);
});

test('DX attributes given as a record are checked the same way', async () => {
  const issues = await issuesOf(dx().updateUserAttributes({ email: 'jo@acme.com', attributes: { Region: { x: 1 } as never } }));
  expect(issues).toEqual(['attributes.Region.value: must be a string or null, got object']);
});

test('DX needs at least one attribute', async () => {
  expect(await issuesOf(dx().updateUserAttributes({ email: 'jo@acme.com', attributes: {} }))).toEqual([
    'attributes: must name at least one attribute',
  ]);
  expect(await issuesOf(dx().updateUserAttributes({ email: 'jo@acme.com', attributes: 'x' as never }))).toEqual([
    'attributes: must be a record or an array of { name, value }, got string',
  ]);
});
