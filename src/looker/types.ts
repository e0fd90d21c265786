// What the Looker client takes and returns: its inputs, its data and its method table.
import type { AmbiguousError, NoMatchError } from '../core/errors.js';
import type { Paged } from '../core/paging.js';
import type { Result } from '../core/result.js';
import type { CallOptions } from '../core/options.js';
import type { components } from '../generated/looker.js';
import type * as Admin from './admin-types.js';
import type { Fields, ListInput, LookerUserAttributeType } from './base-types.js';
import type { LoginError, LookerOperation, LookerOperationError } from './errors.js';

export type { Fields, ListInput, LookerUserAttributeType } from './base-types.js';

type Schemas = components['schemas'];

/** A Looker user (only the fields asked for, when `fields` is given). */
export type LookerUser = Schemas['User'];
/** A Looker group. */
export type LookerGroup = Schemas['Group'];
/**
 * A user attribute's definition: id, name, label, type, default, hidden, user-editable. `name`,
 * `label` and `type` may be null (Looker's own description says so): a null name matches no lookup.
 */
export type LookerUserAttribute = Omit<Schemas['UserAttribute'], 'type'> & { type: LookerUserAttributeType | null };
/** A user attribute with a value one user has or resolves to. */
export type UserAttributeWithValue = Schemas['UserAttributeWithValue'];
/** A stored group value of a user attribute. */
export type UserAttributeGroupValue = Schemas['UserAttributeGroupValue'];

/** Input of `setUserAttributeUserValue`: whose value of which attribute, and the value. */
export interface SetUserAttributeUserValueInput {
  userId: string;
  userAttributeId: string;
  value: string;
}

/** Input of `updateUserAttributeGroupValue`: which group's value of which attribute, and the value. */
export interface UpdateUserAttributeGroupValueInput {
  groupId: string;
  userAttributeId: string;
  value: string;
}

/** One group's value in the complete list given to `setUserAttributeGroupValues`. */
export interface GroupValueInput {
  groupId: string;
  value: string;
  /** Precedence (lowest wins). Give a rank to every item or to none; without ranks, array order decides. */
  rank?: number;
}

/** Input of `setUserAttributeGroupValues`: the attribute and all of its group values. */
export interface SetUserAttributeGroupValuesInput {
  userAttributeId: string;
  /** The complete list: it replaces every group value of the attribute. Must not be empty. */
  groupValues: readonly GroupValueInput[];
}

/** Input of `deleteUserAttributeUserValue`: the user's own value to remove. */
export interface DeleteUserAttributeUserValueInput {
  userId: string;
  userAttributeId: string;
}

/** Input of `deleteUserAttributeGroupValue`: the group's value to remove. */
export interface DeleteUserAttributeGroupValueInput {
  groupId: string;
  userAttributeId: string;
}

/** One page of a list: `limit` items after skipping `offset`. */
export interface PageInput {
  fields?: Fields;
  limit?: number;
  offset?: number;
  /** Fields to sort by, comma-separated; `desc` after one reverses it (`email desc`). */
  sorts?: string;
}

/** Input of `allUsers`. */
export interface AllUsersInput extends PageInput {
  /** Only the users with these ids (sent comma-joined). Not empty: leave it out for every user. */
  ids?: readonly string[];
}

/** Input of `searchUsers`. `email` is a case-insensitive SQL LIKE pattern: `%` and `_` are wildcards. */
export interface SearchUsersInput extends PageInput {
  email?: string;
  isDisabled?: boolean;
}

/** Input of `allGroups`. */
export interface AllGroupsInput extends PageInput {
  /** Only the groups with these ids (sent comma-joined). Not empty: leave it out for every group. */
  ids?: readonly string[];
}

/** Input of `searchGroups`. `name` is a case-insensitive SQL LIKE pattern. */
export interface SearchGroupsInput extends PageInput {
  name?: string;
}

