import createClient, { type Client } from 'openapi-fetch';
import { Call, type Send } from '../core/call.js';
import type { AnyError } from '../core/errors.js';
import { httpError, InputCheck } from '../core/failures.js';
import { fail, runOperation, unexpectedBody, type Reply } from '../core/operation.js';
import { checkBaseUrl } from '../core/options.js';
import type { Result } from '../core/result.js';
import { normalizeSettings, type CallOptions, type CommonOptions } from '../core/settings.js';
import { isHeaderSafe, isRecord, readInput } from '../core/validate.js';
import type { paths } from '../generated/dx.js';
import { dxHttpError, type DxUpdateUserAttributesError, type DxUser } from './errors.js';
import { checkAttributes, checkEmail, type DxAttributes } from './input.js';

/** DX cloud. Dedicated instances have their own base URL. */
export const DX_DEFAULT_BASE_URL = 'https://api.getdx.com';

export interface DxClientOptions extends CommonOptions {
  /** A DX Web API token with the `users:write` scope. */
  token: string;
  /** Default `https://api.getdx.com`; set it for a dedicated instance. */
  baseUrl?: string;
}

export interface UpdateUserAttributesInput {
  /** Email address of the DX user. */
  email: string;
  /** Only these attributes change; `null` removes one; an unknown name creates it. */
  attributes: DxAttributes;
}

export interface DxUpdateResult {
  /** The user with the attributes DX now has (removed ones are not listed). */
  readonly user: DxUser;
}

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

export function createDxClient(options: DxClientOptions): DxClient {
  if (!isRecord(options)) throw new TypeError('createDxClient needs an options object');
  const settings = normalizeSettings(options);
  const baseUrl = checkBaseUrl(options.baseUrl ?? DX_DEFAULT_BASE_URL);
  if (!isHeaderSafe(options.token)) throw new TypeError('token must be a non-empty string without spaces or line breaks');
  const authorization = `Bearer ${options.token}`;

  const send: Send = (request) => {
    const authed = request.clone();
    authed.headers.set('Authorization', authorization);
    return settings.fetch(authed);
  };

  const raw = createClient<paths>({
    baseUrl,
    // A redirect could carry the token or body to another host: never follow one.
    redirect: 'manual',
    fetch: async (request) => {
      const call = new Call('request', settings, send);
      try {
        return await call.fetch(request);
      } finally {
        call.dispose();
      }
    },
  });

  function interpret({ data, error, response }: Reply, call: Call): Result<DxUpdateResult, AnyError> {
    const body = response.ok ? data : error;
    if (!response.ok || !isRecord(body) || body.ok !== true) return fail(dxHttpError(call, OPERATION, response, body));
    const { user } = body;
    if (!isRecord(user) || !Array.isArray(user.attributes)) return fail(unexpectedBody(call, OPERATION, response));
    const failures: unknown[] = Array.isArray(user.failures) ? user.failures : [];
    const dxUser = { ...user, failures } as DxUser;
    if (failures.length === 0) return { ok: true, data: { user: dxUser }, response };
    const partial = httpError('partial_failure', call, OPERATION, response, undefined, `${failures.length} attribute(s) not applied`);
    return fail(Object.assign(partial, { user: dxUser, failures }));
  }

  return {
    raw,
    updateUserAttributes(input, callOptions) {
      const check = new InputCheck();
      const fields = readInput(check, input);
      checkEmail(check, fields.email);
      const attributes = checkAttributes(check, fields.attributes);
      return runOperation(
        {
          name: OPERATION,
          settings,
          send,
          request: (call) =>
            raw.POST('/users.attributes.update', {
              body: { email: fields.email as string, attributes },
              fetch: call.fetch,
              signal: call.signal,
            }),
          interpret,
        },
        check,
        callOptions,
      );
    },
  };
}
