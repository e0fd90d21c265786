/** What `addUser` takes. */
export interface DxUserSeed {
  /** Matched case-insensitively, as DX does. */
  email: string;
  /** Default: the next free number, as a string. */
  id?: string;
  /** Starting attributes; names are created on first use, as by `users.attributes.update`. */
  attributes?: Readonly<Record<string, string>>;
}

/** A DX user and the attributes they have (keyed by the account's first spelling of each name). */
export interface DxUser {
  readonly id: string;
  readonly email: string;
  readonly attributes: Readonly<Record<string, string>>;
}

/** A deep copy of the fake DX account, for asserting what a call changed. */
export interface DxSnapshot {
  readonly users: readonly DxUser[];
  /** Every attribute name the account knows, in the spelling first used. */
  readonly attributeNames: readonly string[];
}

/**
 * The fake DX account: seed users and tokens, then inspect what `users.attributes.update` did.
 * Unknown emails throw a `FakeRequestError` (`not_found`), as the endpoint answers.
 */
export interface FakeDx {
  /** Adds a user. */
  addUser(seed: DxUserSeed): DxUser;
  /** The user with this email (any case). */
  user(email: string): DxUser;
  /** Every attribute name the account knows, in the spelling first used. */
  attributeNames(): string[];
  /** A new API token that the endpoint accepts. */
  createToken(): string;
  /** A deep copy of all users and attribute names. */
  snapshot(): DxSnapshot;
}
