import createClient, { type Client } from 'openapi-fetch';
import type { Call, Send } from '../core/call.js';
import type { AnyError } from '../core/errors.js';
import { httpError, InputCheck } from '../core/failures.js';
import { fail, guarded, rawFetch, runOperation, sendWithToken, unexpectedBody, type Reply } from '../core/operation.js';
import type { Result } from '../core/result.js';
import { normalizeSettings, type CallOptions, type CommonOptions } from '../core/settings.js';
import { checkBaseUrl, isHeaderSafe, isRecord, readInput } from '../core/validate.js';
import type { paths } from '../generated/dx.js';
import { dxHttpError, type DxUpdateUserAttributesError, type DxUser } from './errors.js';
import { checkAttributes, checkEmail, type DxAttributes } from './input.js';

/** DX cloud. Dedicated instances have their own base URL. */
export const DX_DEFAULT_BASE_URL = 'https://api.getdx.com';

/** Options of `createDxClient`. */
export interface DxClientOptions extends CommonOptions {
  /** A DX Web API token with the `users:write` scope. */
  token: string;
  /** Default `https://api.getdx.com`; set it for a dedicated instance. */
  baseUrl?: string;
}

/** Input of `updateUserAttributes`: the user, and the attributes to set or remove. */
export interface UpdateUserAttributesInput {
  /** Email address of the DX user. */
  email: string;
  /** Only these attributes change; `null` removes one; an unknown name creates it. */
  attributes: DxAttributes;
}

/** What a successful `updateUserAttributes` returns. */
export interface DxUpdateResult {
  /** The user with the attributes DX now has (removed ones are not listed). */
  readonly user: DxUser;
}

/** A DX Web API client for user attributes. Every method resolves to a `Result`; none throws. */
export interface DxClient {
  /**
   * Sets or removes attributes of one user (`users.attributes.update`). A reply whose `failures`
   * list is not empty resolves to a `partial_failure` error, never to success.
   */
  updateUserAttributes(
    input: UpdateUserAttributesInput,
    options?: CallOptions,
  ): Promise<Result<DxUpdateResult, DxUpdateUserAttributesError>>;
  /** The typed openapi-fetch client underneath, with auth, retries and the timeout applied. */
  readonly raw: Client<paths>;
}

const OPERATION = 'users.attributes.update';

/**
 * Creates a DX client. Throws a `TypeError` for options that cannot work (no usable token, a bad
 * `baseUrl`, timeout or retry settings); everything after that is reported in results.
 */
export function createDxClient(options: DxClientOptions): DxClient {
  const { token, baseUrl = DX_DEFAULT_BASE_URL } = options;
  const settings = normalizeSettings(Object(options), () => [token]);
  if (!isHeaderSafe(token)) throw new TypeError('token must be a non-empty string without spaces or line breaks');
  const send: Send = (attempt) => sendWithToken(settings, token, attempt);
  // A redirect could carry the token or body to another host: never follow one.
  const raw = createClient<paths>({ baseUrl: checkBaseUrl(baseUrl), redirect: 'manual', fetch: rawFetch(settings, send) });

  function interpret({ data, error, response }: Reply, call: Call): Result<DxUpdateResult, AnyError> {
    const body = response.ok ? data : error;
    // A failure unless the status is 2xx and `ok` is the boolean true.
    if (!response.ok || !isRecord(body) || body.ok !== true) return fail(dxHttpError(call, OPERATION, response, body));
    const user = body.user as DxUser;
    if (!isRecord(user) || !Array.isArray(user.attributes)) return fail(unexpectedBody(call, OPERATION, response));
    user.failures ??= [];
    const { failures } = user;
    if (!failures.length) return { ok: true, data: { user }, response };
    const partial = httpError(
      'partial_failure',
      call,
      OPERATION,
      response,
      undefined,
      `${failures.length} attribute(s) not applied`,
    );
    return fail(Object.assign(partial, { user, failures }));
  }

  return {
    raw,
    updateUserAttributes: guarded(OPERATION, (input, callOptions) => {
      const check = new InputCheck();
      const { email, attributes } = readInput(check, input);
      checkEmail(check, email);
      const body = { email: email as string, attributes: checkAttributes(check, attributes) };
      return runOperation(
        {
          name: OPERATION,
          settings,
          send,
          request: (call) => raw.POST('/users.attributes.update', { body, ...call.requestOptions }),
          interpret,
        },
        check,
        callOptions,
      );
    }),
  };
}
