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
  readonly #keyIds = new IdSequence('fake-client-');
  readonly #tokenIds = new IdSequence('fake-looker-token-');

  constructor(
    private readonly now: () => number,
    private readonly lifetimeSeconds: number,
  ) {}

  /** A new API key. */
  createApiCredentials(): FakeApiCredentials {
    const clientId = this.#keyIds.next((id) => this.#secrets.has(id));
    const clientSecret = `${clientId.replace('client', 'secret')}-${Math.random().toString(36).slice(2, 10)}`;
    this.#secrets.set(clientId, clientSecret);
    return { clientId, clientSecret };
  }

  /** Exchanges an API key for a token. Wrong credentials are a 404, as in Looker. */
  login(clientId: unknown, clientSecret: unknown): Session {
    if (typeof clientId !== 'string' || typeof clientSecret !== 'string' || clientId === '' || clientSecret === '') {
      throw new FakeRequestError('bad_request', 'client_id and client_secret are required in the form body');
    }
    if (this.#secrets.get(clientId) !== clientSecret) throw new FakeRequestError('not_found', 'Not found');
    return this.issue(this.lifetimeSeconds);
  }

  /** A new token, valid for `expiresInSeconds` from now. */
  issue(expiresInSeconds = this.lifetimeSeconds): Session {
    if (!(Number.isFinite(expiresInSeconds) && expiresInSeconds > 0))
      throw new TypeError('expiresInSeconds must be a positive number');
    const accessToken = this.#tokenIds.next((id) => this.#expiryByToken.has(id));
    this.#expiryByToken.set(accessToken, this.now() + expiresInSeconds * 1000);
    return { accessToken, expiresInSeconds };
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
