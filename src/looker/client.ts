import createClient, { type Client } from 'openapi-fetch';
import { discard, startCall, type Call, type Send } from '../core/call.js';
import { CarriedError, InputCheck, thrownError } from '../core/failures.js';
import { fail, guarded, rawFetch, runOperation, sendWithToken, unexpectedBody, type Reply } from '../core/operation.js';
import type { Result } from '../core/result.js';
import { normalizeSettings, type CallOptions, type CommonOptions } from '../core/settings.js';
import { checkBaseUrl, checkPathId, checkString, isHeaderSafe, isRecord, readInput } from '../core/validate.js';
import type { components, paths } from '../generated/looker.js';
import { VERSION } from '../version.js';
import { createTokenSource, waitFor, type LookerCredentials } from './credentials.js';
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
  /**
   * The typed openapi-fetch client underneath, with auth, retries and the timeout applied, for
   * calls this wrapper does not cover.
   */
  readonly raw: Client<paths>;
}

/** The `x-looker-appid` header value that names this SDK to Looker. */
export const LOOKER_APP_ID = `user-attributes-sdk/${VERSION}`;

type Operation = keyof typeof DECLARED_STATUSES;

/**
 * Creates a Looker client. Throws a `TypeError` for options that cannot work (a bad `baseUrl`,
 * credentials, timeout or retry settings); everything after that is reported in results.
 */
export function createLookerClient(options: LookerClientOptions): LookerClient {
  const settings = normalizeSettings(Object(options), () => tokens.secrets);
  const baseUrl = `${checkBaseUrl(options.baseUrl).replace(/\/api\/4\.0$/, '')}/api/4.0`;
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

  const raw = createClient<paths>({
    baseUrl,
    headers: { 'x-looker-appid': LOOKER_APP_ID },
    // A redirect could carry the token or body to another host: never follow one.
    redirect: 'manual',
    fetch: rawFetch(settings, authedSend),
  });

  const tokens = createTokenSource(
    options.credentials,
    async ({ clientId, clientSecret }) => {
      const call = startCall('login', settings, plainSend);
      try {
        const { data, error, response } = await raw.POST('/login', {
          body: { client_id: clientId, client_secret: clientSecret },
          bodySerializer: (body) => new URLSearchParams(body).toString(),
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          ...call.requestOptions,
        });
        if (!response.ok) throw new CarriedError(loginHttpError(call, response, error));
        if (!isHeaderSafe(data?.access_token) || !(data.expires_in > 0)) {
          throw new CarriedError(unexpectedBody(call, 'login', response, 'no access_token or expires_in'));
        }
        return { token: data.access_token, expiresInSeconds: data.expires_in, response };
      } catch (thrown) {
        throw new CarriedError(thrownError(call, 'login', thrown));
      } finally {
        call.done();
      }
    },
    settings.runtime.now,
  );

  /** Runs one attribute operation: a 2xx reply must satisfy `isData`, anything else is the operation's error. */
  const run = <T, E>(
    name: Operation,
    check: InputCheck,
    callOptions: CallOptions | undefined,
    request: (call: Call) => Promise<Reply>,
    isData: (data: unknown) => data is T,
  ): Promise<Result<T, E>> =>
    runOperation(
      {
        name,
        settings,
        send: authedSend,
        request,
        interpret: ({ data, error, response }, call) =>
          !response.ok
            ? fail(lookerHttpError(call, name, DECLARED_STATUSES[name], response, error))
            : isData(data)
              ? { ok: true, data, response }
              : fail(unexpectedBody(call, name, response)),
      },
      check,
      callOptions,
    );

  /** Checks the input's ids and value; returns its fields. */
  const checkInput = (input: unknown, ...ids: string[]) => {
    const check = new InputCheck();
    const fields = readInput(check, input);
    for (const id of ids) checkPathId(check, id, fields[id]);
    return { check, fields: fields as Record<string, string> };
  };
  const isObject = isRecord as (data: unknown) => data is never;

  return {
    raw,

    setUserAttributeUserValue: guarded('set_user_attribute_user_value', (input, callOptions) => {
      const { check, fields } = checkInput(input, 'userId', 'userAttributeId');
      checkString(check, 'value', fields.value);
      return run(
        'set_user_attribute_user_value',
        check,
        callOptions,
        (call) =>
          raw.PATCH('/users/{user_id}/attribute_values/{user_attribute_id}', {
            params: { path: { user_id: fields.userId!, user_attribute_id: fields.userAttributeId! } },
            body: { value: fields.value! },
            ...call.requestOptions,
          }),
        isObject,
      );
    }),

    updateUserAttributeGroupValue: guarded('update_user_attribute_group_value', (input, callOptions) => {
      const { check, fields } = checkInput(input, 'groupId', 'userAttributeId');
      checkString(check, 'value', fields.value);
      return run(
        'update_user_attribute_group_value',
        check,
        callOptions,
        (call) =>
          raw.PATCH('/groups/{group_id}/attribute_values/{user_attribute_id}', {
            params: { path: { group_id: fields.groupId!, user_attribute_id: fields.userAttributeId! } },
            body: { value: fields.value! },
            ...call.requestOptions,
          }),
        isObject,
      );
    }),

    setUserAttributeGroupValues: guarded('set_user_attribute_group_values', (input, callOptions) => {
      const { check, fields } = checkInput(input, 'userAttributeId');
      const body = checkGroupValues(check, fields.groupValues);
      return run(
        'set_user_attribute_group_values',
        check,
        callOptions,
        (call) =>
          raw.POST('/user_attributes/{user_attribute_id}/group_values', {
            params: { path: { user_attribute_id: fields.userAttributeId! } },
            body,
            ...call.requestOptions,
          }),
        (data): data is UserAttributeGroupValue[] => Array.isArray(data) && data.every(isRecord),
      );
    }),

    login(callOptions) {
      const check = new InputCheck();
      const { login } = tokens;
      if (!login) check.add('credentials', 'must be { clientId, clientSecret } to log in');
      return runOperation<LoginInfo, LoginError>(
        {
          name: 'login',
          settings,
          send: plainSend,
          request: async (call) => {
            const { expiresInSeconds, response } = await waitFor(login!(), call.signal);
            return { data: { expiresInSeconds }, response };
          },
          interpret: ({ data, response }) => ({ ok: true, data: data as LoginInfo, response }),
        },
        check,
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
          async request(call) {
            const token = await tokens.current(call.signal);
            // Nothing to revoke: send nothing.
            if (!token) return { response: new Response(null, { status: 204 }) };
            revoked = true;
            return raw.DELETE('/logout', { headers: { Authorization: `Bearer ${token}` }, ...call.requestOptions });
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