/** Input of `allUserAttributes`. */
export interface AllUserAttributesInput {
  fields?: Fields;
  sorts?: string;
}

/** Input of `userAttributeUserValues`: one user's values. */
export interface UserAttributeUserValuesInput {
  userId: string;
  /** Only these attributes (sent comma-joined, as Looker requires). Not empty: leave it out for every attribute. */
  userAttributeIds?: readonly string[];
  /** Every value on the user's search path (own, each group's, the default), in precedence order. */
  allValues?: boolean;
  /** Also an empty record for attributes with no value anywhere. */
  includeUnset?: boolean;
  fields?: Fields;
}

/** Input of `allUserAttributeGroupValues`. */
export interface AllUserAttributeGroupValuesInput {
  userAttributeId: string;
  fields?: Fields;
}

/** Input of `findUserByEmail`. */
export interface FindUserByEmailInput {
  /** The email, compared exactly (ignoring case); `%` and `_` in it are not wildcards. */
  email: string;
  /** Fields to return besides `id`, `email`, `is_disabled`, the names and `group_ids` (always returned). */
  fields?: Fields;
}

/** Input of `findGroupByName`. */
export interface FindGroupByNameInput {
  /** The name, compared exactly (ignoring case); `%` and `_` in it are not wildcards. */
  name: string;
  /** Fields to return (`id` and `name` always are); every field without it. */
  fields?: Fields;
}

/** Input of `findUserAttributeByName`. */
export interface FindUserAttributeByNameInput {
  /** The attribute's name (not its label), compared exactly (ignoring case). */
  name: string;
}

/** What a login tells you (the token itself stays inside the client). */
export interface LoginInfo {
  readonly expiresInSeconds: number;
}

/** What `logout` did. */
export interface LogoutInfo {
  /**
   * False when there was no session to end: the client held no token (nothing was sent), or the
   * server answered 401 because the session had already ended.
   */
  readonly revoked: boolean;
}

/**
 * The errors of an exact lookup: its search's, `no_match` (its `candidates` are what the search
 * returned: near matches such as `axb@acme.com` for `a_b@acme.com`; for attributes, every
 * attribute), or `ambiguous` (its `candidates` are every exact match).
 */
export type LookupError<T, Op extends LookerOperation> =
  | LookerOperationError<Op>
  | NoMatchError<T>
  | AmbiguousError<T>;

/** Every error `setUserAttributeUserValue` can produce. */
export type SetUserAttributeUserValueError = LookerOperationError<'set_user_attribute_user_value'>;
/** Every error `updateUserAttributeGroupValue` can produce. */
export type UpdateUserAttributeGroupValueError = LookerOperationError<'update_user_attribute_group_value'>;
/** Every error `setUserAttributeGroupValues` can produce (409 `conflict`, and no 403). */
export type SetUserAttributeGroupValuesError = LookerOperationError<'set_user_attribute_group_values'>;
/** Every error `deleteUserAttributeUserValue` can produce. */
export type DeleteUserAttributeUserValueError = LookerOperationError<'delete_user_attribute_user_value'>;
/** Every error `deleteUserAttributeGroupValue` can produce. */
export type DeleteUserAttributeGroupValueError = LookerOperationError<'delete_user_attribute_group_value'>;
/** Every error `allUsers` (and `listUsers`) can produce. */
export type AllUsersError = LookerOperationError<'all_users'>;
/** Every error `searchUsers` can produce. */
export type SearchUsersError = LookerOperationError<'search_users'>;
/** Every error `allGroups` (and `listGroups`) can produce. */
export type AllGroupsError = LookerOperationError<'all_groups'>;
/** Every error `searchGroups` can produce. */
export type SearchGroupsError = LookerOperationError<'search_groups'>;
/** Every error `allUserAttributes` can produce. */
export type AllUserAttributesError = LookerOperationError<'all_user_attributes'>;
/** Every error `userAttributeUserValues` can produce (no 400: its spec declares none). */
export type UserAttributeUserValuesError = LookerOperationError<'user_attribute_user_values'>;
/** Every error `allUserAttributeGroupValues` can produce. */
export type AllUserAttributeGroupValuesError = LookerOperationError<'all_user_attribute_group_values'>;
/** Every error `logout` can produce: its spec's, but not `unauthorized` (a 401 means the session had already ended: `revoked: false`). */
export type LogoutError = Exclude<LookerOperationError<'logout'>, { kind: 'unauthorized' }>;
/** Every error `findUserByEmail` can produce. */
export type FindUserByEmailError = LookupError<LookerUser, 'search_users'>;
/** Every error `findGroupByName` can produce. */
export type FindGroupByNameError = LookupError<LookerGroup, 'search_groups'>;
/** Every error `findUserAttributeByName` can produce. */
export type FindUserAttributeByNameError = LookupError<LookerUserAttribute, 'all_user_attributes'>;

