// Compile-time guarantees. `npm test` runs tsc over this file; vitest runs it too, where the
// expectTypeOf calls are no-ops and the switch functions run on sample errors.
import { expect, expectTypeOf, test } from 'vitest';
import type {
  AllGroupsError,
  AllUserAttributeGroupValuesError,
  AllUserAttributesError,
  AllUsersError,
  AmbiguousError,
  DeleteUserAttributeGroupValueError,
  DeleteUserAttributeUserValueError,
  DxClient,
  DxErrorCode,
  DxListedUser,
  DxListUsersError,
  DxUpdateUserAttributesError,
  FindGroupByNameError,
  FindUserAttributeByNameError,
  FindUserByEmailError,
  LookerClient,
  LookerGroup,
  LookerUser,
  LookerUserAttribute,
  LookerUserAttributeType,
  NoMatchError,
  Paged,
  Result,
  SearchGroupsError,
  SearchUsersError,
  UserAttributeUserValuesError,
  InputIssue,
  LoginError,
  LogoutError,
  LookerErrorBody,
  LookerFieldError,
  SetUserAttributeGroupValuesError,
  SetUserAttributeUserValueError,
  UpdateUserAttributeGroupValueError,
} from '../../src/index.js';
import type { DECLARED_STATUSES, DeclaredStatus } from '../../src/looker/errors.js';
import type { Equal, Kinds, Transport } from '../support/types.js';

test('each Looker operation has exactly the kinds its spec declares, plus transport failures', () => {
  expectTypeOf<Kinds<SetUserAttributeUserValueError>>().toEqualTypeOf<
    'bad_request' | 'unauthorized' | 'forbidden' | 'not_found' | 'validation' | 'rate_limited' | Transport
  >();
  expectTypeOf<Kinds<UpdateUserAttributeGroupValueError>>().toEqualTypeOf<Kinds<SetUserAttributeUserValueError>>();
  // POST group_values declares 409 and no 403.
  expectTypeOf<Kinds<SetUserAttributeGroupValuesError>>().toEqualTypeOf<
    'bad_request' | 'unauthorized' | 'not_found' | 'conflict' | 'validation' | 'rate_limited' | Transport
  >();
  expectTypeOf<Kinds<LoginError>>().toEqualTypeOf<'unauthorized' | 'rate_limited' | Transport>();
  // A logout answered 401 found the session already ended: `{ revoked: false }`, not an error.
  expectTypeOf<Kinds<LogoutError>>().toEqualTypeOf<'bad_request' | 'not_found' | 'rate_limited' | Transport>();
});

test('the runtime status lists equal the generated types', () => {
  type Listed<Op extends keyof typeof DECLARED_STATUSES> = (typeof DECLARED_STATUSES)[Op][number];
  const checks: [
    Equal<Listed<'set_user_attribute_user_value'>, DeclaredStatus<'set_user_attribute_user_value'>>,
    Equal<Listed<'update_user_attribute_group_value'>, DeclaredStatus<'update_user_attribute_group_value'>>,
    Equal<Listed<'set_user_attribute_group_values'>, DeclaredStatus<'set_user_attribute_group_values'>>,
    Equal<Listed<'logout'>, DeclaredStatus<'logout'>>,
  ] = [true, true, true, true];
  expect(checks).toEqual([true, true, true, true]);
});

test('narrowing by kind exposes that kind’s fields and typed body', () => {
  const describe = (error: SetUserAttributeUserValueError) => {
    if (error.kind === 'validation') {
      expectTypeOf(error.fieldErrors).toEqualTypeOf<readonly LookerFieldError[]>();
      expectTypeOf(error.status).toBeNumber();
      return error.fieldErrors.length;
    }
    if (error.kind === 'rate_limited') {
      expectTypeOf(error.retryAfterMs).toEqualTypeOf<number | undefined>();
      return error.retryAfterMs;
    }
    if (error.kind === 'not_found') {
      expectTypeOf(error.body).toEqualTypeOf<LookerErrorBody | string | undefined>();
    }
    if (error.kind === 'invalid_input') expectTypeOf(error.issues).toEqualTypeOf<readonly InputIssue[]>();
    // @ts-expect-error -- only rate_limited carries retryAfterMs
    return error.retryAfterMs;
  };
  expect(describe).toBeTypeOf('function');
});

/** Handles every kind; adding a kind to the union without a case fails to compile. */
function handleGroupValuesError(error: SetUserAttributeGroupValuesError): string {
  switch (error.kind) {
    case 'bad_request':
    case 'unauthorized':
    case 'not_found':
    case 'conflict':
    case 'validation':
    case 'rate_limited':
    case 'server':
    case 'unexpected_response':
    case 'network':
    case 'timeout':
    case 'aborted':
    case 'hook_failed':
    case 'invalid_input':
      return error.kind;
    default: {
      const unhandled: never = error;
      return unhandled;
    }
  }
}

