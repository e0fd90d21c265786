// The parts of the Looker and DX clients the sync uses, declared by shape so that
// `LookerClient` and `DxClient` (or any object with these members) serve as they are.
import type { Result } from '../core/result.js';

/** Per-call options every client method takes. */
export interface PortCallOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
}

/** What the sync reads of any client error. */
export interface PortError {
  readonly kind: string;
  readonly message: string;
  readonly operation: string;
  readonly attempts: number;
  readonly status?: number;
  readonly retryAfterMs?: number | undefined;
}

/** Pages of a listing: one `Result` per item; an error is yielded once and ends the iteration. */
export interface Paged<T, E> extends AsyncIterable<Result<T, E>> {
  /** Collects every item into one result. */
  all(): Promise<Result<T[], E>>;
}

/** A Looker user as listed (snake_case, as Looker sends it). */
export interface SyncLookerUser {
  id: string;
  email?: string | null;
  is_disabled?: boolean;
}

/** A Looker attribute type: the known ones, and any newer one as a string. */
export type LookerAttributeType =
  | 'string'
  | 'number'
  | 'datetime'
  | 'yesno'
  | 'zipcode'
  | 'advanced_filter_string'
  | 'advanced_filter_number'
  | 'advanced_filter_datetime'
  | 'relative_url'
  | (string & {});

/** A Looker user attribute, as `all_user_attributes` lists it. */
export interface SyncLookerAttribute {
  id: string;
  name: string;
  label: string;
  type: LookerAttributeType;
  default_value?: string | null;
  value_is_hidden?: boolean;
  user_can_view?: boolean;
  user_can_edit?: boolean;
}

/** One value on a user's search path, as `user_attribute_user_values` returns it. */
export interface SyncAttributeValue {
  user_id?: string | null;
  user_attribute_id?: string | null;
  name?: string | null;
  rank?: number | null;
  value?: string | null;
  value_is_hidden?: boolean;
  user_can_edit?: boolean;
  source?: string | null;
}

/** A DX user as `users.list` lists it. */
export interface SyncDxUser {
  id: string | number;
  email: string;
  attributes: { name: string; value: string | null }[];
  deleted_at?: string | null;
}

/** The Looker operations the sync calls. */
export interface SyncLooker {
  /** `GET /user_attributes`: every attribute (the sync finds its names here). */
  allUserAttributes(
    input: { fields?: readonly string[] },
    options?: PortCallOptions,
  ): Promise<Result<SyncLookerAttribute[], PortError>>;
  /** `GET /users`, paged: every user (the sync builds its email map from it). */
  listUsers(input: { fields?: readonly string[]; pageSize?: number }, options?: PortCallOptions): Paged<SyncLookerUser, PortError>;
  /** `GET /users/{user_id}/attribute_values`: with `allValues`, the whole search path in precedence order. */
  userAttributeUserValues(
    input: { userId: string; userAttributeIds?: readonly string[]; allValues?: boolean; includeUnset?: boolean; fields?: readonly string[] },
    options?: PortCallOptions,
  ): Promise<Result<SyncAttributeValue[], PortError>>;
  /** `PATCH /users/{user_id}/attribute_values/{user_attribute_id}`: sets the user's own value. */
  setUserAttributeUserValue(
    input: { userId: string; userAttributeId: string; value: string },
    options?: PortCallOptions,
  ): Promise<Result<unknown, PortError>>;
  /** `DELETE /users/{user_id}/attribute_values/{user_attribute_id}`: removes the user's own value. */
  deleteUserAttributeUserValue(
    input: { userId: string; userAttributeId: string },
    options?: PortCallOptions,
  ): Promise<Result<unknown, PortError>>;
}

/** The DX operations the sync calls. */
export interface SyncDx {
  /** `GET /users.list`, paged: only users with a role, team, group, entity or property. */
  listUsers(input: { pageSize?: number }, options?: PortCallOptions): Paged<SyncDxUser, PortError>;
  /** `POST /users.attributes.update`: `value: null` removes an attribute. */
  updateUserAttributes(
    input: { email: string; attributes: readonly { name: string; value: string | null }[] },
    options?: PortCallOptions,
  ): Promise<Result<unknown, PortError>>;
}

/** The two services. */
export type SyncService = 'looker' | 'dx';
