// The Looker token's life: where it comes from, when it is refreshed, and what logout leaves.
import { waitFor } from '../core/abortable.js';
import type { Auth } from '../core/call.js';
import { HookFailure, InputRefusal } from '../core/failures.js';
import { isHeaderSafe } from '../core/input-checks.js';
import { type OnBehalf } from '../core/options.js';
import { refuseOption } from '../core/refuse-option.js';

/** How the client authenticates: exactly one of the three forms (mixing them fails to compile). */
export type LookerCredentials =
  /** An API key: the client logs in for you, caches the token and logs in again before it expires. */
  | { clientId: string; clientSecret: string; accessToken?: never; getToken?: never }
  /** A token you manage. On 401 the call fails with `unauthorized`. */
  | { accessToken: string; clientId?: never; clientSecret?: never; getToken?: never }
  /** Called whenever the client needs a token, and once more after a 401 before one replay. */
  | {
    /** Returns the token to send; `signal` aborts with the call. */
    getToken: (signal: AbortSignal) => string | Promise<string>;
    clientId?: never;
    clientSecret?: never;
    accessToken?: never;
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

/**
 * Where requests get their bearer token. For an API key its states are:
 * - `none`: no token yet, or the last one was revoked by `logout()`; the next call logs in.
 * - `logging in`: one login in flight, shared by every call that needs a token (and by `logout()`,
 *   which waits for it so that no live session is left behind).
 * - `held`: a token, used until shortly before it expires, then `logging in` again.
 * - `refused`: the server answered 401 to the held token; it is dropped and the next call logs in
 *   (each call replays at most once).
 * - `revoked`: `logout()` ended the session, or found it already ended; back to `none`.
 */
export interface TokenSource extends Auth {
  /** The token a logout should revoke, waiting for a login in flight; undefined when there is none. */
  current(signal: AbortSignal): Promise<string | undefined>;
  /** `token` was revoked, or the server says its session is gone: never send it again. */
  revoked(token: string): void;
  /** Logs in now (`onBehalf` of the call asking), or joins the login under way; undefined unless the credentials are an API key. */
  login?: (onBehalf?: OnBehalf) => Promise<TokenGrant>;
  /** What errors must never show: the credentials and the last few tokens. */
  readonly secrets: readonly string[];
}

/** Keeps the last four tokens: a server may echo a token after it was replaced. */
function remember(tokens: string[], token: string): void {
  if (!tokens.includes(token) && tokens.push(token) > 4) tokens.shift();
}

// Refresh this long before expiry, or a tenth of the lifetime for short-lived tokens.
const REFRESH_MARGIN_MS = 60_000;

/** A token the caller manages: a static string, or a callback asked for every request. */
function callerTokens(accessToken: unknown, getToken: unknown): TokenSource {
  const seen: string[] = typeof getToken === 'function' ? [] : [accessToken as string];
  let revokedStatic = false;
  const token = async (signal: AbortSignal): Promise<string> => {
    if (typeof getToken !== 'function') {
      if (revokedStatic) throw new InputRefusal('credentials.accessToken', 'was revoked by logout(): create a client with a new token');
      return accessToken as string;
    }
    let given: unknown;
    try {
      given = await waitFor(Promise.resolve((getToken as (s: AbortSignal) => unknown)(signal)), signal);
    } catch (cause) {
      if (signal.aborted) throw cause;
      throw new HookFailure('getToken', 'threw', cause);
    }
    if (!isHeaderSafe(given)) throw new HookFailure('getToken', 'gave no usable token (a non-empty string of visible ASCII)', undefined);
    remember(seen, given);
    return given;
  };
  return {
    token,
    // A callback may give a fresh token after a 401; a static token will not change.
    refused: () => typeof getToken === 'function',
    current: async (signal) => (revokedStatic ? undefined : token(signal)),
    revoked() {
      if (typeof getToken !== 'function') revokedStatic = true;
    },
    secrets: seen,
  };
}

/** An API key: one shared login, refreshed before expiry. */
function apiKeyTokens(key: ApiKey, login: (key: ApiKey, onBehalf?: OnBehalf) => Promise<TokenGrant>, now: () => number): TokenSource {
  let held: { token: string; refreshAt: number } | undefined;
  let pending: Promise<TokenGrant> | undefined;
  const issued: string[] = [];
  // The call that starts a login lends it its per-call options; calls joining it share that one login.
  const refresh = (onBehalf?: OnBehalf) =>
    (pending ??= login(key, onBehalf)
      .then((grant) => {
        const lifetimeMs = grant.expiresInSeconds * 1000;
        remember(issued, grant.token);
        held = { token: grant.token, refreshAt: now() + lifetimeMs - Math.min(REFRESH_MARGIN_MS, lifetimeMs / 10) };
        return grant;
      })
      .finally(() => (pending = undefined)));
  const drop = (token: string) => {
    if (held?.token === token) held = undefined;
  };
  return {
    login: refresh,
    token: async (signal, onBehalf) => (held && now() < held.refreshAt ? held.token : (await waitFor(refresh(onBehalf), signal)).token),
    refused(token) {
      drop(token);
      return true;
    },
    async current(signal) {
      if (pending) await waitFor(pending, signal).catch(() => {});
      return held?.token;
    },
    revoked: drop,
    get secrets() {
      return [key.clientSecret, ...issued];
    },
  };
}

/** Checks the credentials option and returns the token source it describes. */
export function createTokenSource(
  credentials: unknown,
  login: (key: ApiKey, onBehalf?: OnBehalf) => Promise<TokenGrant>,
  now: () => number,
): TokenSource {
  const { clientId, clientSecret, accessToken, getToken } = Object(credentials) as Record<string, unknown>;
  const forms = [clientId ?? clientSecret, accessToken, getToken].filter((v) => v !== undefined).length;
  const refuse: (problem: string) => never = (problem) => refuseOption('createLookerClient', 'credentials', problem);
  if (forms !== 1) refuse('must be exactly one of { clientId, clientSecret }, { accessToken } or { getToken }');
  if (getToken !== undefined) {
    if (typeof getToken !== 'function') refuse('getToken must be a function');
    return callerTokens(undefined, getToken);
  }
  if (accessToken !== undefined) {
    if (!isHeaderSafe(accessToken)) refuse('accessToken must be a non-empty string of visible ASCII');
    return callerTokens(accessToken, undefined);
  }
  if (!isHeaderSafe(clientId)) refuse('clientId must be a non-empty string of visible ASCII');
  if (typeof clientSecret !== 'string' || !clientSecret) refuse('clientSecret must be a non-empty string');
  return apiKeyTokens({ clientId, clientSecret }, login, now);
}