function incompleteSwitch(error: SetUserAttributeGroupValuesError): string {
  switch (error.kind) {
    case 'bad_request':
    case 'unauthorized':
    case 'not_found':
    case 'validation':
    case 'rate_limited':
    case 'server':
    case 'unexpected_response':
    case 'network':
    case 'timeout':
    case 'aborted':
    case 'invalid_input':
      return error.kind;
    default: {
      // @ts-expect-error -- 'conflict' is not handled, so error is not never
      const unhandled: never = error;
      return unhandled;
    }
  }
}

function forbiddenIsNotAGroupValuesError(error: SetUserAttributeGroupValuesError): boolean {
  // @ts-expect-error -- the spec declares no 403 for set_user_attribute_group_values
  return error.kind === 'forbidden';
}

test('exhaustive switches compile and run', () => {
  const sample = { kind: 'conflict' } as SetUserAttributeGroupValuesError;
  expect(handleGroupValuesError(sample)).toBe('conflict');
  expect(incompleteSwitch(sample)).toBe(sample);
  expect(forbiddenIsNotAGroupValuesError(sample)).toBe(false);
});

test('DX errors narrow, and the code keeps documented literals while accepting any string', () => {
  expectTypeOf<Kinds<DxUpdateUserAttributesError>>().toEqualTypeOf<
    'unauthorized' | 'forbidden' | 'not_found' | 'api_error' | 'rate_limited' | 'partial_failure' | Transport
  >();
  expectTypeOf<'not_authed'>().toExtend<DxErrorCode>();
  expectTypeOf<'invalid_auth'>().toExtend<DxErrorCode>();
  expectTypeOf<'anything_else'>().toExtend<DxErrorCode>();
  const handle = (error: DxUpdateUserAttributesError) => {
    if (error.kind === 'partial_failure') {
      expectTypeOf(error.failures).toEqualTypeOf<readonly unknown[]>();
      return error.user.email;
    }
    if (error.kind === 'unauthorized') return error.code;
    return undefined;
  };
  expect(handle).toBeTypeOf('function');
});

type Reads = 'bad_request' | 'unauthorized' | 'not_found' | 'rate_limited' | Transport;

test('each read and delete has exactly the kinds its spec declares', () => {
  expectTypeOf<Kinds<AllUsersError>>().toEqualTypeOf<Reads>();
  expectTypeOf<Kinds<SearchUsersError>>().toEqualTypeOf<Reads>();
  expectTypeOf<Kinds<AllGroupsError>>().toEqualTypeOf<Reads>();
  expectTypeOf<Kinds<SearchGroupsError>>().toEqualTypeOf<Reads>();
  expectTypeOf<Kinds<AllUserAttributesError>>().toEqualTypeOf<Reads>();
  expectTypeOf<Kinds<AllUserAttributeGroupValuesError>>().toEqualTypeOf<Reads>();
  // The spec declares no 400 for user_attribute_user_values.
  expectTypeOf<Kinds<UserAttributeUserValuesError>>().toEqualTypeOf<'unauthorized' | 'not_found' | 'rate_limited' | Transport>();
  expectTypeOf<Kinds<DeleteUserAttributeUserValueError>>().toEqualTypeOf<Reads | 'forbidden'>();
  expectTypeOf<Kinds<DeleteUserAttributeGroupValueError>>().toEqualTypeOf<Reads | 'forbidden'>();
  expectTypeOf<Kinds<DxListUsersError>>().toEqualTypeOf<'unauthorized' | 'forbidden' | 'not_found' | 'api_error' | 'rate_limited' | Transport>();
});

test('the runtime status lists of the reads and deletes equal the generated types', () => {
  type Listed<Op extends keyof typeof DECLARED_STATUSES> = (typeof DECLARED_STATUSES)[Op][number];
  type Same<Op extends keyof typeof DECLARED_STATUSES> = Equal<Listed<Op>, DeclaredStatus<Op>>;
  const checks: [
    Same<'all_users'>,
    Same<'search_users'>,
    Same<'all_user_attributes'>,
    Same<'all_groups'>,
    Same<'search_groups'>,
    Same<'user_attribute_user_values'>,
    Same<'delete_user_attribute_user_value'>,
    Same<'delete_user_attribute_group_value'>,
    Same<'all_user_attribute_group_values'>,
  ] = [true, true, true, true, true, true, true, true, true];
  expect(checks.every(Boolean)).toBe(true);
});

