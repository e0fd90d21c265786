import { FakeRequestError } from '../fake-error.js';
import { IdSequence } from '../ids.js';
import type { FakeApiCredentials } from './types.js';

/** An issued access token. */
export interface Session {
  readonly accessToken: string;
  readonly expiresInSeconds: number;
}

/** API keys and the access tokens they are exchanged for, expiring by the fake's clock. */
export class LookerSessions {
  readonly #secrets = new Map<string, string>();
  readonly #expiryByToken = new Map<string, number>();
  /** Client ids and tokens of API users who are not admins. */
  readonly #nonAdmins = new Set<string>();
  readonly #keyIds = new IdSequence('fake-client-');
  readonly #tokenIds = new IdSequence('fake-looker-token-');

  constructor(
    private readonly now: () => number,
    private readonly lifetimeSeconds: number,
  ) {}

  /** A new API key, of an admin unless `admin` is false. */
  createApiCredentials(admin = true): FakeApiCredentials {
    const clientId = this.#keyIds.next((id) => this.#secrets.has(id));
    const clientSecret = `${clientId.replace('client', 'secret')}-${Math.random().toString(36).slice(2, 10)}`;
    this.#secrets.set(clientId, clientSecret);
    if (!admin) this.#nonAdmins.add(clientId);
    return { clientId, clientSecret };
  }

  /** Exchanges an API key for a token. Wrong credentials are a 404, as in Looker. */
  login(clientId: unknown, clientSecret: unknown): Session {
    if (typeof clientId !== 'string' || typeof clientSecret !== 'string' || clientId === '' || clientSecret === '') {
      throw new FakeRequestError('bad_request', 'client_id and client_secret are required in the form body');
    }
    if (this.#secrets.get(clientId) !== clientSecret) throw new FakeRequestError('not_found', 'Not found');
    return this.issue(this.lifetimeSeconds, !this.#nonAdmins.has(clientId));
  }

  /** A new token, valid for `expiresInSeconds` from now, of an admin unless `admin` is false. */
  issue(expiresInSeconds = this.lifetimeSeconds, admin = true): Session {
    if (!(Number.isFinite(expiresInSeconds) && expiresInSeconds > 0))
      throw new TypeError('expiresInSeconds must be a positive number');
    const accessToken = this.#tokenIds.next((id) => this.#expiryByToken.has(id));
    this.#expiryByToken.set(accessToken, this.now() + expiresInSeconds * 1000);
    if (!admin) this.#nonAdmins.add(accessToken);
    return { accessToken, expiresInSeconds };
  }

  /** Throws `forbidden` unless the (authenticated) token is an admin's. */
  requireAdmin(token: string | undefined, what: string): void {
    if (token === undefined || this.#nonAdmins.has(token)) throw new FakeRequestError('forbidden', `Only admins may read ${what}`);
  }

  /** Throws `unauthorized` unless the token was issued, is not revoked and has not expired. */
  authenticate(token: string | undefined): void {
    const expiresAt = token === undefined ? undefined : this.#expiryByToken.get(token);
    if (expiresAt === undefined || this.now() >= expiresAt)
      throw new FakeRequestError('unauthorized', 'Requires authentication.');
  }

  /** Invalidates a token (logout). */
  revoke(token: string): void {
    this.#expiryByToken.delete(token);
  }
}
