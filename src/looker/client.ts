// createLookerClient: one openapi-fetch client over the Looker spec, its token, and every method.
import createClient, { type Client } from 'openapi-fetch';
import { waitFor } from '../core/abortable.js';
import { CarriedError, fail, unexpectedBody } from '../core/failures.js';
import { isHeaderSafe, isRecord } from '../core/input-checks.js';
import { runOperation } from '../core/operation.js';
import type { Result } from '../core/result.js';
import { checkBaseUrl } from '../core/base-url.js';
import { normalizeSettings } from '../core/normalize-settings.js';
import { type CommonOptions, type OnBehalf } from '../core/options.js';
import { refuseOption } from '../core/refuse-option.js';
import { rawFetch } from '../core/transport.js';
import type { paths } from '../generated/looker.js';
import { VERSION } from '../version.js';
import { apiPathProblem } from './base-url.js';
import { createTokenSource, type LookerCredentials, type TokenGrant } from './credentials.js';
import { BASE_URL_HINT, DECLARED_STATUSES, loginHttpError, lookerHttpError, type LoginError } from './errors.js';
import { lookerLookups } from './lookups.js';
import { lookerMethods } from './methods.js';
import { lookerMethod } from './operation.js';
import type { LoginInfo, LogoutError, LogoutInfo, LookerMethods } from './types.js';

/** Options of `createLookerClient`. */
export interface LookerClientOptions extends CommonOptions {
  /**
   * Instance URL, e.g. `https://acme.looker.com` (or `https://acme.looker.com:19999`). `/api/4.0`
   * is added unless present; another API version's path (`/api/3.1`) is refused.
   */
  baseUrl: string;
  credentials: LookerCredentials;
}

/** A Looker API 4.0 client for user attributes. Every method resolves to a `Result`; none throws. */
export interface LookerClient extends LookerMethods {
  /**
   * The URL every call goes to: the instance's, with `/api/4.0` (e.g. `https://acme.looker.com/api/4.0`).
   * Never a secret (a base URL with credentials is refused); the sync records it in its plans.
   */
  readonly baseUrl: string;
  /**
   * The typed openapi-fetch client every method sends through, for endpoints the SDK does not
   * wrap: the same login, 401 replay, retries, timeout and body cap. Its failures reject with a
   * `UserAttributesError` holding the typed, redacted error.
   */
  readonly raw: Client<paths>;
}

/** The `x-looker-appid` header value that names this SDK to Looker. */
export const LOOKER_APP_ID = `user-attributes-sdk/${VERSION}`;

const WHO = 'createLookerClient';

/**
 * Creates a Looker client. Throws a `TypeError` naming the option for options that cannot work (a
 * bad `baseUrl`, credentials, timeout, retry or runtime settings); everything after that is
 * reported in results.
 */
