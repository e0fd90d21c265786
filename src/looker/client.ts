import createClient, { type Client } from 'openapi-fetch';
import { Call, discard, type Send } from '../core/call.js';
import type { Result } from '../core/result.js';
import type { AnyError } from '../core/errors.js';
import { CarriedError, InputCheck, thrownError } from '../core/failures.js';
import { fail, runOperation, unexpectedBody, type Operation, type Reply } from '../core/operation.js';
import { normalizeSettings, type CallOptions, type CommonOptions } from '../core/settings.js';
import { checkBaseUrl } from '../core/options.js';
import { checkPathId, checkString, isHeaderSafe, isRecord, readInput } from '../core/validate.js';
import { checkGroupValues } from './input.js';
import type { components, paths } from '../generated/looker.js';
import { VERSION } from '../version.js';
import {
  createTokenSource,
  LoginTokenSource,
  waitFor,
  type ApiKey,
  type LookerCredentials,
  type TokenGrant,
} from './credentials.js';
import {
  DECLARED_STATUSES,
  lookerHttpError,
  loginHttpError,
  type LoginError,
  type LogoutError,
  type SetUserAttributeGroupValuesError,
  type SetUserAttributeUserValueError,
  type UpdateUserAttributeGroupValueError,
} from './errors.js';

type Schemas = components['schemas'];
/** A user attribute with the value one user now resolves to. */
export type UserAttributeWithValue = Schemas['UserAttributeWithValue'];
/** A stored group value of a user attribute. */
export type UserAttributeGroupValue = Schemas['UserAttributeGroupValue'];

export interface LookerClientOptions extends CommonOptions {
  /** Instance URL, e.g. `https://acme.looker.com` (or `https://acme.looker.com:19999`). `/api/4.0` is added unless present. */
  baseUrl: string;
  credentials: LookerCredentials;
}

export interface SetUserAttributeUserValueInput {
  userId: string;
  userAttributeId: string;
  value: string;
}

export interface UpdateUserAttributeGroupValueInput {
  groupId: string;
  userAttributeId: string;
  value: string;
}

export interface GroupValueInput {
  groupId: string;
  value: string;
  /** Precedence (lowest wins). Give a rank to every item or to none; without ranks, array order decides. */
  rank?: number;
}

export interface SetUserAttributeGroupValuesInput {
  userAttributeId: string;
  /** The complete list: it replaces every group value of the attribute. Must not be empty. */
  groupValues: readonly GroupValueInput[];
}

/** What a login tells you (the token itself stays inside the client). */
export interface LoginInfo {
  readonly expiresInSeconds: number;
}

export interface LogoutInfo {
  /** False when the client held no token, so nothing was sent. */
  readonly revoked: boolean;
}

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
  /**
   * The typed openapi-fetch client underneath, with auth, retries and the timeout applied, for
   * calls this wrapper does not cover.
   */
  readonly raw: Client<paths>;
}

/** The `x-looker-appid` header value that names this SDK to Looker. */
export const LOOKER_APP_ID = `user-attributes-sdk/${VERSION}`;