type Method<I, T, E> = (input: I, options?: CallOptions) => Promise<Result<T, E>>;
/** A method whose input may be left out (a list with no filters). */
type OptionalInputMethod<I, T, E> = (input?: I, options?: CallOptions) => Promise<Result<T, E>>;

/** A Looker API 4.0 client for user attributes. Every method resolves to a `Result`; none throws. */
export interface LookerMethods {
  /** Sets a user's own value of an attribute (it wins over group values and the default). */
  setUserAttributeUserValue: Method<SetUserAttributeUserValueInput, UserAttributeWithValue, SetUserAttributeUserValueError>;
  /** Removes a user's own value: the user then resolves to the winning group's value, else the default. */
  deleteUserAttributeUserValue: Method<DeleteUserAttributeUserValueInput, undefined, DeleteUserAttributeUserValueError>;
  /** Sets one group's value of an attribute. */
  updateUserAttributeGroupValue: Method<UpdateUserAttributeGroupValueInput, UserAttributeGroupValue, UpdateUserAttributeGroupValueError>;
  /** Removes one group's value of an attribute. */
  deleteUserAttributeGroupValue: Method<DeleteUserAttributeGroupValueInput, undefined, DeleteUserAttributeGroupValueError>;
  /** Replaces all group values of an attribute, in precedence order. */
  setUserAttributeGroupValues: Method<SetUserAttributeGroupValuesInput, UserAttributeGroupValue[], SetUserAttributeGroupValuesError>;
  /** All group values of an attribute, in precedence order. */
  allUserAttributeGroupValues: Method<AllUserAttributeGroupValuesInput, UserAttributeGroupValue[], AllUserAttributeGroupValuesError>;
  /** One user's attribute values (see `allValues` for the whole search path). Hidden values come back as null. */
  userAttributeUserValues: Method<UserAttributeUserValuesInput, UserAttributeWithValue[], UserAttributeUserValuesError>;
  /** One page of users (`GET /users`). */
  allUsers: OptionalInputMethod<AllUsersInput, LookerUser[], AllUsersError>;
  /** One page of users matching LIKE patterns (`GET /users/search`). For one user by email, use `findUserByEmail`. */
  searchUsers: OptionalInputMethod<SearchUsersInput, LookerUser[], SearchUsersError>;
  /** Every user attribute's definition (there is no search by name: see `findUserAttributeByName`). */
  allUserAttributes: OptionalInputMethod<AllUserAttributesInput, LookerUserAttribute[], AllUserAttributesError>;
  /** One page of groups (`GET /groups`). */
  allGroups: OptionalInputMethod<AllGroupsInput, LookerGroup[], AllGroupsError>;
  /** One page of groups matching a LIKE pattern (`GET /groups/search`). For one group by name, use `findGroupByName`. */
  searchGroups: OptionalInputMethod<SearchGroupsInput, LookerGroup[], SearchGroupsError>;
  /** The one user whose email is exactly `email` (ignoring case), or `no_match` / `ambiguous`. A disabled user is returned, with `is_disabled: true`. */
  findUserByEmail: Method<FindUserByEmailInput, LookerUser, FindUserByEmailError>;
  /** The one group named exactly `name` (ignoring case), or `no_match` / `ambiguous`. */
  findGroupByName: Method<FindGroupByNameInput, LookerGroup, FindGroupByNameError>;
  /** The one user attribute named exactly `name` (ignoring case), or `no_match` / `ambiguous`. */
  findUserAttributeByName: Method<FindUserAttributeByNameInput, LookerUserAttribute, FindUserAttributeByNameError>;
  /** Defines a new user attribute (`POST /user_attributes`). */
  createUserAttribute: Method<Admin.CreateUserAttributeInput, LookerUserAttribute, Admin.CreateUserAttributeError>;
  /** One user attribute's definition (`GET /user_attributes/{user_attribute_id}`). */
  userAttribute: Method<Admin.UserAttributeInput, LookerUserAttribute, Admin.UserAttributeError>;
  /** Changes only the given properties of a definition (`PATCH /user_attributes/{user_attribute_id}`). */
  updateUserAttribute: Method<Admin.UpdateUserAttributeInput, LookerUserAttribute, Admin.UpdateUserAttributeError>;
  /** Deletes a definition and every value of it (`DELETE /user_attributes/{user_attribute_id}`). */
  deleteUserAttribute: Method<Admin.DeleteUserAttributeInput, undefined, Admin.DeleteUserAttributeError>;
  /** One page of the users directly in a group (`GET /groups/{group_id}/users`). */
  allGroupUsers: Method<Admin.AllGroupUsersInput, LookerUser[], Admin.AllGroupUsersError>;
  /** The SAML config's `enabled` and attribute mappings (admins only; `forbidden` or `not_found`: could not check). */
  samlConfig(options?: CallOptions): Promise<Result<Admin.LookerIdentityProviderConfig, Admin.SamlConfigError>>;
  /** The OIDC config's `enabled` and attribute mappings (admins only; `forbidden` or `not_found`: could not check). */
  oidcConfig(options?: CallOptions): Promise<Result<Admin.LookerIdentityProviderConfig, Admin.OidcConfigError>>;
  /** The LDAP config's `enabled` and attribute mappings (admins only; `forbidden` or `not_found`: could not check). */
  ldapConfig(options?: CallOptions): Promise<Result<Admin.LookerIdentityProviderConfig, Admin.LdapConfigError>>;
  /** Every user directly in a group, one page (`GET /groups/{group_id}/users`) at a time; `.all()` for one array. */
  listGroupUsers(input: Admin.ListGroupUsersInput, options?: CallOptions): Paged<LookerUser, Admin.AllGroupUsersError>;
  /** Every user, one page (`GET /users`) at a time as you iterate; `.all()` for one array. */
  listUsers(input?: ListInput, options?: CallOptions): Paged<LookerUser, AllUsersError>;
  /** Every group, one page (`GET /groups`) at a time as you iterate; `.all()` for one array. */
  listGroups(input?: ListInput, options?: CallOptions): Paged<LookerGroup, AllGroupsError>;
  /** Logs in now (client credentials only); calls log in by themselves when needed. */
  login(options?: CallOptions): Promise<Result<LoginInfo, LoginError>>;
  /**
   * Revokes the client's token (waiting for a login in flight, so no session is left behind). A
   * later call logs in again (client credentials) or is refused (a static token). When the client
   * holds no token, nothing is sent and `revoked` is false. If the server says the session had
   * already ended (401), the token is dropped and `revoked` is false (a 404 drops it too, and is
   * reported as `not_found`). Logouts run one at a time: one called while another is in flight
   * waits for it, then finds nothing to revoke.
   */
  logout(options?: CallOptions): Promise<Result<LogoutInfo, LogoutError>>;
}
