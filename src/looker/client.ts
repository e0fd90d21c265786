import type { Client } from 'openapi-fetch';
import { discard, outgoing, type Send } from '../core/call.js';
import type { AnyError } from '../core/errors.js';
import { CarriedError, type InputCheck } from '../core/failures.js';
import { exchange, fail, runOperation, sendWithToken, unexpectedBody } from '../core/operation.js';
import { createRawClient, withRawParts } from '../core/raw.js';
import type { Result } from '../core/result.js';
import { normalizeSettings, waitFor, type CallOptions, type CommonOptions } from '../core/settings.js';
import { checkBaseUrl, checkPathId, checkString, isHeaderSafe, isRecord, readInput } from '../core/validate.js';
import type { components, paths } from '../generated/looker.js';
import { VERSION } from '../version.js';
import { createTokenSource, type LookerCredentials, type TokenGrant } from './credentials.js';
import {
  DECLARED_STATUSES,
  loginHttpError,
  lookerHttpError,
  type LoginError,
  type LogoutError,
  type SetUserAttributeGroupValuesError,
  type SetUserAttributeUserValueError,
  type UpdateUserAttributeGroupValueError,
} from './errors.js';
import { checkGroupValues } from './input.js';

type Schemas = components['schemas'];
type AccessToken = Schemas['AccessToken'];
// The user and the group value take the same body.
type ValueWrite = Schemas['UserAttributeUserValueWrite'] & Schemas['UserAttributeGroupValueWrite'];
/** A user attribute with the value one user now resolves to. */
export type UserAttributeWithValue = Schemas['UserAttributeWithValue'];
/** A stored group value of a user attribute. */
export type UserAttributeGroupValue = Schemas['UserAttributeGroupValue'];

/** Options of `createLookerClient`. */
export interface LookerClientOptions extends CommonOptions {
  /** Instance URL, e.g. `https://acme.looker.com` (or `https://acme.looker.com:19999`). `/api/4.0` is added unless present. */
  baseUrl: string;
  credentials: LookerCredentials;
}

/** Input of `setUserAttributeUserValue`: whose value of which attribute, and the value. */
export interface SetUserAttributeUserValueInput {
  userId: string;
  userAttributeId: string;
  value: string;
}

/** Input of `updateUserAttributeGroupValue`: which group's value of which attribute, and the value. */
export interface UpdateUserAttributeGroupValueInput {
  groupId: string;
  userAttributeId: string;
  value: string;
}

/** One group's value in the complete list given to `setUserAttributeGroupValues`. */
export interface GroupValueInput {
  groupId: string;
  value: string;
  /** Precedence (lowest wins). Give a rank to every item or to none; without ranks, array order decides. */
  rank?: number;
}

/** Input of `setUserAttributeGroupValues`: the attribute and all of its group values. */
export interface SetUserAttributeGroupValuesInput {
  userAttributeId: string;
  /** The complete list: it replaces every group value of the attribute. Must not be empty. */
  groupValues: readonly GroupValueInput[];
}

/** What a login tells you (the token itself stays inside the client). */
export interface LoginInfo {
  readonly expiresInSeconds: number;
}

/** What `logout` did. */
export interface LogoutInfo {
  /** False when the client held no token, so nothing was sent. */
  readonly revoked: boolean;
}

/** A Looker API 4.0 client for user attribute values. Every method resolves to a `Result`; none throws. */
export interface LookerClient {
  /** Sets a user's own value of an attribute (it wins over group values and the default). */
  setUserAttributeUserValue(
    input: SetUserAttributeUserValueInput,
    options?: CallOptions,
  ): Promise<Result<UserAttributeWithValue, SetUserAttributeUserValueError>>;
  /** Sets one group's value of an attribute. */
  updateUserAttributeGroupValue(
    input: UpdateUserAttributeGroupValueInput,
    options?: CallOptions,
  ): Promise<Result<UserAttributeGroupValue, UpdateUserAttributeGroupValueError>>;
  /** Replaces all group values of an attribute, in precedence order. */
  setUserAttributeGroupValues(
    input: SetUserAttributeGroupValuesInput,
    options?: CallOptions,
  ): Promise<Result<UserAttributeGroupValue[], SetUserAttributeGroupValuesError>>;
  /** Logs in now (client credentials only); calls log in by themselves when needed. */
  login(options?: CallOptions): Promise<Result<LoginInfo, LoginError>>;
  /**
   * Revokes the client's token; a later call logs in again (client credentials) or fails. When the
   * client holds no token, nothing is sent and `revoked` is false.
   */
  logout(options?: CallOptions): Promise<Result<LogoutInfo, LogoutError>>;
}

