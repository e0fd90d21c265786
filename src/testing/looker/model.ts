// The fake Looker's state and rules: attributes, values and their precedence; users and groups
// live in LookerDirectory, tokens in LookerSessions.
import { checkOptionalBoolean, checkOptionalId, checkOptionalPositive, checkOptionalString } from '../checks.js';
import { FakeRequestError } from '../fake-error.js';
import { IdSequence } from '../ids.js';
import { SlidingWindow } from '../sliding-window.js';
import { LookerDirectory } from './directory.js';
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
  FakeUserAttributeType,
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
}

const ATTRIBUTE_TYPES: readonly FakeUserAttributeType[] = [
  'string',
  'number',
  'datetime',
  'yesno',
  'zipcode',
  'relative_url',
  'advanced_filter_string',
  'advanced_filter_number',
  'advanced_filter_datetime',
];

/**
 * The fake Looker's state and rules. Every write checks everything first and changes state only
 * once nothing can fail, so a refused call leaves no trace.
 */
export class LookerModel implements FakeLooker {
  /** API keys and access tokens. */
  readonly sessions: LookerSessions;
  /** Users and groups. */
  readonly directory = new LookerDirectory();
  /** The `requestsPerSecond` limit, if any. */
  readonly rateWindow: SlidingWindow | undefined;
  /** Whether 429s of the rate window carry `Retry-After`. */
  readonly sendsRetryAfter: boolean;
  readonly #attributes = new Map<string, FakeUserAttribute>();
  /** attribute id → user id → value */
  readonly #userValues = new Map<string, Map<string, string>>();
  /** attribute id → group values, any order */
  readonly #groupValues = new Map<string, FakeStoredGroupValue[]>();
  readonly #attributeIds = new IdSequence();
  readonly #groupValueIds = new IdSequence();

  constructor(now: () => number, options: FakeLookerOptions = {}) {
    const lifetime: unknown = options.tokenLifetimeSeconds;
    checkOptionalPositive('looker.tokenLifetimeSeconds', lifetime);
    checkOptionalPositive('looker.requestsPerSecond', options.requestsPerSecond);
    checkOptionalBoolean('looker.retryAfter', options.retryAfter);
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
    if (typeof seed.name !== 'string' || seed.name === '') throw new TypeError('addUserAttribute: name must be a non-empty string');
    checkOptionalId('addUserAttribute: id', seed.id);
    checkOptionalString('addUserAttribute: label', seed.label);
    checkOptionalString('addUserAttribute: defaultValue', seed.defaultValue, true);
    for (const flag of ['userCanEdit', 'userCanView', 'valueIsHidden'] as const) checkOptionalBoolean(`addUserAttribute: ${flag}`, seed[flag]);
    if (seed.type !== undefined && !ATTRIBUTE_TYPES.includes(seed.type))
      throw new TypeError(`addUserAttribute: type ${JSON.stringify(seed.type)} is not one of ${ATTRIBUTE_TYPES.join(', ')}`);
    if (seed.id !== undefined && this.#attributes.has(seed.id))
      throw new TypeError(`addUserAttribute: id ${seed.id} is taken by another user attribute`);
    const label = seed.label ?? seed.name;
    for (const other of this.#attributes.values()) {
      if (other.name === seed.name) throw new TypeError(`addUserAttribute: name ${seed.name} is taken by another user attribute`);
      if (other.label === label) throw new TypeError(`addUserAttribute: label ${label} is taken by another user attribute`);
    }
    const attribute: FakeUserAttribute = {
      id: '',
      name: seed.name,
      label,
      type: seed.type ?? 'string',
      defaultValue: seed.defaultValue ?? null,
      userCanEdit: seed.userCanEdit ?? true,
      userCanView: seed.userCanView ?? true,
      valueIsHidden: seed.valueIsHidden ?? false,
    };
    if (attribute.defaultValue !== null) checkValue(attribute, attribute.defaultValue, 'default_value');
    const id = seed.id ?? this.#attributeIds.next((candidate) => this.#attributes.has(candidate));
    this.#attributes.set(id, { ...attribute, id });
    return { ...attribute, id };
  }

  setUserValue(userId: string, userAttributeId: string, value: unknown): FakeResolvedValue {
    this.directory.user(userId);
    const attribute = this.attribute(userAttributeId);
    checkValue(attribute, value);
    let values = this.#userValues.get(userAttributeId);
    if (!values) {
      values = new Map();
      this.#userValues.set(userAttributeId, values);
    }
    values.set(userId, value);
    return this.resolve(userId, userAttributeId);
  }

  deleteUserValue(userId: string, userAttributeId: string): void {
    this.directory.user(userId);
    this.attribute(userAttributeId);
    this.#userValues.get(userAttributeId)?.delete(userId);
  }

  updateGroupValue(groupId: string, userAttributeId: string, value: unknown): FakeStoredGroupValue {
    this.directory.group(groupId);
    const attribute = this.attribute(userAttributeId);
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
    const attribute = this.attribute(userAttributeId);
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

  snapshot(): FakeLookerSnapshot {
    const attributeIds = [...this.#attributes.keys()];
    return {
      users: this.directory.users(),
      groups: this.directory.groups(),
      userAttributes: [...this.#attributes.values()].map((a) => ({ ...a })),
      userValues: attributeIds.flatMap((userAttributeId) =>
        [...(this.#userValues.get(userAttributeId) ?? new Map<string, string>())].map(([userId, value]) => ({
          userId,
          userAttributeId,
          value,
        })),
      ),
      groupValues: attributeIds.flatMap((id) => this.groupValues(id)),
    };
  }

  createApiCredentials(): FakeApiCredentials {
    return this.sessions.createApiCredentials();
  }

  issueAccessToken(options: { expiresInSeconds?: number } = {}): string {
    return this.sessions.issue(options.expiresInSeconds).accessToken;
  }

  /** All attribute definitions, in the order they were added. */
  attributes(): FakeUserAttribute[] {
    return [...this.#attributes.values()].map((a) => ({ ...a }));
  }

  /** The attribute, or a 404. */
  attribute(id: string): FakeUserAttribute {
    const attribute = this.#attributes.get(id);
    if (!attribute) throw new FakeRequestError('not_found', `User attribute ${id} not found`);
    return attribute;
  }

  #nextGroupValueId(): string {
    const taken = new Set([...this.#groupValues.values()].flat().map((gv) => gv.id));
    return this.#groupValueIds.next((id) => taken.has(id));
  }
}
