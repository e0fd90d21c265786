import { FakeRequestError } from '../fake-error.js';
import { IdSequence } from '../ids.js';
import { LookerSessions } from './sessions.js';
import type {
  ApiCredentials,
  FakeLooker,
  GroupValueSeed,
  LookerGroup,
  LookerGroupSeed,
  LookerSnapshot,
  LookerUser,
  LookerUserSeed,
  ResolvedValue,
  StoredGroupValue,
  UserAttribute,
  UserAttributeSeed,
} from './types.js';
import { checkValue, readGroupValueList } from './values.js';

/** Settings of the fake Looker. */
export interface FakeLookerOptions {
  /** Lifetime of tokens issued by `POST /login`, in seconds. Default 3600, as in Looker. */
  tokenLifetimeSeconds?: number;
}

interface UserRecord {
  readonly id: string;
  readonly email: string;
  readonly groupIds: Set<string>;
}

/**
 * The fake Looker's state and rules. Every write checks everything first and changes state only
 * once nothing can fail, so a refused call leaves no trace.
 */
export class LookerModel implements FakeLooker {
  /** API keys and access tokens. */
  readonly sessions: LookerSessions;
  readonly #users = new Map<string, UserRecord>();
  readonly #groups = new Map<string, LookerGroup>();
  readonly #attributes = new Map<string, UserAttribute>();
  /** attribute id → user id → value */
  readonly #userValues = new Map<string, Map<string, string>>();
  /** attribute id → group values, any order */
  readonly #groupValues = new Map<string, StoredGroupValue[]>();
  readonly #userIds = new IdSequence();
  readonly #groupIds = new IdSequence();
  readonly #attributeIds = new IdSequence();
  readonly #groupValueIds = new IdSequence();

  constructor(now: () => number, options: FakeLookerOptions = {}) {
    this.sessions = new LookerSessions(now, options.tokenLifetimeSeconds ?? 3600);
  }