/** The `x-looker-appid` header value that names this SDK to Looker. */
export const LOOKER_APP_ID = `user-attributes-sdk/${VERSION}`;

type Operation = keyof typeof DECLARED_STATUSES;

type SnakeCase<S extends string, Done extends string = ''> = S extends `${infer C}${infer Rest}`
  ? SnakeCase<Rest, `${Done}${C extends Lowercase<C> ? C : `_${Lowercase<C>}`}`>
  : Done;
/** A path of the spec, its parameters named by input field (`{userId}` for `{user_id}`): a typo fails to compile. */
type SpecPath<P extends string> = SnakeCase<P> extends keyof paths ? P : never;

/**
 * Creates a Looker client. Throws a `TypeError` for options that cannot work (a bad `baseUrl`,
 * credentials, timeout or retry settings); everything after that is reported in results.
 */
export function createLookerClient(options: LookerClientOptions): LookerClient {
  const settings = normalizeSettings(Object(options), () => tokens.secrets);
  const baseUrl = `${checkBaseUrl(options.baseUrl).replace(/\/api\/4\.0$/, '')}/api/4.0`;
  const headers = { 'x-looker-appid': LOOKER_APP_ID };
  const plainSend: Send = ({ url, init }) => settings.fetch(url, init);
  // Sends with the current token; on a 401, one fresh token and one replay (once per call, even
  // across retries: never a login loop).
  const authedSend: Send = async (attempt, call, next) => {
    const token = await tokens.get(call.signal);
    const response = await sendWithToken(settings, token, attempt);
    if (response.status !== 401 || call.replayed || !tokens.refuse(token)) return response;
    discard(response);
    call.replayed = true;
    call.attempts++;
    return sendWithToken(settings, await tokens.get(call.signal), next());
  };

  const tokens = createTokenSource(
    options.credentials,
    async ({ clientId, clientSecret }) => {
      const credentials: Schemas['LoginCredentials'] = { client_id: clientId, client_secret: clientSecret };
      const form = new URLSearchParams(credentials).toString();
      const result = await runOperation<TokenGrant, AnyError>(
        {
          name: 'login',
          settings,
          send: plainSend,
          prepare: () => (call) => exchange(call, outgoing('POST', `${baseUrl}/login`, headers, form, 'application/x-www-form-urlencoded')),
          interpret({ body, response }, call) {
            if (!response.ok) return fail(loginHttpError(call, response, body));
            const { access_token: token, expires_in: expiresInSeconds } = Object(body) as Partial<AccessToken>;
            return isHeaderSafe(token) && Number(expiresInSeconds) > 0
              ? { ok: true, data: { token, expiresInSeconds: expiresInSeconds!, response }, response }
              : fail(unexpectedBody(call, response, 'no access_token or expires_in'));
          },
        },
        undefined,
      );
      if (!result.ok) throw new CarriedError(result.error);
      return result.data;
    },
    settings.runtime.now,
  );

  /**
   * One attribute operation: checks the input's path ids and body, then sends the body as JSON to
   * `path` with each `{id}` replaced by that input field. A 2xx reply must satisfy `isData`;
   * anything else is the operation's error.
   */
  const operation =
    <T, E, P extends string>(
      name: Operation,
      method: string,
      path: SpecPath<P>,
      checkBody: (check: InputCheck, fields: Record<string, unknown>) => unknown,
      isData: (data: unknown) => data is T,
    ) =>
      (input: unknown, callOptions?: CallOptions): Promise<Result<T, E>> =>
        runOperation(
          {
            name,
            settings,
            send: authedSend,
            prepare(check) {
              const fields = readInput(check, input);
              const filled = path.replace(/{(\w+)}/g, (_, id: string) => {
                const value = fields[id];
                checkPathId(check, id, value);
                return typeof value === 'string' ? encodeURIComponent(value) : '';
              });
              const body = JSON.stringify(checkBody(check, fields));
              return (call) => exchange(call, outgoing(method, baseUrl + filled, headers, body));
            },
            interpret: ({ body, response }, call) =>
              !response.ok
                ? fail(lookerHttpError(call, DECLARED_STATUSES[name], response, body))
                : isData(body)
                  ? { ok: true, data: body, response }
                  : fail(unexpectedBody(call, response)),
          },
          callOptions,
        );
  const isObject = isRecord as (data: unknown) => data is never;
  const checkValue = (check: InputCheck, { value }: Record<string, unknown>): ValueWrite => {
    checkString(check, 'value', value);
    return { value: value as string };
  };

  const client: LookerClient = {
    setUserAttributeUserValue: operation(
      'set_user_attribute_user_value',
      'PATCH',
      '/users/{userId}/attribute_values/{userAttributeId}',
      checkValue,
      isObject,
    ),

    updateUserAttributeGroupValue: operation(
      'update_user_attribute_group_value',
      'PATCH',
      '/groups/{groupId}/attribute_values/{userAttributeId}',
      checkValue,
      isObject,
    ),

    setUserAttributeGroupValues: operation(
      'set_user_attribute_group_values',
      'POST',
      '/user_attributes/{userAttributeId}/group_values',
      (check, { groupValues }) => checkGroupValues(check, groupValues),
      (data): data is UserAttributeGroupValue[] => Array.isArray(data) && data.every(isRecord),
    ),

    login(callOptions) {
      const { login } = tokens;
      return runOperation<LoginInfo, LoginError>(
        {
          name: 'login',
          settings,
          send: plainSend,
          prepare(check) {
            if (!login) check.add('credentials', 'must be { clientId, clientSecret } to log in');
            return async (call) => {
              const { expiresInSeconds, response } = await waitFor(login!(), call.signal);
              return { body: { expiresInSeconds }, response };
            };
          },
          interpret: ({ body, response }) => ({ ok: true, data: body as LoginInfo, response }),
        },
        callOptions,
      );
    },

    logout(callOptions) {
      let revoked = false;
      return runOperation<LogoutInfo, LogoutError>(
        {
          name: 'logout',
          settings,
          send: plainSend,
          prepare: () => async (call) => {
            const token = await tokens.current(call.signal);
            // Nothing to revoke: send nothing.
            if (!token) return { response: new Response(null, { status: 204 }) };
            revoked = true;
            const request = outgoing('DELETE', `${baseUrl}/logout`, headers);
            request.headers.set('Authorization', `Bearer ${token}`);
            return exchange(call, request);
          },
          interpret({ body, response }, call) {
            if (!response.ok) return fail(lookerHttpError(call, DECLARED_STATUSES.logout, response, body));
            tokens.forget();
            return { ok: true, data: { revoked }, response };
          },
        },
        callOptions,
      );
    },
  };
  return withRawParts(client, { baseUrl, headers, settings, send: authedSend });
}

/**
 * The typed openapi-fetch client for calls this SDK does not wrap, sending through `client`: its
 * login, 401 replay, retries and timeout, never following a redirect. It loads openapi-fetch when
 * first called, so apps that never call it neither load nor bundle it. Rejects with a TypeError
 * for anything but a client made by `createLookerClient`.
 */
export function createLookerRawClient(client: LookerClient): Promise<Client<paths>> {
  return createRawClient<paths>(client);
}
