// What the definition, group-user and identity-provider methods take and return, derived from the spec.
import type { components, operations } from '../generated/looker.js';
import type { LookerOperationError } from './errors.js';
import type { ListInput, LookerUserAttributeType } from './base-types.js';

type Camel<S extends string> = S extends `${infer Head}_${infer Tail}` ? `${Head}${Capitalize<Camel<Tail>>}` : S;
type ReadonlyList<V> = V extends readonly (infer Item)[] ? readonly Item[] : V;
type Path<Op extends keyof operations> = operations[Op]['parameters']['path'];
type Query<Op extends keyof operations> = NonNullable<operations[Op]['parameters']['query']>;
type Body<Op extends keyof operations> = operations[Op]['requestBody'] extends { content: { 'application/json': infer B } } ? B : never;

/** An operation's parameters or body as a method takes them: camelCase names, lists read-only. */
export type MethodFields<T> = { [K in keyof T as Camel<K & string>]: ReadonlyList<T[K]> };
// A definition's type: Looker's known types and any other string newer releases add.
type Definition<Op extends keyof operations> = Omit<MethodFields<Body<Op>>, 'type'>;

/**
 * Input of `createUserAttribute`: `name` (lowercase letters, digits, underscores), `label` and
 * `type` are required, and `hiddenValueDomainWhitelist` too when `valueIsHidden` is true.
 */
export type CreateUserAttributeInput = Definition<'create_user_attribute'> & { type: LookerUserAttributeType };
/** Input of `updateUserAttribute`: the attribute, and only the properties to change (at least one). */
export type UpdateUserAttributeInput = MethodFields<Path<'update_user_attribute'>> & Definition<'update_user_attribute'> & { type?: LookerUserAttributeType };
/** Input of `userAttribute`. */
export type UserAttributeInput = MethodFields<Path<'user_attribute'>>;
/** Input of `deleteUserAttribute`. */
export type DeleteUserAttributeInput = MethodFields<Path<'delete_user_attribute'>>;
/** Input of `allGroupUsers`: the group and one page (`fields`, `limit`, `offset`, `sorts`). */
export type AllGroupUsersInput = MethodFields<Path<'all_group_users'> & Query<'all_group_users'>>;
/** Input of `listGroupUsers`: the group, and how to page through its users. */
export type ListGroupUsersInput = MethodFields<Path<'all_group_users'>> & ListInput;

/** An identity provider's config (SAML, OIDC or LDAP): whether it is on, and its attribute mappings. */
export type LookerIdentityProviderConfig = components['schemas']['IdentityProviderConfig'];
/** One attribute of an identity provider's assertion and the ids of the Looker user attributes it sets at each login. */
export type LookerIdentityProviderUserAttribute = components['schemas']['IdentityProviderUserAttribute'];

/** Every error `createUserAttribute` can produce (a taken name or label: `validation` or `conflict`). */
export type CreateUserAttributeError = LookerOperationError<'create_user_attribute'>;
/** Every error `userAttribute` can produce. */
export type UserAttributeError = LookerOperationError<'user_attribute'>;
/** Every error `updateUserAttribute` can produce. */
export type UpdateUserAttributeError = LookerOperationError<'update_user_attribute'>;
/** Every error `deleteUserAttribute` can produce. */
export type DeleteUserAttributeError = LookerOperationError<'delete_user_attribute'>;
/** Every error `allGroupUsers` (and `listGroupUsers`) can produce. */
export type AllGroupUsersError = LookerOperationError<'all_group_users'>;
/** Every error `samlConfig` can produce: `forbidden` and `not_found` mean the mappings could not be checked. */
export type SamlConfigError = LookerOperationError<'saml_config'>;
/** Every error `oidcConfig` can produce: `forbidden` and `not_found` mean the mappings could not be checked. */
export type OidcConfigError = LookerOperationError<'oidc_config'>;
/** Every error `ldapConfig` can produce: `forbidden` and `not_found` mean the mappings could not be checked. */
export type LdapConfigError = LookerOperationError<'ldap_config'>;