export function createLookerClient(options: LookerClientOptions): LookerClient {
  if (!isRecord(options)) throw new TypeError('createLookerClient needs an options object');
  const settings = normalizeSettings(options);
  const baseUrl = `${checkBaseUrl(options.baseUrl).replace(/\/api\/4\.0$/, '')}/api/4.0`;
  const plainSend: Send = (request) => settings.fetch(request.clone());

  const raw = createClient<paths>({
    baseUrl,
    headers: { 'x-looker-appid': LOOKER_APP_ID },
    // A redirect could carry the token or body to another host: never follow one.
    redirect: 'manual',
    fetch: async (request) => {
      const call = new Call('request', settings, authedSend);
      try {
        return await call.fetch(request);
      } finally {
        call.dispose();
      }
    },
  });

  const tokens = createTokenSource(options.credentials, requestToken, settings.runtime.now);

  async function authedSend(request: Request, call: Call): Promise<Response> {
    const token = await tokens.get(call.signal);
    const response = await settings.fetch(withToken(request, token));
    if (response.status !== 401 || !tokens.refuse(token)) return response;
    discard(response);
    call.attempts++;
    return settings.fetch(withToken(request, await tokens.get(call.signal)));
  }

  async function requestToken({ clientId, clientSecret }: ApiKey): Promise<TokenGrant> {
    const call = new Call('login', settings, plainSend);
    try {
      const { data, error, response } = await raw.POST('/login', {
        body: { client_id: clientId, client_secret: clientSecret },
        bodySerializer: (body) => new URLSearchParams(body).toString(),
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        fetch: call.fetch,
        signal: call.signal,
      });
      if (!response.ok) throw new CarriedError(loginHttpError(call, response, error));
      if (!isRecord(data) || !isHeaderSafe(data.access_token) || typeof data.expires_in !== 'number' || !(data.expires_in > 0)) {
        throw new CarriedError(unexpectedBody(call, 'login', response, 'the reply has no usable access_token and expires_in'));
      }
      return { token: data.access_token, expiresInSeconds: data.expires_in, response };
    } catch (thrown) {
      throw thrown instanceof CarriedError ? thrown : new CarriedError(thrownError(call, 'login', thrown));
    } finally {
      call.dispose();
    }
  }

  /** Runs one attribute operation: a 2xx reply must hold `isData`, anything else is the operation's error. */
  function run<T, E>(
    name: keyof typeof DECLARED_STATUSES,
    check: InputCheck,
    callOptions: CallOptions | undefined,
    request: Operation<T>['request'],
    isData: (data: unknown) => data is T,
  ): Promise<Result<T, E>> {
    const interpret = ({ data, error, response }: Reply, call: Call): Result<T, AnyError> => {
      if (!response.ok) return fail(lookerHttpError(call, name, DECLARED_STATUSES[name], response, error));
      if (!isData(data)) return fail(unexpectedBody(call, name, response));
      return { ok: true, data, response };
    };
    return runOperation({ name, settings, send: authedSend, request, interpret }, check, callOptions);
  }

  return {
    raw,

    setUserAttributeUserValue(input, callOptions) {
      const check = new InputCheck();
      const { userId, userAttributeId, value } = readInput(check, input);
      checkPathId(check, 'userId', userId);
      checkPathId(check, 'userAttributeId', userAttributeId);
      checkString(check, 'value', value);
      return run('set_user_attribute_user_value', check, callOptions, (call) =>
        raw.PATCH('/users/{user_id}/attribute_values/{user_attribute_id}', {
          params: { path: { user_id: userId as string, user_attribute_id: userAttributeId as string } },
          body: { value: value as string },
          fetch: call.fetch,
          signal: call.signal,
        }),
        isRecord as (data: unknown) => data is UserAttributeWithValue,
      );
    },

    updateUserAttributeGroupValue(input, callOptions) {
      const check = new InputCheck();
      const { groupId, userAttributeId, value } = readInput(check, input);
      checkPathId(check, 'groupId', groupId);
      checkPathId(check, 'userAttributeId', userAttributeId);
      checkString(check, 'value', value);
      return run('update_user_attribute_group_value', check, callOptions, (call) =>
        raw.PATCH('/groups/{group_id}/attribute_values/{user_attribute_id}', {
          params: { path: { group_id: groupId as string, user_attribute_id: userAttributeId as string } },
          body: { value: value as string },
          fetch: call.fetch,
          signal: call.signal,
        }),
        isRecord as (data: unknown) => data is UserAttributeGroupValue,
      );
    },

    setUserAttributeGroupValues(input, callOptions) {
      const check = new InputCheck();
      const { userAttributeId, groupValues } = readInput(check, input);
      checkPathId(check, 'userAttributeId', userAttributeId);
      const body = checkGroupValues(check, groupValues);
      return run('set_user_attribute_group_values', check, callOptions, (call) =>
        raw.POST('/user_attributes/{user_attribute_id}/group_values', {
          params: { path: { user_attribute_id: userAttributeId as string } },
          body,
          fetch: call.fetch,
          signal: call.signal,
        }),
        (data): data is UserAttributeGroupValue[] => Array.isArray(data) && data.every(isRecord),
      );
    },

    login(callOptions) {
      const check = new InputCheck();
      if (!(tokens instanceof LoginTokenSource)) check.add('credentials', 'must be { clientId, clientSecret } to log in');
      return runOperation<LoginInfo, LoginError>(
        {
          name: 'login',
          settings,
          send: plainSend,
          async request(call) {
            const grant = await waitFor((tokens as LoginTokenSource).refresh(), call.signal);
            return { data: grant.expiresInSeconds, response: grant.response };
          },
          interpret: ({ data, response }) => ({ ok: true, data: { expiresInSeconds: data as number }, response }),
        },
        check,
        callOptions,
      );
    },

    logout(callOptions) {
      // Sends nothing when there is no token to revoke.
      let revoked = false;
      return runOperation<LogoutInfo, LogoutError>(
        {
          name: 'logout',
          settings,
          send: plainSend,
          async request(call) {
            const token = await tokens.current(call.signal);
            if (token === undefined) return { response: new Response(null, { status: 204 }) };
            revoked = true;
            return raw.DELETE('/logout', { headers: { Authorization: `Bearer ${token}` }, fetch: call.fetch, signal: call.signal });
          },
          interpret({ error, response }, call) {
            if (!response.ok) return fail(lookerHttpError(call, 'logout', DECLARED_STATUSES.logout, response, error));
            tokens.forget();
            return { ok: true, data: { revoked }, response };
          },
        },
        new InputCheck(),
        callOptions,
      );
    },
  };
}

function withToken(request: Request, token: string): Request {
  const authed = request.clone();
  authed.headers.set('Authorization', `Bearer ${token}`);
  return authed;
}
