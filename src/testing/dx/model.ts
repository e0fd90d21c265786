// The fake DX account's state and rules: users, attribute names, tokens and the rate window.
import { checkOptionalBoolean, checkOptionalId, checkOptionalPositive, checkOptionalString } from '../checks.js';
import { FakeRequestError, type FieldProblem } from '../fake-error.js';
import { IdSequence } from '../ids.js';
import type { PresentedToken } from '../replies.js';
import { SlidingWindow } from '../sliding-window.js';
import type { FakeDx, FakeDxSnapshot, FakeDxUser, FakeDxUserSeed } from './types.js';

/** Settings of the fake DX. */
export interface FakeDxOptions {
  /**
   * Authenticated requests admitted in any 60 s window (sliding, by the fake's clock), over every
   * method. A positive number; default 1000, as DX documents.
   */
  requestsPerMinute?: number;
  /**
   * Whether a 429 of the rate window carries `Retry-After` (whole seconds until a slot frees).
   * Default false: DX sends none.
   */
  retryAfter?: boolean;
}

/** One attribute in an update reply. */
export interface UpdatedAttribute {
  readonly name: string;
  readonly value: string;
  /** Whether this request changed it. */
  readonly updated: boolean;
}

/** The user after an update, as the reply lists it. */
export interface UpdatedUser {
  readonly id: string;
  readonly email: string;
  readonly attributes: readonly UpdatedAttribute[];
}

interface UserRecord {
  readonly id: string;
  readonly email: string;
  readonly name: string | null;
  readonly githubUsername: string | null;
  readonly roles: readonly string[];
  readonly deletedAt: string | null;
  readonly listed: boolean | undefined;
  /** lower-cased name → value */
  readonly values: Map<string, string>;
}

/** The fake DX account's state and rules. */
export class DxModel implements FakeDx {
  /** Admits the authenticated requests DX's rate limit allows. */
  readonly rateWindow: SlidingWindow;
  /** Whether 429s of the rate window carry `Retry-After`. */
  readonly sendsRetryAfter: boolean;
  /** lower-cased email → user */
  readonly #users = new Map<string, UserRecord>();
  /** lower-cased name → the spelling first used */
  readonly #names = new Map<string, string>();
  readonly #tokens = new Set<string>();
  readonly #userIds = new IdSequence();
  // Ids of the users, so seeding many users takes linear time.
  readonly #ids = new Set<string | number>();
  readonly #tokenIds = new IdSequence('fake-dx-token-');

  constructor(now: () => number, options: FakeDxOptions = {}) {
    checkOptionalPositive('dx.requestsPerMinute', options.requestsPerMinute);
    checkOptionalBoolean('dx.retryAfter', options.retryAfter);
    this.rateWindow = new SlidingWindow(options.requestsPerMinute ?? 1000, 60_000, now);
    this.sendsRetryAfter = options.retryAfter ?? false;
  }