  addUser(seed: LookerUserSeed = {}): LookerUser {
    const groupIds = seed.groupIds ?? [];
    for (const groupId of groupIds) this.#group(groupId);
    if (seed.id !== undefined && this.#users.has(seed.id))
      throw new FakeRequestError('conflict', `User ${seed.id} already exists`);
    const id = seed.id ?? this.#userIds.next((candidate) => this.#users.has(candidate));
    const user: UserRecord = { id, email: seed.email ?? `user${id}@example.com`, groupIds: new Set(groupIds) };
    this.#users.set(id, user);
    return publicUser(user);
  }

  addGroup(seed: LookerGroupSeed = {}): LookerGroup {
    if (seed.id !== undefined && this.#groups.has(seed.id))
      throw new FakeRequestError('conflict', `Group ${seed.id} already exists`);
    const id = seed.id ?? this.#groupIds.next((candidate) => this.#groups.has(candidate));
    const group = { id, name: seed.name ?? `Group ${id}` };
    this.#groups.set(id, group);
    return { ...group };
  }

  addUserToGroup(userId: string, groupId: string): void {
    const user = this.#user(userId);
    this.#group(groupId);
    user.groupIds.add(groupId);
  }

  addUserAttribute(seed: UserAttributeSeed): UserAttribute {
    if (typeof seed.name !== 'string' || seed.name === '') throw new TypeError('a user attribute needs a name');
    if (seed.id !== undefined && this.#attributes.has(seed.id))
      throw new FakeRequestError('conflict', `User attribute ${seed.id} already exists`);
    if ([...this.#attributes.values()].some((a) => a.name === seed.name)) {
      throw new FakeRequestError('conflict', `A user attribute named ${seed.name} already exists`);
    }
    const attribute: UserAttribute = {
      id: '',
      name: seed.name,
      label: seed.label ?? seed.name,
      type: seed.type ?? 'string',
      defaultValue: seed.defaultValue ?? null,
      userCanEdit: seed.userCanEdit ?? true,
      valueIsHidden: seed.valueIsHidden ?? false,
    };
    if (attribute.defaultValue !== null) checkValue(attribute, attribute.defaultValue, 'default_value');
    const id = seed.id ?? this.#attributeIds.next((candidate) => this.#attributes.has(candidate));
    this.#attributes.set(id, { ...attribute, id });
    return { ...attribute, id };
  }

  setUserValue(userId: string, userAttributeId: string, value: unknown): ResolvedValue {
    this.#user(userId);
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
    this.#user(userId);
    this.attribute(userAttributeId);
    this.#userValues.get(userAttributeId)?.delete(userId);
  }

  updateGroupValue(groupId: string, userAttributeId: string, value: unknown): StoredGroupValue {
    this.#group(groupId);
    const attribute = this.attribute(userAttributeId);
    checkValue(attribute, value);
    const current = this.#groupValues.get(userAttributeId) ?? [];
    const existing = current.find((gv) => gv.groupId === groupId);
    const stored: StoredGroupValue = existing
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

  setGroupValues(userAttributeId: string, groupValues: readonly GroupValueSeed[]): StoredGroupValue[] {
    const wireItems = groupValues.map(({ groupId, value, rank }) => ({ group_id: groupId, value, rank }));
    return this.replaceGroupValues(userAttributeId, wireItems);
  }

  /** `POST /user_attributes/{id}/group_values` with its parsed body (Looker's field names). */
  replaceGroupValues(userAttributeId: string, body: unknown): StoredGroupValue[] {
    const attribute = this.attribute(userAttributeId);
    const items = readGroupValueList(attribute, body);
    const firstIndexOfGroup = new Map<string, number>();
    items.forEach(({ groupId }, i) => {
      const first = firstIndexOfGroup.get(groupId);
      if (first !== undefined) throw new FakeRequestError('conflict', `Group ${groupId} appears at [${first}] and [${i}]`);
      firstIndexOfGroup.set(groupId, i);
    });
    for (const { groupId } of items) this.#group(groupId);

    const previous = this.#groupValues.get(userAttributeId) ?? [];
    const stored = items.map(
      ({ groupId, value, rank }, i): StoredGroupValue => ({
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
    this.#group(groupId);
    this.attribute(userAttributeId);
    const current = this.#groupValues.get(userAttributeId) ?? [];
    this.#groupValues.set(
      userAttributeId,
      current.filter((gv) => gv.groupId !== groupId),
    );
  }

  resolve(userId: string, userAttributeId: string): ResolvedValue {
    const user = this.#user(userId);
    const attribute = this.attribute(userAttributeId);
    const own = this.#userValues.get(userAttributeId)?.get(userId);
    if (own !== undefined) return { value: own, source: 'user', rank: null, groupId: null };
    const winner = this.groupValues(userAttributeId).find((gv) => user.groupIds.has(gv.groupId));
    if (winner) return { value: winner.value, source: 'group', rank: winner.rank, groupId: winner.groupId };
    return { value: attribute.defaultValue, source: 'default', rank: null, groupId: null };
  }

  groupValues(userAttributeId: string): StoredGroupValue[] {
    this.attribute(userAttributeId);
    return [...(this.#groupValues.get(userAttributeId) ?? [])].sort((a, b) => a.rank - b.rank).map((gv) => ({ ...gv }));
  }

  snapshot(): LookerSnapshot {
    const attributeIds = [...this.#attributes.keys()];
    return {
      users: [...this.#users.values()].map(publicUser),
      groups: [...this.#groups.values()].map((g) => ({ ...g })),
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

  createApiCredentials(): ApiCredentials {
    return this.sessions.createApiCredentials();
  }

  issueAccessToken(options: { expiresInSeconds?: number } = {}): string {
    return this.sessions.issue(options.expiresInSeconds).accessToken;
  }

  /** All attribute definitions, in the order they were added. */
  attributes(): UserAttribute[] {
    return [...this.#attributes.values()].map((a) => ({ ...a }));
  }

  /** The attribute, or a 404. */
  attribute(id: string): UserAttribute {
    const attribute = this.#attributes.get(id);
    if (!attribute) throw new FakeRequestError('not_found', `User attribute ${id} not found`);
    return attribute;
  }

  /** The user, or a 404. */
  user(id: string): LookerUser {
    return publicUser(this.#user(id));
  }

  /** The group, or a 404. */
  group(id: string): LookerGroup {
    return { ...this.#group(id) };
  }

  #user(id: string): UserRecord {
    const user = this.#users.get(id);
    if (!user) throw new FakeRequestError('not_found', `User ${id} not found`);
    return user;
  }

  #group(id: string): LookerGroup {
    const group = this.#groups.get(id);
    if (!group) throw new FakeRequestError('not_found', `Group ${id} not found`);
    return group;
  }

  #nextGroupValueId(): string {
    const taken = new Set([...this.#groupValues.values()].flat().map((gv) => gv.id));
    return this.#groupValueIds.next((id) => taken.has(id));
  }
}

function publicUser(user: UserRecord): LookerUser {
  return { id: user.id, email: user.email, groupIds: [...user.groupIds] };
}
