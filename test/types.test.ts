// Compile-time guarantees. `npm test` runs tsc over this file; vitest runs it too, where the
// expectTypeOf calls are no-ops and the switch functions run on sample errors.
import { expect, expectTypeOf, test } from 'vitest';
import type {
  DxErrorCode,
  DxUpdateUserAttributesError,
  InputIssue,
  LoginError,
  LookerErrorBody,
  LookerFieldError,
  SetUserAttributeGroupValuesError,
  SetUserAttributeUserValueError,
  UpdateUserAttributeGroupValueError,
} from '../src/index.js';
import type { DECLARED_STATUSES, DeclaredStatus } from '../src/looker/errors.js';

type Kinds<E extends { kind: string }> = E['kind'];
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

type Transport = 'server' | 'unexpected_response' | 'network' | 'timeout' | 'aborted' | 'hook_failed' | 'invalid_input';

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
