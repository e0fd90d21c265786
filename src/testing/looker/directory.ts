// The fake Looker's users and groups, with their seeds checked.
import { checkOptionalBoolean, checkOptionalId, checkOptionalIdList, checkOptionalString } from '../checks.js';
import { FakeRequestError } from '../fake-error.js';
import { IdSequence } from '../ids.js';
import type { FakeLookerGroup, FakeLookerGroupSeed, FakeLookerUser, FakeLookerUserSeed } from './types.js';

interface UserRecord {
  readonly id: string;
  readonly email: string;
  readonly firstName: string | null;
  readonly lastName: string | null;
  readonly displayName: string | null;
  readonly isDisabled: boolean;
  readonly groupIds: Set<string>;
}

/**
 * Users and groups, in the order they were added. Unknown ids throw `not_found` (a 404). Emails
 * are unique (case-insensitively) unless `uniqueEmails` is false: then two users may share one, as
 * a directory fed by more than one identity provider may, so that a client's handling of that can
 * be tested.
 */
export class LookerDirectory {
  readonly #users = new Map<string, UserRecord>();
  // Lower-cased emails of the users, so seeding many users takes linear time.
  readonly #emails = new Set<string>();
  readonly #groups = new Map<string, FakeLookerGroup>();
  readonly #userIds = new IdSequence();
  readonly #groupIds = new IdSequence();
  readonly #uniqueEmails: boolean;

  constructor(options: { readonly uniqueEmails?: boolean } = {}) {
    this.#uniqueEmails = options.uniqueEmails ?? true;
  }

  addUser(seed: FakeLookerUserSeed = {}): FakeLookerUser {
    checkOptionalId('addUser: id', seed.id);
    checkOptionalString('addUser: email', seed.email);
    checkOptionalString('addUser: firstName', seed.firstName, true);
    checkOptionalString('addUser: lastName', seed.lastName, true);
    checkOptionalString('addUser: displayName', seed.displayName, true);
    checkOptionalBoolean('addUser: isDisabled', seed.isDisabled);
    checkOptionalIdList('addUser: groupIds', seed.groupIds);
    if (seed.id !== undefined && this.#users.has(seed.id)) throw new TypeError(`addUser: id ${seed.id} is taken by another user`);
    const groupIds = seed.groupIds ?? [];
    for (const groupId of groupIds) this.#group(groupId);
    const id = seed.id ?? this.#userIds.next((candidate) => this.#users.has(candidate));
    const email = seed.email ?? `user${id}@example.com`;
    if (this.#uniqueEmails && this.#emails.has(email.toLowerCase())) throw new TypeError(`addUser: email ${email} is taken by another user`);
    const firstName = seed.firstName ?? null;
    const lastName = seed.lastName ?? null;
    const displayName = seed.displayName !== undefined ? seed.displayName : firstName && lastName ? `${firstName} ${lastName}` : null;
    const user: UserRecord = {
      id,
      email,
      firstName,
      lastName,
      displayName,
      isDisabled: seed.isDisabled ?? false,
      groupIds: new Set(groupIds),
    };
    this.#users.set(id, user);
    this.#emails.add(email.toLowerCase());
    return publicUser(user);
  }

  /** Gives a user another email, as an admin renaming the account does. */
  setEmail(userId: string, email: string): void {
    checkOptionalString('setEmail: email', email);
    const user = this.#user(userId);
    if (this.#uniqueEmails && email.toLowerCase() !== user.email.toLowerCase() && this.#emails.has(email.toLowerCase()))
      throw new TypeError(`setEmail: email ${email} is taken by another user`);
    this.#emails.delete(user.email.toLowerCase());
    this.#emails.add(email.toLowerCase());
    this.#users.set(userId, { ...user, email });
  }

  /** Deletes a user. */
  removeUser(userId: string): void {
    const user = this.#user(userId);
    this.#users.delete(userId);
    const email = user.email.toLowerCase();
    if (![...this.#users.values()].some((other) => other.email.toLowerCase() === email)) this.#emails.delete(email);
  }

  addGroup(seed: FakeLookerGroupSeed = {}): FakeLookerGroup {
    checkOptionalId('addGroup: id', seed.id);
    checkOptionalString('addGroup: name', seed.name);
    checkOptionalBoolean('addGroup: externallyManaged', seed.externallyManaged);
    if (seed.id !== undefined && this.#groups.has(seed.id)) throw new TypeError(`addGroup: id ${seed.id} is taken by another group`);
    const id = seed.id ?? this.#groupIds.next((candidate) => this.#groups.has(candidate));
    const group: FakeLookerGroup = { id, name: seed.name ?? `Group ${id}`, externallyManaged: seed.externallyManaged ?? false };
    this.#groups.set(id, group);
    return { ...group };
  }

  addUserToGroup(userId: string, groupId: string): void {
    const user = this.#user(userId);
    this.#group(groupId);
    user.groupIds.add(groupId);
  }

  /** The user, or a 404. */
  user(id: string): FakeLookerUser {
    return publicUser(this.#user(id));
  }

  /** The group, or a 404. */
  group(id: string): FakeLookerGroup {
    return { ...this.#group(id) };
  }

  /** Whether the user belongs to the group (false for unknown ids). */
  isMember(userId: string, groupId: string): boolean {
    return this.#users.get(userId)?.groupIds.has(groupId) ?? false;
  }

  /** Every user, in the order they were added. */
  users(): FakeLookerUser[] {
    return [...this.#users.values()].map(publicUser);
  }

  /** Every group, in the order they were added. */
  groups(): FakeLookerGroup[] {
    return [...this.#groups.values()].map((g) => ({ ...g }));
  }

  /** Members of a group. */
  userCount(groupId: string): number {
    return [...this.#users.values()].filter((u) => u.groupIds.has(groupId)).length;
  }

  #user(id: string): UserRecord {
    const user = this.#users.get(id);
    if (!user) throw new FakeRequestError('not_found', `User ${id} not found`);
    return user;
  }

  #group(id: string): FakeLookerGroup {
    const group = this.#groups.get(id);
    if (!group) throw new FakeRequestError('not_found', `Group ${id} not found`);
    return group;
  }
}

function publicUser(user: UserRecord): FakeLookerUser {
  const { groupIds, ...rest } = user;
  return { ...rest, groupIds: [...groupIds] };
}
