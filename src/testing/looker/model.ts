// The fake Looker's state and rules: attributes, values and their precedence; users and groups
// live in LookerDirectory, tokens in LookerSessions.
import { checkOptionalBoolean, checkOptionalPositive } from '../checks.js';
import { FakeRequestError } from '../fake-error.js';
import { IdSequence } from '../ids.js';
import { SlidingWindow } from '../sliding-window.js';
import type { FakeIdentityProvider, FakeIdentityProviderConfig, FakeIdentityProviderSeed, FakeUserAttributeChanges, FakeUserAttributeDefinition } from './admin-types.js';
import { AttributeDefinitions } from './definitions.js';
import { LookerDirectory } from './directory.js';
import { IdentityProviders } from './identity-providers.js';
import { LookerSessions } from './sessions.js';
import type {
  FakeApiCredentials,
  FakeGroupValueSeed,
  FakeLooker,
  FakeLookerGroup,
  FakeLookerGroupSeed,
  FakeLookerSnapshot,
  FakeLookerUser,
  FakeLookerUserSeed,
  FakeResolvedValue,
  FakeStoredGroupValue,
  FakeUserAttribute,
  FakeUserAttributeSeed,
} from './types.js';
import { checkValue, readGroupValueList } from './values.js';

/** Settings of the fake Looker. */
export interface FakeLookerOptions {
  /** Lifetime of tokens issued by `POST /login`, in seconds (a positive number). Default 3600, as in Looker. */
  tokenLifetimeSeconds?: number;
  /**
   * Requests admitted in any one second (sliding, by the fake's clock), counting every request to
   * a Looker endpoint; the rest are answered 429. Default: no limit.
   */
  requestsPerSecond?: number;
  /** Whether a 429 of `requestsPerSecond` carries `Retry-After` (whole seconds until a slot frees). Default true. */
  retryAfter?: boolean;
  /**
   * How `POST` and `PATCH /user_attributes` refuse a name or label another attribute holds: 422
   * (default; Looker's description says so) or 409 (which it also declares).
   */
  attributeConflictStatus?: 409 | 422;
  /** Answer 404 to the SAML, OIDC and LDAP config reads, as Looker (Google Cloud core) may. Default false. */
  authConfigsNotFound?: boolean;
}

/**
 * The fake Looker's state and rules. Every write checks everything first and changes state only
 * once nothing can fail, so a refused call leaves no trace.
 */
export class LookerModel implements FakeLooker {
  /** API keys and access tokens. */
  readonly sessions: LookerSessions;
  /** Users and groups. */
  readonly directory: LookerDirectory;
  /** The `requestsPerSecond` limit, if any. */
  readonly rateWindow: SlidingWindow | undefined;
  /** Whether 429s of the rate window carry `Retry-After`. */
  readonly sendsRetryAfter: boolean;
  /** Whether the identity-provider config reads answer 404. */
  readonly authConfigsNotFound: boolean;
  /** User attribute definitions. */
  readonly definitions: AttributeDefinitions;
  /** The SAML, OIDC and LDAP configs. */
  readonly identityProviders = new IdentityProviders();
  /** attribute id → user id → value */
  readonly #userValues = new Map<string, Map<string, string>>();
  /** attribute id → group values, any order */
  readonly #groupValues = new Map<string, FakeStoredGroupValue[]>();
  readonly #groupValueIds = new IdSequence();

  /** `directory`: the users and groups to start from (one that lets emails repeat, say). */
  constructor(now: () => number, options: FakeLookerOptions = {}, directory = new LookerDirectory()) {
    this.directory = directory;
    const lifetime: unknown = options.tokenLifetimeSeconds;
    checkOptionalPositive('looker.tokenLifetimeSeconds', lifetime);
    checkOptionalPositive('looker.requestsPerSecond', options.requestsPerSecond);
    checkOptionalBoolean('looker.retryAfter', options.retryAfter);
    checkOptionalBoolean('looker.authConfigsNotFound', options.authConfigsNotFound);
    const conflictStatus: unknown = options.attributeConflictStatus ?? 422;
    if (conflictStatus !== 409 && conflictStatus !== 422) throw new TypeError('looker.attributeConflictStatus must be 409 or 422');
    this.definitions = new AttributeDefinitions(conflictStatus);
    this.authConfigsNotFound = options.authConfigsNotFound ?? false;
    this.sessions = new LookerSessions(now, lifetime ?? 3600);
    const perSecond = options.requestsPerSecond;
    this.rateWindow = perSecond === undefined ? undefined : new SlidingWindow(perSecond, 1000, now);
    this.sendsRetryAfter = options.retryAfter ?? true;
  }

