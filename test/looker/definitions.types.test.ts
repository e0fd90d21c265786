// Compile-time guarantees of the definition, group-user and identity-provider methods: error unions
// derived from the spec, inputs derived from its parameters and bodies, and every operation's
// runtime status list equal to its spec's.
import { expect, expectTypeOf, test } from 'vitest';
import type {
  AllGroupUsersError,
  AllGroupUsersInput,
  CreateUserAttributeError,
  CreateUserAttributeInput,
  DeleteUserAttributeError,
  LdapConfigError,
  LookerClient,
  LookerIdentityProviderConfig,
  LookerUser,
  LookerUserAttribute,
  LookerUserAttributeType,
  OidcConfigError,
  Paged,
  Result,
  SamlConfigError,
  UpdateUserAttributeError,
  UpdateUserAttributeInput,
  UserAttributeError,
} from '../../src/looker/index.js';
import type { DECLARED_STATUSES, DeclaredStatus } from '../../src/looker/errors.js';
import type { Equal, Kinds, Transport } from '../support/types.js';

type Reads = 'bad_request' | 'unauthorized' | 'not_found' | 'rate_limited' | Transport;

test('every operation’s runtime status list equals its spec’s declared error statuses', () => {
  type Listed<Op extends keyof typeof DECLARED_STATUSES> = (typeof DECLARED_STATUSES)[Op][number];
  type Checks = { [Op in keyof typeof DECLARED_STATUSES]: Equal<Listed<Op>, DeclaredStatus<Op>> };
  expectTypeOf<Checks[keyof Checks]>().toEqualTypeOf<true>();
  const sample: Checks = { create_user_attribute: true } as Checks;
  expect(sample.create_user_attribute).toBe(true);
});

test('each definition, group-user and config method has exactly the kinds its spec declares', () => {
  // A taken name or label: 422 in Looker's description, and a 409 it also declares.
  expectTypeOf<Kinds<CreateUserAttributeError>>().toEqualTypeOf<Reads | 'conflict' | 'validation'>();
  expectTypeOf<Kinds<UserAttributeError>>().toEqualTypeOf<Reads>();
  expectTypeOf<Kinds<UpdateUserAttributeError>>().toEqualTypeOf<Reads | 'validation'>();
  expectTypeOf<Kinds<DeleteUserAttributeError>>().toEqualTypeOf<Reads>();
  expectTypeOf<Kinds<AllGroupUsersError>>().toEqualTypeOf<Reads>();
  // The configs declare 403 and no 400.
  const configs = 'unauthorized' as 'unauthorized' | 'forbidden' | 'not_found' | 'rate_limited' | Transport;
  expectTypeOf<Kinds<SamlConfigError>>().toEqualTypeOf<typeof configs>();
  expectTypeOf<Kinds<OidcConfigError>>().toEqualTypeOf<typeof configs>();
  expectTypeOf<Kinds<LdapConfigError>>().toEqualTypeOf<typeof configs>();
  expect(configs).toBe('unauthorized');
});

/** Reads a config result the way a sync must: "could not check" is a distinct outcome, and a new kind without a case fails to compile. */
function mappedIds(result: Result<LookerIdentityProviderConfig, SamlConfigError>): readonly string[] | 'could not check' {
  if (result.ok) return result.data.user_attributes_with_ids.flatMap((mapping) => mapping.user_attribute_ids ?? []);
  switch (result.error.kind) {
    case 'forbidden':
    case 'not_found':
    case 'unauthorized':
    case 'rate_limited':
    case 'server':
    case 'unexpected_response':
    case 'network':
    case 'timeout':
    case 'aborted':
    case 'hook_failed':
    case 'invalid_input':
      return 'could not check';
    default: {
      const unhandled: never = result.error;
      return unhandled;
    }
  }
}

function badRequestIsNotAConfigError(error: SamlConfigError): boolean {
  // @ts-expect-error -- the spec declares no 400 for saml_config
  return error.kind === 'bad_request';
}

test('a config’s exhaustive switch compiles and runs', () => {
  const forbidden = { ok: false, error: { kind: 'forbidden' } } as Result<LookerIdentityProviderConfig, SamlConfigError>;
  expect(mappedIds(forbidden)).toBe('could not check');
  const data = { enabled: true, user_attributes_with_ids: [{ name: 'dept', user_attribute_ids: ['7'] }] };
  expect(mappedIds({ ok: true, data, response: new Response() })).toEqual(['7']);
  expect(badRequestIsNotAConfigError({ kind: 'forbidden' } as SamlConfigError)).toBe(false);
});

test('inputs are the spec’s parameters and bodies in camelCase, with Looker’s types as an open union', () => {
  expectTypeOf<CreateUserAttributeInput['name']>().toEqualTypeOf<string>();
  expectTypeOf<CreateUserAttributeInput['type']>().toEqualTypeOf<LookerUserAttributeType>();
  expectTypeOf<CreateUserAttributeInput['defaultValue']>().toEqualTypeOf<string | null | undefined>();
  expectTypeOf<CreateUserAttributeInput['hiddenValueDomainWhitelist']>().toEqualTypeOf<string | null | undefined>();
  expectTypeOf<UpdateUserAttributeInput['userAttributeId']>().toEqualTypeOf<string>();
  expectTypeOf<UpdateUserAttributeInput['type']>().toEqualTypeOf<LookerUserAttributeType | undefined>();
  expectTypeOf<AllGroupUsersInput['fields']>().toEqualTypeOf<readonly string[] | undefined>();
  expectTypeOf<LookerClient['allGroupUsers']>().parameter(0).toEqualTypeOf<AllGroupUsersInput>();
  // @ts-expect-error -- a new attribute needs a label
  const missing: CreateUserAttributeInput = { name: 'region', type: 'string' };
  // @ts-expect-error -- read-only properties are not input
  const readOnly: UpdateUserAttributeInput = { userAttributeId: '7', isSystem: true };
  // @ts-expect-error -- snake_case is the wire's, not the method's
  const snake: UpdateUserAttributeInput = { userAttributeId: '7', default_value: 'x' };
  expect([missing, readOnly, snake]).toHaveLength(3);
});

test('results: definitions, a group’s users (one page or paged), configs; the delete resolves to undefined', () => {
  expectTypeOf<LookerClient['createUserAttribute']>().returns.resolves.toEqualTypeOf<Result<LookerUserAttribute, CreateUserAttributeError>>();
  expectTypeOf<LookerClient['userAttribute']>().returns.resolves.toEqualTypeOf<Result<LookerUserAttribute, UserAttributeError>>();
  expectTypeOf<LookerClient['deleteUserAttribute']>().returns.resolves.toEqualTypeOf<Result<undefined, DeleteUserAttributeError>>();
  expectTypeOf<LookerClient['allGroupUsers']>().returns.resolves.toEqualTypeOf<Result<LookerUser[], AllGroupUsersError>>();
  expectTypeOf<ReturnType<LookerClient['listGroupUsers']>>().toEqualTypeOf<Paged<LookerUser, AllGroupUsersError>>();
  expectTypeOf<LookerClient['ldapConfig']>().returns.resolves.toEqualTypeOf<Result<LookerIdentityProviderConfig, LdapConfigError>>();
  // The configs take only call options.
  expectTypeOf<LookerClient['samlConfig']>().toBeCallableWith();
  expectTypeOf<LookerClient['samlConfig']>().toBeCallableWith({ timeoutMs: 1000 });
  expectTypeOf<LookerIdentityProviderConfig['user_attributes_with_ids'][number]['user_attribute_ids']>().toEqualTypeOf<string[] | null | undefined>();
});
