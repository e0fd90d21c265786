// For any string as an id, the request goes to exactly the one intended path segment (the server
// receives it encoded, and it decodes back to the id), or it is refused as invalid_input with
// nothing sent. Never another path.
import fc from 'fast-check';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createLookerClient, type LookerClient } from '../../src/looker/index.js';
import { startLoopbackServer, type LoopbackServer } from '../support/http-server.js';
import { json, nodeFetch, SECRETS, userValue } from '../support/hostile.js';

let server: LoopbackServer;
let looker: LookerClient;
beforeAll(async () => {
  // Each operation's success: 204 for a delete, a definition for one user attribute, a list for a
  // read or the group value list, else a value.
  server = await startLoopbackServer((req, res) => {
    if (req.method === 'DELETE') return void res.writeHead(204).end();
    const segments = req.url?.split('/') ?? [];
    if (segments.length === 5 && segments[3] === 'user_attributes') return json(res, 200, { id: '7', name: 'region', label: 'Region', type: 'string' });
    json(res, 200, req.method === 'GET' || req.url?.endsWith('/group_values') ? [] : userValue());
  });
  looker = createLookerClient({
    baseUrl: server.url,
    credentials: { accessToken: SECRETS.token },
    fetch: nodeFetch,
    retry: false,
  });
});
afterAll(() => server.close());

// Strings built to break paths: dot segments, separators, encodings, query and fragment marks,
// whitespace and controls, look-alikes, lone surrogates.
const NASTY = [
  '.',
  '..',
  '/',
  '\\',
  '%',
  '2',
  'e',
  'E',
  'f',
  'F',
  '?',
  '#',
  '&',
  '=',
  ';',
  ':',
  '@',
  '+',
  '$',
  ',',
  '\'',
  '(',
  ')',
  '*',
  '!',
  '~',
  '-',
  '_',
  'a',
  '7',
  ' ',
  '\t',
  '\r',
  '\n',
  '\0',
  '\x7f',
  '\u00e9',
  '\u2028',
  '\u202e',
  '\ud800',
  '\uff0e',
  '\uff0f',
  '\uff05',
  '\u3002',
];
const anyId = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: fc.constantFrom(...NASTY), maxLength: 12 }),
  fc.constantFrom(
    '.',
    '..',
    '...',
    '%2e%2e',
    '..%2f',
    '%2F',
    'a/../b',
    '//evil.example',
    '\\\\evil',
    '?',
    '#',
    'x'.repeat(255),
    'x'.repeat(256),
    '42',
  ),
  fc.string({ unit: 'grapheme-ascii', minLength: 250, maxLength: 260 }),
  fc.string({ unit: 'grapheme-ascii', maxLength: 20 }),
);

/**
 * Every method with an id in its path: the path it must reach (0 and 1 stand for the first and
 * second id) and how to call it. A method with one id takes the first.
 */
