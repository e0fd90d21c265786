// The parts of the Looker and DX clients the sync uses: the data types are the clients' own, the
// methods are declared by shape, so `LookerClient` and `DxClient` (or any object with these
// members, such as an in-memory stand-in) serve as they are.
import type { Result } from '../../core/result.js';
import type { CallOptions } from '../../core/options.js';
import type { DxListedUser } from '../../dx/client.js';
import type { LookerIdentityProviderConfig } from '../../looker/admin-types.js';
import type { LookerUser, LookerUserAttribute, LookerUserAttributeType, UserAttributeWithValue } from '../../looker/types.js';

/**
 * Per-call options every client method takes: the clients' own `CallOptions`. The sync's lanes
 * pass `maxRetries: 0`, `rateLimit: false` and `onRequest` on every call, so that they alone retry,
 * pace and count; a stand-in that sends no HTTP may ignore them.
 */
export type PortCallOptions = CallOptions;

/** What the sync reads of any client error. */
export interface PortError {
  readonly kind: string;
  readonly message: string;
  readonly operation: string;
  readonly attempts: number;
  readonly status?: number;
  readonly retryAfterMs?: number | undefined;
  /** What a `network` error's fetch failed with: the lanes read whether a connection was made at all. */
  readonly cause?: unknown;
  /** The service's own error code, when it sent one (DX: `user_not_found`, `invalid_auth`, …). */
  readonly code?: string | undefined;
}

/** A Looker user as listed (snake_case, as Looker sends it): the fields the sync asks for (`group_ids` by the plan). */
export type SyncLookerUser = Pick<LookerUser, 'id' | 'email' | 'is_disabled'> & Partial<Pick<LookerUser, 'group_ids'>>;

/** A Looker attribute type: the known ones, and any newer one as a string. */
export type LookerAttributeType = LookerUserAttributeType;

/** A Looker user attribute, as `all_user_attributes` lists it: the fields the sync asks for. */
export type SyncLookerAttribute = Pick<
  LookerUserAttribute,
  'id' | 'name' | 'label' | 'type' | 'default_value' | 'value_is_hidden' | 'user_can_view' | 'user_can_edit'
>;

/** One value on a user's search path, as `user_attribute_user_values` returns it. */
export type SyncAttributeValue = Pick<
  UserAttributeWithValue,
  'user_id' | 'user_attribute_id' | 'name' | 'rank' | 'value' | 'value_is_hidden' | 'user_can_edit' | 'source'
>;

/** A DX user as `users.list` lists it: the fields the sync reads. */
export type SyncDxUser = Pick<DxListedUser, 'id' | 'email' | 'attributes' | 'deleted_at'>;

/** An identity provider's config (SAML, OIDC or LDAP) as read: whether it is on, and which user attributes its logins set. */
export type SyncIdentityProviderConfig = LookerIdentityProviderConfig;

/** Reads one identity provider's config (admins only: a 403 or 404 means it could not be checked). */
export type SyncIdentityProviderRead = (options?: PortCallOptions) => Promise<Result<SyncIdentityProviderConfig, PortError>>;

/** The Looker operations the sync calls. */
export interface SyncLooker {
  /** Where the calls go (a plan records it; apply refuses a client for another). */
  readonly baseUrl: string;
  /** `GET /user_attributes`: every attribute (the sync finds its names here). */
  allUserAttributes(
    input: { fields?: readonly string[] },
    options?: PortCallOptions,
  ): Promise<Result<SyncLookerAttribute[], PortError>>;
  /**
   * `GET /users`, one page (`limit` users after `offset`): the sync pages every user into its
   * email map, one call per page, so that a 429 repeats one page, not the whole listing. Apply
   * reads back the ids it will write to with `ids`, checking that each still has the plan's email.
   */
  allUsers(
    input: { fields?: readonly string[]; limit?: number; offset?: number; ids?: readonly string[] },
    options?: PortCallOptions,
  ): Promise<Result<SyncLookerUser[], PortError>>;
  /**
   * The one user with exactly this email, ignoring case (the client's `findUserByEmail`: its
   * search's wildcards are never taken blindly): `no_match` when none, `ambiguous` with every
   * match as `candidates` when several. Optional: without it, a plan lists every user.
   */
  findUserByEmail?(
    input: { email: string; fields?: readonly string[] },
    options?: PortCallOptions,
  ): Promise<Result<SyncLookerUser, PortError & { readonly candidates?: readonly SyncLookerUser[] }>>;
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
  /**
   * `GET /saml_config`, `/oidc_config`, `/ldap_config`: a plan that writes Looker user values reads
   * them once, to warn of attributes a login sets. Optional: without them the plan warns that it
   * could not check.
   */
  readonly samlConfig?: SyncIdentityProviderRead;
  readonly oidcConfig?: SyncIdentityProviderRead;
  readonly ldapConfig?: SyncIdentityProviderRead;
}

/** One page of DX `users.list`. */
export interface SyncDxPage {
  readonly users: readonly SyncDxUser[];
  /** The next page's number; null on the last page. */
  readonly nextPage: number | null;
}

/** The DX operations the sync calls. */
export interface SyncDx {
  /** Where the calls go (a plan records it; apply refuses a client for another). */
  readonly baseUrl: string;
  /**
   * `GET /users.list`, one page (from 1): only users with a role, team, group, entity or
   * property are listed. One call per page, as for Looker.
   */
  listUsersPage(input: { page?: number; pageSize?: number }, options?: PortCallOptions): Promise<Result<SyncDxPage, PortError>>;
  /** `POST /users.attributes.update`: `value: null` removes an attribute. */
  updateUserAttributes(
    input: { email: string; attributes: readonly { name: string; value: string | null }[] },
    options?: PortCallOptions,
  ): Promise<Result<unknown, PortError>>;
}

/** The two services. */
export type SyncService = 'looker' | 'dx';