export function createLookerClient(options: LookerClientOptions): LookerClient {
  if (!isRecord(options)) throw new TypeError(`${WHO}: options must be an object`);
  const settings = normalizeSettings(WHO, options, () => tokens.secrets);
  const instance = checkBaseUrl(WHO, options.baseUrl, options.allowInsecureHttp);
  const apiPath = apiPathProblem(instance);
  if (apiPath) refuseOption(WHO, 'baseUrl', apiPath);
  const baseUrl = `${instance.replace(/\/api\/4\.0$/, '')}/api/4.0`;
  const tokens = createTokenSource(options.credentials, login, settings.runtime.now);
  const api = createClient<paths>({
    baseUrl,
    headers: { 'x-looker-appid': LOOKER_APP_ID },
    redirect: 'manual',
    // Looker reads every array parameter comma-joined; repeated, it ignores them.
    querySerializer: { array: { style: 'form', explode: false } },
    fetch: rawFetch(settings, tokens),
  });

  async function login({ clientId, clientSecret }: { clientId: string; clientSecret: string }, onBehalf?: OnBehalf): Promise<TokenGrant> {
    const result = await runOperation<TokenGrant, LoginError>(
      {
        name: 'login',
        settings,
        htmlHint: BASE_URL_HINT,
        prepare: () => (via) =>
          api.POST('/login', {
            body: { client_id: clientId, client_secret: clientSecret },
            bodySerializer: (form) => new URLSearchParams(form).toString(),
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            ...via,
          }),
        interpret({ body, response }, call) {
          if (!response.ok) return fail(loginHttpError(call, response, body));
          const { access_token: token, expires_in: expiresInSeconds } = isRecord(body) ? body : {};
          if (!isHeaderSafe(token)) return fail(unexpectedBody(call, response, 'access_token is not a non-empty string of visible ASCII'));
          if (typeof expiresInSeconds !== 'number' || !Number.isFinite(expiresInSeconds)) {
            return fail(unexpectedBody(call, response, 'expires_in is not a number'));
          }
          if (expiresInSeconds <= 0) return fail(unexpectedBody(call, response, `expires_in is ${expiresInSeconds}: the token would already be expired`));
          return { ok: true, data: { token, expiresInSeconds, response }, response };
        },
      },
      onBehalf,
    );
    if (!result.ok) throw new CarriedError(result.error);
    return result.data;
  }

  // Results never reject, so each logout can follow the last one.
  let lastLogout: Promise<unknown> = Promise.resolve();
  const specs = lookerMethods(api);
  const methods = Object.fromEntries(
    Object.entries(specs).map(([key, spec]) => [key, lookerMethod(settings, tokens, spec)]),
  ) as unknown as Pick<LookerMethods, keyof typeof specs>;

  return {
    ...methods,
    ...(lookerLookups(methods, settings) as unknown as Pick<LookerMethods, 'findUserByEmail' | 'findGroupByName' | 'findUserAttributeByName' | 'listUsers' | 'listGroups' | 'listGroupUsers'>),
    raw: api,
    baseUrl,

    login(callOptions) {
      return runOperation<LoginInfo, LoginError>(
        {
          name: 'login',
          settings,
          prepare(check) {
            if (!tokens.login) check.add('credentials', 'must be { clientId, clientSecret } to log in');
            return async (_via, call) => {
              const { expiresInSeconds, response } = await waitFor(tokens.login!(call.onBehalf), call.signal);
              return { data: JSON.stringify({ expiresInSeconds }), response };
            };
          },
          interpret: ({ body, response }) => ({ ok: true, data: body as LoginInfo, response }),
        },
        callOptions,
      );
    },

    logout(callOptions): Promise<Result<LogoutInfo, LogoutError>> {
      // One logout at a time: a second one waits for the first, then finds no token and sends nothing.
      const ended = lastLogout.then(() => revoke(callOptions));
      lastLogout = ended;
      return ended;
    },
  };

  function revoke(callOptions: unknown): Promise<Result<LogoutInfo, LogoutError>> {
    let token: string | undefined;
    return runOperation<LogoutInfo, LogoutError>(
      {
        name: 'logout',
        settings,
        prepare: () => async (via, call) => {
          token = await tokens.current(call.signal);
          // Nothing to revoke: send nothing.
          if (!token) return { response: new Response(null, { status: 204 }) };
          return api.DELETE('/logout', { headers: { authorization: `Bearer ${token}` }, ...via });
        },
        interpret({ body, response }, call) {
          const { status } = response;
          // Revoked, or already ended on the server (401, 404): either way the token is dead.
          if (token && (response.ok || status === 401 || status === 404)) tokens.revoked(token);
          // 401: the session had already ended, so there was nothing left to revoke.
          if (status === 401) return { ok: true, data: { revoked: false }, response };
          if (!response.ok) return fail(lookerHttpError(call, DECLARED_STATUSES.logout, response, body));
          return { ok: true, data: { revoked: token !== undefined }, response };
        },
      },
      callOptions,
    );
  }
}