  addUser(seed: FakeDxUserSeed): FakeDxUser {
    if (typeof seed.email !== 'string' || !seed.email.includes('@'))
      throw new TypeError('addUser: email must be an email address');
    checkSeed(seed);
    const key = seed.email.toLowerCase();
    if (this.#users.has(key)) throw new TypeError(`addUser: email ${seed.email} is taken by another DX user`);
    const ids = this.#ids;
    if (seed.id !== undefined && ids.has(seed.id)) throw new TypeError(`addUser: id ${seed.id} is taken by another DX user`);
    const id = seed.id ?? this.#userIds.next((candidate) => ids.has(candidate));
    const attributes = Object.entries(seed.attributes ?? {}).map(([name, value]) => ({ name, value }));
    // Check the attributes before adding the user, so a bad seed adds nothing.
    if (attributes.length > 0) readChanges(seed.email, attributes);
    ids.add(id);
    this.#users.set(key, {
      id,
      email: seed.email,
      name: seed.name ?? null,
      githubUsername: seed.githubUsername ?? null,
      roles: [...(seed.roles ?? [])],
      deletedAt: seed.deletedAt ?? null,
      listed: seed.listed,
      values: new Map(),
    });
    if (attributes.length > 0) this.update(seed.email, attributes);
    return this.user(seed.email);
  }

  user(email: string): FakeDxUser {
    return this.#publicUser(this.#record(email));
  }

  listedUsers(): FakeDxUser[] {
    return [...this.#users.values()].map((u) => this.#publicUser(u)).filter((u) => u.listed);
  }

  attributeNames(): string[] {
    return [...this.#names.values()];
  }

  addAttributeName(name: string): string {
    if (typeof name !== 'string' || name.trim() === '') throw new TypeError('addAttributeName: name must be a non-blank string');
    const key = nameKey(name);
    if (!this.#names.has(key)) this.#names.set(key, name.trim());
    return this.#names.get(key) as string;
  }

  createToken(): string {
    const token = this.#tokenIds.next((candidate) => this.#tokens.has(candidate));
    this.#tokens.add(token);
    return token;
  }

  snapshot(): FakeDxSnapshot {
    return { users: [...this.#users.values()].map((u) => this.user(u.email)), attributeNames: this.attributeNames() };
  }

  /** Throws `unauthorized` with DX's code: `not_authed` without a token, `invalid_auth` for one it does not know. */
  authenticate(presented: PresentedToken): void {
    if (presented.status === 'missing')
      throw new FakeRequestError('unauthorized', 'No authentication token provided', [], 'not_authed');
    if (presented.status === 'malformed' || !this.#tokens.has(presented.token)) {
      throw new FakeRequestError('unauthorized', 'The token could not be validated', [], 'invalid_auth');
    }
  }

  /**
   * `users.attributes.update`: sets the named attributes (creating unknown names), removes those
   * set to null, leaves the rest. Checks the whole request before changing anything.
   */
  update(email: unknown, attributes: unknown): UpdatedUser {
    const changes = readChanges(email, attributes);
    const user = this.#record(email as string);
    const updated = new Set<string>();
    for (const { name, value } of changes) {
      const key = nameKey(name);
      // An unknown name creates the attribute group, even to remove a value (the strict reading).
      if (!this.#names.has(key)) this.#names.set(key, name.trim());
      if (value === null) {
        user.values.delete(key);
        continue;
      }
      if (user.values.get(key) !== value) updated.add(key);
      user.values.set(key, value);
    }
    return {
      id: user.id,
      email: user.email,
      attributes: [...user.values].map(([key, value]) => ({
        name: this.#names.get(key) as string,
        value,
        updated: updated.has(key),
      })),
    };
  }

  #publicUser(user: UserRecord): FakeDxUser {
    const { values, listed, ...rest } = user;
    return {
      ...rest,
      roles: [...user.roles],
      listed: listed ?? (values.size > 0 || user.roles.length > 0),
      attributes: Object.fromEntries([...values].map(([key, value]) => [this.#names.get(key), value])),
    };
  }

  #record(email: string): UserRecord {
    const user = this.#users.get(email.toLowerCase());
    if (!user) throw new FakeRequestError('not_found', `No user with email ${email}`, [], 'user_not_found');
    return user;
  }
}

function checkSeed(seed: FakeDxUserSeed): void {
  checkOptionalId('addUser: id', seed.id);
  checkOptionalString('addUser: name', seed.name, true);
  checkOptionalString('addUser: githubUsername', seed.githubUsername, true);
  checkOptionalString('addUser: deletedAt', seed.deletedAt, true);
  checkOptionalBoolean('addUser: listed', seed.listed);
  if (seed.roles !== undefined && !(Array.isArray(seed.roles) && seed.roles.every((r) => typeof r === 'string' && r !== '')))
    throw new TypeError('addUser: roles must be an array of non-empty strings');
  if (seed.attributes !== undefined && (typeof seed.attributes !== 'object' || seed.attributes === null || Array.isArray(seed.attributes)))
    throw new TypeError('addUser: attributes must be an object of name → value');
}

function nameKey(name: string): string {
  return name.trim().toLowerCase();
}

/** Checks an update's arguments, reporting every problem at once. */
function readChanges(email: unknown, attributes: unknown): { name: string; value: string | null }[] {
  const problems: FieldProblem[] = [];
  if (typeof email !== 'string' || !email.includes('@'))
    problems.push({ field: 'email', code: 'invalid', message: 'must be an email address' });
  if (!Array.isArray(attributes) || attributes.length === 0) {
    problems.push({ field: 'attributes', code: 'invalid', message: 'must be a non-empty array of { name, value }' });
  }
  const changes: { name: string; value: string | null }[] = [];
  const firstIndexOfName = new Map<string, number>();
  (Array.isArray(attributes) ? attributes : []).forEach((item: unknown, i) => {
    const { name, value } = (typeof item === 'object' && item !== null ? item : {}) as Record<string, unknown>;
    if (typeof name !== 'string' || name.trim() === '') {
      problems.push({ field: `attributes[${i}].name`, code: 'invalid', message: 'must be a non-empty string' });
    } else {
      const first = firstIndexOfName.get(nameKey(name));
      if (first !== undefined)
        problems.push({
          field: `attributes[${i}].name`,
          code: 'invalid',
          message: `names the same attribute as attributes[${first}]`,
        });
      else firstIndexOfName.set(nameKey(name), i);
    }
    if (typeof value !== 'string' && value !== null) {
      problems.push({ field: `attributes[${i}].value`, code: 'invalid', message: 'must be a string or null' });
    }
    changes.push({ name: name as string, value: value as string | null });
  });
  if (problems.length > 0) {
    const message = problems.map((p) => `${p.field} ${p.message}`).join('; ');
    throw new FakeRequestError('validation', message, problems, 'invalid_arguments');
  }
  return changes;
}