test('a lookup’s errors are its search’s plus no_match and ambiguous, with typed candidates', () => {
  expectTypeOf<Kinds<FindUserByEmailError>>().toEqualTypeOf<Kinds<SearchUsersError> | 'no_match' | 'ambiguous'>();
  expectTypeOf<Kinds<FindGroupByNameError>>().toEqualTypeOf<Kinds<SearchGroupsError> | 'no_match' | 'ambiguous'>();
  expectTypeOf<Kinds<FindUserAttributeByNameError>>().toEqualTypeOf<Kinds<AllUserAttributesError> | 'no_match' | 'ambiguous'>();
  expectTypeOf<Extract<FindUserByEmailError, { kind: 'no_match' }>>().toEqualTypeOf<NoMatchError<LookerUser>>();
  expectTypeOf<Extract<FindGroupByNameError, { kind: 'ambiguous' }>['candidates']>().toEqualTypeOf<readonly LookerGroup[]>();
  expectTypeOf<Extract<FindUserAttributeByNameError, { kind: 'ambiguous' }>>().toEqualTypeOf<AmbiguousError<LookerUserAttribute>>();
  expectTypeOf<LookerClient['findUserByEmail']>().returns.resolves.toEqualTypeOf<Result<LookerUser, FindUserByEmailError>>();
  // @ts-expect-error -- the email is required
  const missing: Parameters<LookerClient['findUserByEmail']>[0] = {};
  expect(missing).toEqual({});
});

/** Handles every kind of a lookup's error; a kind added to the union without a case fails to compile. */
function handleLookupError(error: FindUserByEmailError): string {
  switch (error.kind) {
    case 'no_match':
      return `none of ${error.candidates.length} candidates is ${error.query}`;
    case 'ambiguous':
      return error.candidates.map((u) => u.email).join(', ');
    case 'bad_request':
    case 'unauthorized':
    case 'not_found':
    case 'rate_limited':
    case 'server':
    case 'unexpected_response':
    case 'network':
    case 'timeout':
    case 'aborted':
    case 'hook_failed':
    case 'invalid_input':
      return error.message;
    default: {
      const unhandled: never = error;
      return unhandled;
    }
  }
}

function lookupSwitchWithoutAmbiguous(error: FindUserByEmailError): string {
  switch (error.kind) {
    case 'no_match':
    case 'bad_request':
    case 'unauthorized':
    case 'not_found':
    case 'rate_limited':
    case 'server':
    case 'unexpected_response':
    case 'network':
    case 'timeout':
    case 'aborted':
    case 'hook_failed':
    case 'invalid_input':
      return error.kind;
    default: {
      // @ts-expect-error -- 'ambiguous' is not handled, so error is not never
      const unhandled: never = error;
      return unhandled;
    }
  }
}

test('a lookup’s exhaustive switch compiles and runs', () => {
  const sample = { kind: 'ambiguous', query: 'jo@acme.com', candidates: [{ id: '1', email: 'jo@acme.com' }] } as unknown as FindUserByEmailError;
  expect(handleLookupError(sample)).toBe('jo@acme.com');
  expect(lookupSwitchWithoutAmbiguous(sample)).toBe(sample);
  expect(handleLookupError({ kind: 'no_match', query: 'x', candidates: [] } as unknown as FindUserByEmailError)).toBe('none of 0 candidates is x');
});

test('lists are Paged results; reads may be called without input; deletes resolve to undefined', () => {
  expectTypeOf<ReturnType<LookerClient['listUsers']>>().toEqualTypeOf<Paged<LookerUser, AllUsersError>>();
  expectTypeOf<ReturnType<LookerClient['listGroups']>>().toEqualTypeOf<Paged<LookerGroup, AllGroupsError>>();
  expectTypeOf<ReturnType<DxClient['listUsers']>>().toEqualTypeOf<Paged<DxListedUser, DxListUsersError>>();
  expectTypeOf<Paged<LookerUser, AllUsersError>>().toExtend<AsyncIterable<Result<LookerUser, AllUsersError>>>();
  expectTypeOf<Paged<LookerUser, AllUsersError>['all']>().returns.resolves.toEqualTypeOf<Result<LookerUser[], AllUsersError>>();
  expectTypeOf<LookerClient['allUsers']>().toBeCallableWith();
  expectTypeOf<LookerClient['deleteUserAttributeUserValue']>().returns.resolves.toEqualTypeOf<
    Result<undefined, DeleteUserAttributeUserValueError>
  >();
  expectTypeOf<LookerClient['userAttributeUserValues']>().parameter(0).toHaveProperty('userAttributeIds').toEqualTypeOf<readonly string[] | undefined>();
});

test('an attribute’s type keeps Looker’s literals and accepts types newer releases add', () => {
  expectTypeOf<'yesno'>().toExtend<LookerUserAttributeType>();
  expectTypeOf<'advanced_filter_string'>().toExtend<LookerUserAttributeType>();
  expectTypeOf<'file'>().toExtend<LookerUserAttributeType>();
  // Looker's description says name, label and type may be null.
  expectTypeOf<LookerUserAttribute['type']>().toEqualTypeOf<LookerUserAttributeType | null>();
  expectTypeOf<LookerUserAttribute['name']>().toEqualTypeOf<string | null>();
  expectTypeOf<LookerUserAttribute['label']>().toEqualTypeOf<string | null>();
  expectTypeOf<LookerUserAttribute>().toHaveProperty('default_value');
  const kind = (type: LookerUserAttributeType) => (type === 'yesno' ? 'flag' : 'text');
  expect(kind('yesno')).toBe('flag');
});