interface PathMethod {
  readonly template: readonly (string | 0 | 1)[];
  readonly call: (first: string, second: string) => Promise<unknown>;
  /** The exact query the method adds, if any. */
  readonly query?: string;
}
const METHODS = {
  setUserAttributeUserValue: {
    template: ['', 'api', '4.0', 'users', 0, 'attribute_values', 1],
    call: (first: string, second: string) => looker.setUserAttributeUserValue({ userId: first, userAttributeId: second, value: 'v' }),
  },
  deleteUserAttributeUserValue: {
    template: ['', 'api', '4.0', 'users', 0, 'attribute_values', 1],
    call: (first: string, second: string) => looker.deleteUserAttributeUserValue({ userId: first, userAttributeId: second }),
  },
  updateUserAttributeGroupValue: {
    template: ['', 'api', '4.0', 'groups', 0, 'attribute_values', 1],
    call: (first: string, second: string) => looker.updateUserAttributeGroupValue({ groupId: first, userAttributeId: second, value: 'v' }),
  },
  deleteUserAttributeGroupValue: {
    template: ['', 'api', '4.0', 'groups', 0, 'attribute_values', 1],
    call: (first: string, second: string) => looker.deleteUserAttributeGroupValue({ groupId: first, userAttributeId: second }),
  },
  // The group id travels in the body.
  setUserAttributeGroupValues: {
    template: ['', 'api', '4.0', 'user_attributes', 1, 'group_values'],
    call: (first: string, second: string) => looker.setUserAttributeGroupValues({ userAttributeId: second, groupValues: [{ groupId: first, value: 'v' }] }),
  },
  allUserAttributeGroupValues: {
    template: ['', 'api', '4.0', 'user_attributes', 0, 'group_values'],
    call: (first: string) => looker.allUserAttributeGroupValues({ userAttributeId: first }),
  },
  userAttributeUserValues: {
    template: ['', 'api', '4.0', 'users', 0, 'attribute_values'],
    call: (first: string) => looker.userAttributeUserValues({ userId: first }),
  },
  userAttribute: {
    template: ['', 'api', '4.0', 'user_attributes', 0],
    call: (first: string) => looker.userAttribute({ userAttributeId: first }),
  },
  updateUserAttribute: {
    template: ['', 'api', '4.0', 'user_attributes', 0],
    call: (first: string) => looker.updateUserAttribute({ userAttributeId: first, label: 'Region' }),
  },
  deleteUserAttribute: {
    template: ['', 'api', '4.0', 'user_attributes', 0],
    call: (first: string) => looker.deleteUserAttribute({ userAttributeId: first }),
  },
  allGroupUsers: {
    template: ['', 'api', '4.0', 'groups', 0, 'users'],
    call: (first: string) => looker.allGroupUsers({ groupId: first }),
  },
  // One short page: one request.
  listGroupUsers: {
    template: ['', 'api', '4.0', 'groups', 0, 'users'],
    call: (first: string) => looker.listGroupUsers({ groupId: first }).all(),
    query: '?limit=500&offset=0&sorts=id',
  },
} satisfies Record<string, PathMethod>;
type Method = keyof typeof METHODS;

test('any string as an id reaches exactly its own path segment, or is refused with nothing sent', async () => {
  let sent = 0;
  let refused = 0;
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom(...(Object.keys(METHODS) as Method[])),
      anyId,
      fc.boolean(),
      async (method, id, inFirst) => {
        const { template, call, query = '' }: PathMethod = METHODS[method];
        const [first, second] = inFirst || !template.includes(1) ? [id, '7'] : ['42', id];
        const before = server.seen.length;
        const result = (await call(first, second)) as { ok: boolean; error: { kind: string; attempts: number } };
        const requests = server.seen.slice(before);
        if (!result.ok) {
          expect(result.error.kind).toBe('invalid_input');
          expect(result.error.attempts).toBe(0);
          expect(requests).toEqual([]);
          refused++;
          return;
        }
        expect(requests).toHaveLength(1);
        const { url: sentUrl, body } = requests[0]!;
        const url = sentUrl.slice(0, sentUrl.length - query.length);
        expect(sentUrl.slice(url.length)).toBe(query);
        expect(url).not.toMatch(/[?#]/);
        const segments = url.split('/');
        expect(segments).toHaveLength(template.length);
        for (const [i, part] of template.entries()) {
          expect(decodeURIComponent(segments[i]!)).toBe(part === 0 ? first : part === 1 ? second : part);
        }
        if (method === 'setUserAttributeGroupValues') expect(JSON.parse(body)).toEqual([{ group_id: first, value: 'v' }]);
        sent++;
      },
    ),
    { numRuns: 1000 },
  );
  // Both outcomes were exercised.
  expect(sent).toBeGreaterThan(50);
  expect(refused).toBeGreaterThan(50);
});

test('values are data, not paths or headers: any string is sent in the JSON body exactly as given', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.oneof(fc.string({ unit: 'binary', maxLength: 60 }), fc.string({ unit: fc.constantFrom(...NASTY), maxLength: 20 })),
      async (value) => {
        const before = server.seen.length;
        const result = await looker.setUserAttributeUserValue({ userId: '42', userAttributeId: '7', value });
        expect(result.ok).toBe(true);
        const [seen] = server.seen.slice(before);
        expect(seen?.url).toBe('/api/4.0/users/42/attribute_values/7');
        expect(JSON.parse(seen!.body)).toEqual({ value });
        expect(seen?.headers['x-evil']).toBeUndefined();
      },
    ),
    { numRuns: 200 },
  );
});