  addUser(seed: FakeLookerUserSeed = {}): FakeLookerUser {
    return this.directory.addUser(seed);
  }

  addGroup(seed: FakeLookerGroupSeed = {}): FakeLookerGroup {
    return this.directory.addGroup(seed);
  }

  addUserToGroup(userId: string, groupId: string): void {
    this.directory.addUserToGroup(userId, groupId);
  }

  addUserAttribute(seed: FakeUserAttributeSeed): FakeUserAttribute {
    return this.definitions.seed(seed);
  }

  createUserAttribute(definition: FakeUserAttributeDefinition): FakeUserAttribute {
    return this.definitions.create(definition);
  }

  updateUserAttribute(userAttributeId: string, changes: FakeUserAttributeChanges): FakeUserAttribute {
    const own = this.#userValues.get(userAttributeId)?.values() ?? [];
    const stored = [...own, ...(this.#groupValues.get(userAttributeId) ?? []).map((gv) => gv.value)];
    return this.definitions.update(userAttributeId, changes, stored);
  }

  deleteUserAttribute(userAttributeId: string): void {
    this.definitions.delete(userAttributeId);
    this.#userValues.delete(userAttributeId);
    this.#groupValues.delete(userAttributeId);
    this.identityProviders.forget(userAttributeId);
  }

  setUserValue(userId: string, userAttributeId: string, value: unknown): FakeResolvedValue {
    this.directory.user(userId);
    const attribute = this.#writable(userAttributeId);
    checkValue(attribute, value);
    let values = this.#userValues.get(userAttributeId);
    if (!values) {
      values = new Map();
      this.#userValues.set(userAttributeId, values);
    }
    values.set(userId, value);
    return this.resolve(userId, userAttributeId);
  }

  /** Deletes a user and their own values. */
  removeUser(userId: string): void {
    this.directory.removeUser(userId);
    for (const values of this.#userValues.values()) values.delete(userId);
  }

  deleteUserValue(userId: string, userAttributeId: string): void {
    this.directory.user(userId);
    this.attribute(userAttributeId);
    this.#userValues.get(userAttributeId)?.delete(userId);
  }

  updateGroupValue(groupId: string, userAttributeId: string, value: unknown): FakeStoredGroupValue {
    this.directory.group(groupId);
    const attribute = this.#writable(userAttributeId);
    checkValue(attribute, value);
    const current = this.#groupValues.get(userAttributeId) ?? [];
    const existing = current.find((gv) => gv.groupId === groupId);
    const stored: FakeStoredGroupValue = existing
      ? { ...existing, value }
      : {
          id: this.#nextGroupValueId(),
          groupId,
          userAttributeId,
          value,
          rank: Math.max(0, ...current.map((gv) => gv.rank)) + 1,
        };
    this.#groupValues.set(userAttributeId, [...current.filter((gv) => gv.groupId !== groupId), stored]);
    return { ...stored };
  }

  setGroupValues(userAttributeId: string, groupValues: readonly FakeGroupValueSeed[]): FakeStoredGroupValue[] {
    const wireItems = groupValues.map(({ groupId, value, rank }) => ({ group_id: groupId, value, rank }));
    return this.replaceGroupValues(userAttributeId, wireItems);
  }

  /** `POST /user_attributes/{id}/group_values` with its parsed body (Looker's field names). */
  replaceGroupValues(userAttributeId: string, body: unknown): FakeStoredGroupValue[] {
    const attribute = this.#writable(userAttributeId);
    const items = readGroupValueList(attribute, body);
    const firstIndexOfGroup = new Map<string, number>();
    items.forEach(({ groupId }, i) => {
      const first = firstIndexOfGroup.get(groupId);
      if (first !== undefined) throw new FakeRequestError('conflict', `Group ${groupId} appears at [${first}] and [${i}]`);
      firstIndexOfGroup.set(groupId, i);
    });
    for (const { groupId } of items) this.directory.group(groupId);

    const previous = this.#groupValues.get(userAttributeId) ?? [];
    const stored = items.map(
      ({ groupId, value, rank }, i): FakeStoredGroupValue => ({
        id: previous.find((gv) => gv.groupId === groupId)?.id ?? this.#nextGroupValueId(),
        groupId,
        userAttributeId,
        value,
        rank: rank ?? i + 1,
      }),
    );
    this.#groupValues.set(userAttributeId, stored);
    return this.groupValues(userAttributeId);
  }

  deleteGroupValue(groupId: string, userAttributeId: string): void {
    this.directory.group(groupId);
    this.attribute(userAttributeId);
    const current = this.#groupValues.get(userAttributeId) ?? [];
    this.#groupValues.set(
      userAttributeId,
      current.filter((gv) => gv.groupId !== groupId),
    );
  }

  resolve(userId: string, userAttributeId: string): FakeResolvedValue {
    const attribute = this.attribute(userAttributeId);
    return this.searchPath(userId, userAttributeId)[0] ?? { value: attribute.defaultValue, source: 'default', rank: null, groupId: null };
  }

  searchPath(userId: string, userAttributeId: string): FakeResolvedValue[] {
    this.directory.user(userId);
    const attribute = this.attribute(userAttributeId);
    const path: FakeResolvedValue[] = [];
    const own = this.#userValues.get(userAttributeId)?.get(userId);
    if (own !== undefined) path.push({ value: own, source: 'user', rank: null, groupId: null });
    for (const gv of this.groupValues(userAttributeId)) {
      if (this.directory.isMember(userId, gv.groupId)) path.push({ value: gv.value, source: 'group', rank: gv.rank, groupId: gv.groupId });
    }
    if (attribute.defaultValue !== null) path.push({ value: attribute.defaultValue, source: 'default', rank: null, groupId: null });
    return path;
  }

  groupValues(userAttributeId: string): FakeStoredGroupValue[] {
    this.attribute(userAttributeId);
    return [...(this.#groupValues.get(userAttributeId) ?? [])].sort((a, b) => a.rank - b.rank).map((gv) => ({ ...gv }));
  }

  resolvedValue(userId: string, attributeName: string): FakeResolvedValue {
    return this.resolve(userId, this.definitions.byName(attributeName).id);
  }

  resolvedValues(attributeName: string): Record<string, string | null> {
    const { id } = this.definitions.byName(attributeName);
    return Object.fromEntries(this.directory.users().map((user) => [user.id, this.resolve(user.id, id).value]));
  }

  setIdentityProvider(provider: FakeIdentityProvider, seed: FakeIdentityProviderSeed): FakeIdentityProviderConfig {
    return this.identityProviders.set(provider, seed, (id) => this.attributes().some((a) => a.id === id));
  }

  identityProvider(provider: FakeIdentityProvider): FakeIdentityProviderConfig {
    return this.identityProviders.get(provider);
  }

  snapshot(): FakeLookerSnapshot {
    const attributes = this.attributes();
    const attributeIds = attributes.map((a) => a.id);
    return {
      users: this.directory.users(),
      groups: this.directory.groups(),
      userAttributes: attributes,
      userValues: attributeIds.flatMap((userAttributeId) =>
        [...(this.#userValues.get(userAttributeId) ?? new Map<string, string>())].map(([userId, value]) => ({
          userId,
          userAttributeId,
          value,
        })),
      ),
      groupValues: attributeIds.flatMap((id) => this.groupValues(id)),
      identityProviders: this.identityProviders.all(),
    };
  }

  createApiCredentials(options: { admin?: boolean } = {}): FakeApiCredentials {
    checkOptionalBoolean('createApiCredentials: admin', options.admin);
    return this.sessions.createApiCredentials(options.admin);
  }

  issueAccessToken(options: { expiresInSeconds?: number; admin?: boolean } = {}): string {
    checkOptionalBoolean('issueAccessToken: admin', options.admin);
    return this.sessions.issue(options.expiresInSeconds, options.admin).accessToken;
  }

  /** All attribute definitions, in the order they were added. */
  attributes(): FakeUserAttribute[] {
    return this.definitions.all();
  }

  /** The attribute, or a 404. */
  attribute(id: string): FakeUserAttribute {
    return this.definitions.get(id);
  }

  /** The attribute, unless it is a system attribute (its values come from Looker itself: the strict reading is to refuse writes). */
  #writable(id: string): FakeUserAttribute {
    const attribute = this.attribute(id);
    if (attribute.isSystem) throw new FakeRequestError('validation', 'Validation Failed', [{ field: 'value', code: 'invalid', message: `${attribute.name} is a system attribute: Looker sets its values` }]);
    return attribute;
  }

  #nextGroupValueId(): string {
    const taken = new Set([...this.#groupValues.values()].flat().map((gv) => gv.id));
    return this.#groupValueIds.next((id) => taken.has(id));
  }
}
