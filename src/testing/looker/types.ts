// The data the fake Looker holds and the interface tests use to seed and inspect it. Field names
// are camelCase here; the HTTP layer speaks Looker's snake_case.

import type { FakeIdentityProvider, FakeIdentityProviderConfig, FakeIdentityProviderSeed, FakeUserAttributeChanges, FakeUserAttributeDefinition } from './admin-types.js';

/** The user attribute types the fake knows. `number`, `yesno` and `datetime` values are checked; the rest take any string. */
export type FakeUserAttributeType =
  | 'string'
  | 'number'
  | 'datetime'
  | 'yesno'
  | 'zipcode'
  | 'relative_url'
  | 'advanced_filter_string'
  | 'advanced_filter_number'
  | 'advanced_filter_datetime'
  | 'file';

/** What `addUser` takes. Every field is optional. */
export interface FakeLookerUserSeed {
  /** A non-empty string. Default: the next free number, as a string. */
  id?: string;
  /** Unique, compared case-insensitively. Default: `user<id>@example.com`. */
  email?: string;
  /** Default null. */
  firstName?: string | null;
  /** Default null. */
  lastName?: string | null;
  /** Default: `<firstName> <lastName>` when both are set (as Looker shows it), else null. */
  displayName?: string | null;
  /** Default false. Disabled users are listed and searchable, as in Looker. */
  isDisabled?: boolean;
  /** Groups the user belongs to; they must exist already. */
  groupIds?: readonly string[];
}

/** A user of the fake Looker. */
export interface FakeLookerUser {
  readonly id: string;
  readonly email: string;
  readonly firstName: string | null;
  readonly lastName: string | null;
  readonly displayName: string | null;
  readonly isDisabled: boolean;
  /** The groups the user belongs to, in the order they were added. */
  readonly groupIds: readonly string[];
}

/** What `addGroup` takes. */
export interface FakeLookerGroupSeed {
  /** A non-empty string. Default: the next free number, as a string. */
  id?: string;
  /** Default: `Group <id>`. */
  name?: string;
  /** Membership controlled outside Looker. Default false. */
  externallyManaged?: boolean;
}

/** A group of the fake Looker. */
export interface FakeLookerGroup {
  readonly id: string;
  readonly name: string;
  readonly externallyManaged: boolean;
}

/** What `addUserAttribute` takes. */
export interface FakeUserAttributeSeed {
  /** A non-empty string. Default: the next free number, as a string. */
  id?: string;
  /** Unique name, e.g. `region`. */
  name: string;
  /** Default: the name. */
  label?: string;
  /** Default `string`. Any other string is refused with a TypeError. */
  type?: FakeUserAttributeType;
  /** The value users get when neither they nor their groups have one. Default null. */
  defaultValue?: string | null;
  /** Default true. */
  userCanEdit?: boolean;
  /** Default true. */
  userCanView?: boolean;
  /** When true, HTTP replies carry `value: null` (the model still knows the value). Default false. */
  valueIsHidden?: boolean;
  /** Destinations hidden values may be sent to. Default null. */
  hiddenValueDomainWhitelist?: string | null;
  /** A system default (`email`, `first_name` …): it cannot be edited or deleted, nor given values. Default false. */
  isSystem?: boolean;
  /** A permanent attribute: it cannot be deleted, renamed or given another type. Default false. */
  isPermanent?: boolean;
}

/** A user attribute definition of the fake Looker. */
export interface FakeUserAttribute {
  readonly id: string;
  readonly name: string;
  readonly label: string;
  readonly type: FakeUserAttributeType;
  readonly defaultValue: string | null;
  readonly userCanEdit: boolean;
  readonly userCanView: boolean;
  readonly valueIsHidden: boolean;
  readonly hiddenValueDomainWhitelist: string | null;
  readonly isSystem: boolean;
  readonly isPermanent: boolean;
}

/** One item of the complete list `setGroupValues` takes, as in `POST …/group_values`. */
export interface FakeGroupValueSeed {
  groupId: string;
  value: string;
  /** Lowest wins. Give a rank to every item or to none; without ranks, list order decides. */
  rank?: number;
}

/** A group's value of an attribute. */
export interface FakeStoredGroupValue {
  readonly id: string;
  readonly groupId: string;
  readonly userAttributeId: string;
  readonly value: string;
  /**
   * Precedence, lowest wins. Lists set without ranks get 1, 2, 3 … in list order; a group value
   * added on its own gets the next rank after the highest, so it loses to every existing one.
   */
  readonly rank: number;
}

/** A user's own value of an attribute. */
export interface FakeStoredUserValue {
  readonly userId: string;
  readonly userAttributeId: string;
  readonly value: string;
}

/**
 * Where a user's value of an attribute comes from, in the kit's own words. Over HTTP the fake
 * sends Looker's `source` strings instead: `User Setting`, the group's name, `Default`, and
 * `No Value` for the empty record of `include_unset=true`.
 */
export type FakeValueSource = 'user' | 'group' | 'default';

/** The value a user resolves to, and why. */
export interface FakeResolvedValue {
  /** The real value, even for hidden attributes (only HTTP replies hide it). Null when there is none. */
  readonly value: string | null;
  readonly source: FakeValueSource;
  /** The group value's rank; null unless `source` is `group`. */
  readonly rank: number | null;
  /** The group; null unless `source` is `group`. */
  readonly groupId: string | null;
}

