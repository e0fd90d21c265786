// The sync's attribute resolution over what Looker may list: an attribute with a null name matches
// no mapped name (not even "null"), one with a null type is planned with `type: null` and any text.
import { expect, expectTypeOf, test } from 'vitest';
import type { Result } from '../../../src/core/result.js';
import {
  createSync,
  parseMapping,
  validatePlan,
  type PlannedLookerAttribute,
  type PortError,
  type SyncLooker,
  type SyncLookerAttribute,
} from '../../../src/sync/index.js';
import { testRuntime } from '../../support/runtime.js';

const REPLY = new Response(null);
const ok = <T>(data: T): Promise<Result<T, PortError>> => Promise.resolve({ ok: true, data, response: REPLY });

/** A Looker with one user and the given attribute definitions, where every write succeeds. */
function lookerListing(attributes: SyncLookerAttribute[]): SyncLooker {
  return {
    baseUrl: 'https://acme.looker.test/api/4.0',
    allUserAttributes: () => ok(attributes),
    allUsers: ({ offset = 0 }) => ok(offset === 0 ? [{ id: '7', email: 'jo@acme.test', is_disabled: false }] : []),
    userAttributeUserValues: () => ok([]),
    setUserAttributeUserValue: () => ok({}),
    deleteUserAttributeUserValue: () => ok(undefined),
  };
}

const mappingOf = (name: string) => {
  const parsed = parseMapping({ email: 'email', fields: { Value: { looker: name } } });
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.data;
};

const attribute = (fields: Partial<SyncLookerAttribute>): SyncLookerAttribute => ({ id: '1', name: 'x', label: 'X', type: 'string', ...fields });

test('a null-named attribute matches no name, not even "null": the mapping names an unknown attribute', async () => {
  const looker = lookerListing([attribute({ id: '1', name: null, label: null, type: null }), attribute({ id: '2', name: 'region' })]);
  const sync = createSync({ looker, mapping: mappingOf('null'), runtime: testRuntime().runtime });
  expect(await sync.plan([{ email: 'jo@acme.test', Value: 'EMEA' }])).toMatchObject({ ok: false, error: { kind: 'unknown_attribute', names: ['null'] } });
  const region = createSync({ looker, mapping: mappingOf('region'), runtime: testRuntime().runtime });
  const plan = await region.plan([{ email: 'jo@acme.test', Value: 'EMEA' }]);
  expect(plan.ok && plan.data.services.looker).toMatchObject({ status: 'planned', attributes: [{ name: 'region', id: '2', type: 'string' }] });
});

test('a null-typed attribute is planned with type null: any text goes, Looker checks it; the plan reads back', async () => {
  const looker = lookerListing([attribute({ id: '3', name: 'level', type: null })]);
  const sync = createSync({ looker, mapping: mappingOf('level'), runtime: testRuntime().runtime });
  const plan = await sync.plan([{ email: 'jo@acme.test', Value: 'not a number' }, { email: 'al@acme.test', Value: 'x' }]);
  if (!plan.ok) throw new Error(plan.error.message);
  expect(plan.data.services.looker).toMatchObject({ status: 'planned', attributes: [{ name: 'level', id: '3', type: null }] });
  // jo's record met no problem: the plan carries its digest, for the next snapshot.
  expect(plan.data.users).toEqual([{ email: 'jo@acme.test', digest: expect.any(Number), looker: { userId: '7', changes: [{ attribute: 'level', action: 'set', before: null, after: 'not a number' }] } }]);
  expect(validatePlan(JSON.parse(JSON.stringify(plan.data)))).toMatchObject({ ok: true });
  const control = await sync.plan([{ email: 'jo@acme.test', Value: 'a\u0007b' }]);
  expect(control.ok && control.data.problems).toMatchObject([{ kind: 'invalid_value', message: '"Value" contains control characters (the attribute level)' }]);
});

test('types: the attribute fields Looker may leave null', () => {
  expectTypeOf<SyncLookerAttribute['name']>().toEqualTypeOf<string | null>();
  expectTypeOf<SyncLookerAttribute['label']>().toEqualTypeOf<string | null>();
  expectTypeOf<PlannedLookerAttribute['type']>().toExtend<string | null>();
  expectTypeOf<null>().toExtend<PlannedLookerAttribute['type']>();
});
