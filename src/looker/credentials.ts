import type { AnyError } from '../core/errors.js';
import { CarriedError } from '../core/failures.js';
import { waitFor } from '../core/settings.js';
import { isHeaderSafe } from '../core/validate.js';

/** How the client authenticates. */
export type LookerCredentials =
  /** An API key: the client logs in for you, caches the token and logs in again before it expires. */
  | { clientId: string; clientSecret: string }
  /** A token you manage. On 401 the call fails with `unauthorized`. */
  | { accessToken: string }
  /** Called whenever the client needs a token, and once more after a 401 before one replay. */
  | {
    /** Returns the token to send; `signal` aborts with the call. */
    getToken: (signal: AbortSignal) => string | Promise<string>;
  };

/** An API key. */
export interface ApiKey {
  readonly clientId: string;
  readonly clientSecret: string;
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
  /** Drops the token after a logout. */
  forget(): void;
  /** Logs in now, or joins the login under way; undefined unless the credentials are an API key. */
  login?: () => Promise<TokenGrant>;
  /** What errors must never show: the credentials and the last few tokens. */
  readonly secrets: readonly string[];
}

/** Keeps the last four tokens: a server may echo a token after it was replaced. */
function remember(tokens: string[], token: string): void {
  if (!tokens.includes(token) && tokens.push(token) > 4) tokens.shift();
}

// Refresh this long before expiry, or a tenth of the lifetime for short-lived tokens.
const REFRESH_MARGIN_MS = 60_000;

/** Checks the credentials option and returns the token source it describes. */
export function createTokenSource(
  credentials: unknown,
  login: (key: ApiKey) => Promise<TokenGrant>,
  now: () => number,
): TokenSource {
  const { clientId, clientSecret, accessToken, getToken } = Object(credentials) as Record<string, unknown>;
  const given = [clientId ?? clientSecret, accessToken, getToken].filter((v) => v !== undefined).length;

  if (given === 1 && (typeof getToken === 'function' || isHeaderSafe(accessToken))) {
    const callback = typeof getToken === 'function';
    const seen: string[] = callback ? [] : [accessToken as string];
    const get = async (signal: AbortSignal) => {
      if (!callback) return accessToken as string;
      let token: unknown;
      try {
        token = await waitFor(Promise.resolve(getToken(signal)), signal);
      } catch (cause) {
        if (signal.aborted) throw cause;
        throw new CarriedError(noToken(cause));
      }
      if (!isHeaderSafe(token)) throw new CarriedError(noToken(undefined));
      remember(seen, token);
      return token;
    };
    // A callback may give a fresh token after a 401; a static token will not change.
    return { get, refuse: () => callback, current: get, forget() {}, secrets: seen };
  }

  if (given === 1 && isHeaderSafe(clientId) && typeof clientSecret === 'string' && clientSecret) {
    const key = { clientId, clientSecret };
    let cached: { token: string; refreshAt: number } | undefined;
    let pending: Promise<TokenGrant> | undefined;
    const issued: string[] = [];
    // One login in flight, however many calls wait for it.
    const refresh = () =>
      (pending ??= login(key)
        .then((grant) => {
          const lifetimeMs = grant.expiresInSeconds * 1000;
          remember(issued, grant.token);
          cached = { token: grant.token, refreshAt: now() + lifetimeMs - Math.min(REFRESH_MARGIN_MS, lifetimeMs / 10) };
          return grant;
        })
        .finally(() => (pending = undefined)));
    return {
      login: refresh,
      get: async (signal) => (cached && now() < cached.refreshAt ? cached.token : (await waitFor(refresh(), signal)).token),
      refuse(token) {
        if (cached?.token === token) cached = undefined;
        return true;
      },
      current: async () => cached?.token,
      forget: () => (cached = undefined),
      get secrets() {
        return [clientSecret, ...issued];
      },
    };
  }

  throw new TypeError('credentials must be one of { clientId, clientSecret }, { accessToken } or { getToken }');
}

function noToken(cause: unknown): AnyError {
  const message = 'getToken gave no usable token';
  return { kind: 'unauthorized', operation: 'getToken', attempts: 0, message, headers: new Headers(), cause } as AnyError;
}