/** A deep copy of all attribute data, for asserting what a call changed (or that it changed nothing). */
export interface FakeLookerSnapshot {
  readonly users: readonly FakeLookerUser[];
  readonly groups: readonly FakeLookerGroup[];
  readonly userAttributes: readonly FakeUserAttribute[];
  readonly userValues: readonly FakeStoredUserValue[];
  /** Per attribute, in rank order. */
  readonly groupValues: readonly FakeStoredGroupValue[];
  /** The SAML, OIDC and LDAP configs. */
  readonly identityProviders: Readonly<Record<FakeIdentityProvider, FakeIdentityProviderConfig>>;
}

/** A Looker API key issued by the fake. */
export interface FakeApiCredentials {
  readonly clientId: string;
  readonly clientSecret: string;
}

/**
 * The fake Looker instance: seed it, then inspect it. Write methods behave exactly like the HTTP
 * endpoints (same checks, same precedence), and throw a `FakeRequestError` where the endpoint
 * would answer with an error. Seeding mistakes (a bad id, a duplicate email or attribute name, an
 * unknown type) throw a TypeError naming the field. Every change is all-or-nothing.
 */
export interface FakeLooker {
  /** Adds a user, optionally in some groups. */
  addUser(seed?: FakeLookerUserSeed): FakeLookerUser;
  /** Adds a group. */
  addGroup(seed?: FakeLookerGroupSeed): FakeLookerGroup;
  /** Puts a user in a group (again is a no-op). */
  addUserToGroup(userId: string, groupId: string): void;
  /** Defines a user attribute. Names and labels are unique. */
  addUserAttribute(seed: FakeUserAttributeSeed): FakeUserAttribute;
  /** Defines a user attribute, as `POST /user_attributes`: every rule of Looker's is checked. */
  createUserAttribute(definition: FakeUserAttributeDefinition): FakeUserAttribute;
  /** Changes a definition, as `PATCH /user_attributes/{user_attribute_id}`. */
  updateUserAttribute(userAttributeId: string, changes: FakeUserAttributeChanges): FakeUserAttribute;
  /** Deletes a definition with every user and group value of it, as `DELETE /user_attributes/{user_attribute_id}`. */
  deleteUserAttribute(userAttributeId: string): void;
  /** Sets a user's own value, as `PATCH /users/{user_id}/attribute_values/{user_attribute_id}`. */
  setUserValue(userId: string, userAttributeId: string, value: string): FakeResolvedValue;
  /** Removes a user's own value, as `DELETE /users/{user_id}/attribute_values/{user_attribute_id}`. */
  deleteUserValue(userId: string, userAttributeId: string): void;
  /** Sets one group's value, as `PATCH /groups/{group_id}/attribute_values/{user_attribute_id}`. */
  updateGroupValue(groupId: string, userAttributeId: string, value: string): FakeStoredGroupValue;
  /** Replaces every group value of an attribute, as `POST /user_attributes/{user_attribute_id}/group_values`. */
  setGroupValues(userAttributeId: string, groupValues: readonly FakeGroupValueSeed[]): FakeStoredGroupValue[];
  /** Removes one group's value, as `DELETE /groups/{group_id}/attribute_values/{user_attribute_id}`. */
  deleteGroupValue(groupId: string, userAttributeId: string): void;
  /** The value a user gets: their own, else their winning group's, else the default. */
  resolve(userId: string, userAttributeId: string): FakeResolvedValue;
  /**
   * Every value on the user's search path, in precedence order: their own, then each of their
   * groups' by rank, then the default (when it is not null). Empty when there is none.
   */
  searchPath(userId: string, userAttributeId: string): FakeResolvedValue[];
  /** The group values of an attribute, in rank order. */
  groupValues(userAttributeId: string): FakeStoredGroupValue[];
  /** The value a user gets of the attribute named `attributeName`: their own, else their winning group's, else the default. */
  resolvedValue(userId: string, attributeName: string): FakeResolvedValue;
  /** Every user's value of the attribute named `attributeName`, by user id (hidden values too). */
  resolvedValues(attributeName: string): Record<string, string | null>;
  /** Configures an identity provider (`saml`, `oidc`, `ldap`): whether it is on and which attributes its logins set. */
  setIdentityProvider(provider: FakeIdentityProvider, seed: FakeIdentityProviderSeed): FakeIdentityProviderConfig;
  /** An identity provider's config; one never configured is off, with no mappings. */
  identityProvider(provider: FakeIdentityProvider): FakeIdentityProviderConfig;
  /** A deep copy of all users, groups, attributes and values. */
  snapshot(): FakeLookerSnapshot;
  /**
   * A new API key that `POST /login` accepts. Its user is an admin unless `admin` is false; a
   * non-admin gets 403 from the SAML, OIDC and LDAP config reads (every other endpoint answers as
   * for an admin).
   */
  createApiCredentials(options?: { admin?: boolean }): FakeApiCredentials;
  /** An access token valid for `expiresInSeconds` (default: the fake's token lifetime), without a login request; an admin's unless `admin` is false. */
  issueAccessToken(options?: { expiresInSeconds?: number; admin?: boolean }): string;
}
