// The data the fake DX account holds and the interface tests use to seed and inspect it.

/** What `addUser` takes. */
export interface FakeDxUserSeed {
  /** Unique, matched case-insensitively, as DX does. */
  email: string;
  /** A non-empty string. Default: the next free number, as a string. */
  id?: string;
  /** Default null. */
  name?: string | null;
  /** Default null. */
  githubUsername?: string | null;
  /** Role names. Default none. A user with a role is listed by `users.list`. */
  roles?: readonly string[];
  /** When the user was deleted (an ISO date-time), or null. Default null. */
  deletedAt?: string | null;
  /**
   * Whether `users.list` shows the user. Default: while the user has at least one attribute or
   * role, as DX lists only users with a role, non-default property, team, group or owned entity.
   */
  listed?: boolean;
  /** Starting attributes; names are created on first use, as by `users.attributes.update`. */
  attributes?: Readonly<Record<string, string>>;
}

/** A user of the fake DX account and the attributes they have (keyed by the account's first spelling of each name). */
export interface FakeDxUser {
  readonly id: string;
  readonly email: string;
  readonly name: string | null;
  readonly githubUsername: string | null;
  readonly roles: readonly string[];
  readonly deletedAt: string | null;
  /** Whether `users.list` shows the user now. */
  readonly listed: boolean;
  readonly attributes: Readonly<Record<string, string>>;
}

/** A deep copy of the fake DX account, for asserting what a call changed. */
export interface FakeDxSnapshot {
  readonly users: readonly FakeDxUser[];
  /** Every attribute name the account knows, in the spelling first used. */
  readonly attributeNames: readonly string[];
}

/**
 * The fake DX account: seed users and tokens, then inspect what the endpoints did. Unknown emails
 * throw a `FakeRequestError` (`not_found`), as the endpoint answers; seeding mistakes (a bad id, a
 * duplicate email) throw a TypeError naming the field.
 */
export interface FakeDx {
  /** Adds a user. */
  addUser(seed: FakeDxUserSeed): FakeDxUser;
  /** The user with this email (any case). */
  user(email: string): FakeDxUser;
  /** The users `users.list` shows, in the order they were added. */
  listedUsers(): FakeDxUser[];
  /**
   * Every attribute name (attribute group) the account knows, in the spelling first used. A write
   * naming an unknown one creates it, even with `null`: a typo such as "Departmnet" shows up here.
   */
  attributeNames(): string[];
  /** Creates an attribute group with no values, as the account may already hold; returns the account's spelling (names ignore case). */
  addAttributeName(name: string): string;
  /** A new API token that the endpoints accept. */
  createToken(): string;
  /** A deep copy of all users and attribute names. */
  snapshot(): FakeDxSnapshot;
}
