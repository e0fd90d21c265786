import { CarriedError } from '../core/failures.js';
import type { AnyError } from '../core/errors.js';
import { isHeaderSafe, isRecord } from '../core/validate.js';

/** How the client authenticates. */
export type LookerCredentials =
  /** An API key: the client logs in for you, caches the token and logs in again before it expires. */
  | { clientId: string; clientSecret: string }
  /** A token you manage. On 401 the call fails with `unauthorized`. */
  | { accessToken: string }
  /** Called whenever the client needs a token, and once more after a 401 before one replay. */
  | { getToken: (signal: AbortSignal) => string | Promise<string> };

/** An API key. */
export interface ApiKey {
  readonly clientId: string;
  readonly clientSecret: string;
}

/** Checks the credentials option and returns the token source it describes. */
export function createTokenSource(
  credentials: unknown,
  login: (key: ApiKey) => Promise<TokenGrant>,
  now: () => number,
): TokenSource {
  if (isRecord(credentials)) {
    const { clientId, clientSecret, accessToken, getToken } = credentials;
    const given = [clientId ?? clientSecret, accessToken, getToken].filter((v) => v !== undefined).length;
    if (given === 1) {
      if (isHeaderSafe(clientId) && typeof clientSecret === 'string' && clientSecret !== '') {
        const key = { clientId, clientSecret };
        return new LoginTokenSource(() => login(key), now);
      }
      if (isHeaderSafe(accessToken)) return new StaticTokenSource(accessToken);
      if (typeof getToken === 'function') return new CallbackTokenSource(getToken as (signal: AbortSignal) => string);
    }
  }
  throw new TypeError(
    'credentials must be one of { clientId, clientSecret } (non-empty strings), { accessToken } (a token without spaces or line breaks) or { getToken }',
  );
}

/** A fresh token from a login. */
export interface TokenGrant {
  readonly token: string;
  readonly expiresInSeconds: number;
  readonly response: Response;
}

/** Where requests get their bearer token. */
export interface TokenSource {
  /** A token to send, logging in first if needed. Rejects with a CarriedError when none can be had. */
  get(signal: AbortSignal): Promise<string>;
  /** The server refused `token`. True when asking again may give a fresh one (one replay). */
  refuse(token: string): boolean;
  /** The token a logout should revoke, if there is one. */
  current(signal: AbortSignal): Promise<string | undefined>;
  /** Drop the token after a logout. */
  forget(): void;
}

// Refresh this long before expiry (or a tenth of the lifetime, for short-lived tokens).
const REFRESH_MARGIN_MS = 60_000;

/** Client-credentials login: one login in flight at a time, its token cached until shortly before expiry. */
export class LoginTokenSource implements TokenSource {
  #cached: { token: string; refreshAt: number } | undefined;
  #pending: Promise<TokenGrant> | undefined;

  constructor(
    private readonly login: () => Promise<TokenGrant>,
    private readonly now: () => number,
  ) {}

  get(signal: AbortSignal): Promise<string> {
    if (this.#cached && this.now() < this.#cached.refreshAt) return Promise.resolve(this.#cached.token);
    return waitFor(this.refresh(), signal).then((grant) => grant.token);
  }

  /** Logs in (or joins the login under way) and caches the new token. */
  refresh(): Promise<TokenGrant> {
    this.#pending ??= this.login()
      .then((grant) => {
        const lifetimeMs = grant.expiresInSeconds * 1000;
        const refreshAt = this.now() + lifetimeMs - Math.min(REFRESH_MARGIN_MS, lifetimeMs / 10);
        this.#cached = { token: grant.token, refreshAt };
        return grant;
      })
      .finally(() => {
        this.#pending = undefined;
      });
    return this.#pending;
  }

  refuse(token: string): boolean {
    if (this.#cached?.token === token) this.#cached = undefined;
    return true;
  }

  current(): Promise<string | undefined> {
    return Promise.resolve(this.#cached?.token);
  }

  forget(): void {
    this.#cached = undefined;
  }
}

/** A token the caller manages. */
export class StaticTokenSource implements TokenSource {
  readonly #token: string;
  constructor(token: string) {
    this.#token = token;
  }
  get(): Promise<string> {
    return Promise.resolve(this.#token);
  }
  refuse(): boolean {
    return false;
  }
  current(): Promise<string | undefined> {
    return Promise.resolve(this.#token);
  }
  forget(): void {}
}

/** A token from the caller's callback, asked for on every request. */
export class CallbackTokenSource implements TokenSource {
  constructor(private readonly getToken: (signal: AbortSignal) => string | Promise<string>) {}

  async get(signal: AbortSignal): Promise<string> {
    let token: unknown;
    try {
      token = await waitFor(Promise.resolve(this.getToken(signal)), signal);
    } catch (cause) {
      if (signal.aborted) throw cause;
      throw new CarriedError(tokenFailure('getToken threw', cause));
    }
    if (!isHeaderSafe(token)) throw new CarriedError(tokenFailure('getToken did not return a usable token', undefined));
    return token;
  }
  refuse(): boolean {
    return true;
  }
  current(signal: AbortSignal): Promise<string | undefined> {
    return this.get(signal);
  }
  forget(): void {}
}

function tokenFailure(message: string, cause: unknown): AnyError & Record<string, unknown> {
  return {
    kind: 'unauthorized',
    message: `no access token: ${message}`,
    operation: 'getToken',
    attempts: 0,
    status: undefined,
    body: undefined,
    headers: new Headers(),
    requestId: undefined,
    cause,
  };
}

/** Waits for a shared promise, giving up (without cancelling it for others) when `signal` aborts. */
export function waitFor<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
