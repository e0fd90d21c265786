import type { Client } from 'openapi-fetch';
import { outgoing, type Call, type Send } from '../core/call.js';
import type { AnyError } from '../core/errors.js';
import { httpError } from '../core/failures.js';
import { exchange, fail, runOperation, sendWithToken, unexpectedBody, type Reply } from '../core/operation.js';
import { createRawClient, withRawParts } from '../core/raw.js';
import type { Result } from '../core/result.js';
import { normalizeSettings, type CallOptions, type CommonOptions } from '../core/settings.js';
import { checkBaseUrl, isHeaderSafe, isRecord, readInput } from '../core/validate.js';
import type { components, paths } from '../generated/dx.js';
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
}

const OPERATION = 'users.attributes.update';

type UpdateBody = components['schemas']['UsersAttributesUpdateRequest'];

/**
 * Creates a DX client. Throws a `TypeError` for options that cannot work (no usable token, a bad
 * `baseUrl`, timeout or retry settings); everything after that is reported in results.
 */
export function createDxClient(options: DxClientOptions): DxClient {
  const { token, baseUrl = DX_DEFAULT_BASE_URL } = options;
  const settings = normalizeSettings(Object(options), () => [token]);
  if (!isHeaderSafe(token)) throw new TypeError('token must be a non-empty string without spaces or line breaks');
  const send: Send = (attempt) => sendWithToken(settings, token, attempt);
  const root = checkBaseUrl(baseUrl);
  const url = `${root}/users.attributes.update`;

  function interpret({ body, response }: Reply, call: Call): Result<DxUpdateResult, AnyError> {
    // A failure unless the status is 2xx and `ok` is the boolean true.
    if (!response.ok || !isRecord(body) || body.ok !== true) return fail(dxHttpError(call, response, body));
    const user = body.user as DxUser;
    if (!isRecord(user) || !Array.isArray(user.attributes)) return fail(unexpectedBody(call, response));
    user.failures ??= [];
    const { failures } = user;
    if (!failures.length) return { ok: true, data: { user }, response };
    const partial = httpError('partial_failure', call, response, undefined, `${failures.length} attribute(s) not applied`);
    return fail(Object.assign(partial, { user, failures }));
  }

  const client: DxClient = {
    updateUserAttributes: (input, callOptions) =>
      runOperation(
        {
          name: OPERATION,
          settings,
          send,
          prepare(check) {
            const { email, attributes } = readInput(check, input);
            checkEmail(check, email);
            const body: UpdateBody = { email: email as string, attributes: checkAttributes(check, attributes) };
            const request = outgoing('POST', url, {}, JSON.stringify(body));
            return (call) => exchange(call, request);
          },
          interpret,
        },
        callOptions,
      ),
  };
  return withRawParts(client, { baseUrl: root, settings, send });
}

/**
 * The typed openapi-fetch client for DX calls this SDK does not wrap, sending through `client`: its
 * token, retries and timeout, never following a redirect. It loads openapi-fetch when first called,
 * so apps that never call it neither load nor bundle it. Rejects with a TypeError for anything but
 * a client made by `createDxClient`.
 */
export function createDxRawClient(client: DxClient): Promise<Client<paths>> {
  return createRawClient<paths>(client);
}
