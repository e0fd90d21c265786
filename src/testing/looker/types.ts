// The data the fake Looker holds and the interface tests use to seed and inspect it. Field names
// are camelCase here; the HTTP layer speaks Looker's snake_case.

/** Looker's user attribute types. `number`, `yesno` and `datetime` values are checked; the rest take any string. */
export type UserAttributeType =
  | 'string'
  | 'number'
  | 'datetime'
  | 'yesno'
  | 'zipcode'
  | 'relative_url'
  | 'advanced_filter_string'
  | 'advanced_filter_number'
  | 'advanced_filter_datetime';

/** What `addUser` takes. Every field is optional. */
export interface LookerUserSeed {
  /** Default: the next free number, as a string. */
  id?: string;
  /** Default: `user<id>@example.com`. */
  email?: string;
  /** Groups the user belongs to; they must exist already. */
  groupIds?: readonly string[];
}

/** A Looker user. */
export interface LookerUser {
  readonly id: string;
  readonly email: string;
  /** The groups the user belongs to, in the order they were added. */
  readonly groupIds: readonly string[];
}

/** What `addGroup` takes. */
export interface LookerGroupSeed {
  /** Default: the next free number, as a string. */
  id?: string;
  /** Default: `Group <id>`. */
  name?: string;
}

/** A Looker group. */
export interface LookerGroup {
  readonly id: string;
  readonly name: string;
}

/** What `addUserAttribute` takes. */
export interface UserAttributeSeed {
  /** Default: the next free number, as a string. */
  id?: string;
  /** Unique name, e.g. `region`. */
  name: string;
  /** Default: the name. */
  label?: string;
  /** Default `string`. */
  type?: UserAttributeType;
  /** The value users get when neither they nor their groups have one. Default null. */
  defaultValue?: string | null;
  /** Default true. */
  userCanEdit?: boolean;
  /** When true, HTTP replies carry `value: null` (the model still knows the value). Default false. */
  valueIsHidden?: boolean;
}

/** A user attribute definition. */
export interface UserAttribute {
  readonly id: string;
  readonly name: string;
  readonly label: string;
  readonly type: UserAttributeType;
  readonly defaultValue: string | null;
  readonly userCanEdit: boolean;
  readonly valueIsHidden: boolean;
}

/** One item of the complete list `setGroupValues` takes, as in `POST …/group_values`. */
export interface GroupValueSeed {
  groupId: string;
  value: string;
  /** Lowest wins. Give a rank to every item or to none; without ranks, list order decides. */
  rank?: number;
}

/** A group's value of an attribute. */
export interface StoredGroupValue {
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
export interface StoredUserValue {
  readonly userId: string;
  readonly userAttributeId: string;
  readonly value: string;
}

/** Where a user's value of an attribute comes from. */
export type ValueSource = 'user' | 'group' | 'default';

/** The value a user resolves to, and why. */
export interface ResolvedValue {
  /** The real value, even for hidden attributes (only HTTP replies hide it). Null when there is none. */
  readonly value: string | null;
  readonly source: ValueSource;
  /** The winning group value's rank; null unless `source` is `group`. */
  readonly rank: number | null;
  /** The winning group; null unless `source` is `group`. */
  readonly groupId: string | null;
}

/** A deep copy of all attribute data, for asserting what a call changed (or that it changed nothing). */
export interface LookerSnapshot {
  readonly users: readonly LookerUser[];
  readonly groups: readonly LookerGroup[];
  readonly userAttributes: readonly UserAttribute[];
  readonly userValues: readonly StoredUserValue[];
  /** Per attribute, in rank order. */
  readonly groupValues: readonly StoredGroupValue[];
}

/** A Looker API key. */
export interface ApiCredentials {
  readonly clientId: string;
  readonly clientSecret: string;
}

/**
 * The fake Looker instance: seed it, then inspect it. Write methods behave exactly like the HTTP
 * endpoints (same checks, same precedence), and throw a `FakeRequestError` where the endpoint
 * would answer with an error. Every change is all-or-nothing.
 */
export interface FakeLooker {
  /** Adds a user, optionally in some groups. */
  addUser(seed?: LookerUserSeed): LookerUser;
  /** Adds a group. */
  addGroup(seed?: LookerGroupSeed): LookerGroup;
  /** Puts a user in a group (again is a no-op). */
  addUserToGroup(userId: string, groupId: string): void;
  /** Defines a user attribute. Names are unique. */
  addUserAttribute(seed: UserAttributeSeed): UserAttribute;
  /** Sets a user's own value, as `PATCH /users/{user_id}/attribute_values/{user_attribute_id}`. */
  setUserValue(userId: string, userAttributeId: string, value: string): ResolvedValue;
  /** Removes a user's own value, as `DELETE /users/{user_id}/attribute_values/{user_attribute_id}`. */
  deleteUserValue(userId: string, userAttributeId: string): void;
  /** Sets one group's value, as `PATCH /groups/{group_id}/attribute_values/{user_attribute_id}`. */
  updateGroupValue(groupId: string, userAttributeId: string, value: string): StoredGroupValue;
  /** Replaces every group value of an attribute, as `POST /user_attributes/{user_attribute_id}/group_values`. */
  setGroupValues(userAttributeId: string, groupValues: readonly GroupValueSeed[]): StoredGroupValue[];
  /** Removes one group's value, as `DELETE /groups/{group_id}/attribute_values/{user_attribute_id}`. */
  deleteGroupValue(groupId: string, userAttributeId: string): void;
  /** The value a user gets: their own, else their winning group's, else the default. */
  resolve(userId: string, userAttributeId: string): ResolvedValue;
  /** The group values of an attribute, in rank order. */
  groupValues(userAttributeId: string): StoredGroupValue[];
  /** A deep copy of all users, groups, attributes and values. */
  snapshot(): LookerSnapshot;
  /** A new API key that `POST /login` accepts. */
  createApiCredentials(): ApiCredentials;
  /** An access token valid for `expiresInSeconds` (default: the fake's token lifetime), without a login request. */
  issueAccessToken(options?: { expiresInSeconds?: number }): string;
}
