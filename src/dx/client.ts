// createDxClient: one openapi-fetch client over the DX spec, sending with the client's token.
import createClient, { type Client } from 'openapi-fetch';
import type { Auth, Call } from '../core/call.js';
import { fail, unexpectedBody, type AnyError } from '../core/failures.js';
import { checkCount, InputCheck, isHeaderSafe, isRecord, readInput } from '../core/input-checks.js';
import { runOperation, type Reply } from '../core/operation.js';
import { paged, type Paged } from '../core/paging.js';
import { redact } from '../core/redaction.js';
import { arrayOf, shapeProblem } from '../core/reply-checks.js';
import type { Result } from '../core/result.js';
import { checkBaseUrl } from '../core/base-url.js';
import { normalizeSettings } from '../core/normalize-settings.js';
import { type CallOptions, type CommonOptions } from '../core/options.js';
import { refuseOption } from '../core/refuse-option.js';
import { rawFetch } from '../core/transport.js';
import type { components, paths } from '../generated/dx.js';
import { dxHttpError, partialFailure, type DxListUsersError, type DxUpdateUserAttributesError, type DxUser } from './errors.js';
import { checkAttributes, checkEmail, type DxAttributes } from './input.js';
import { DX_RATE_LIMIT } from './rate-limit.js';

/** DX cloud. Dedicated instances have their own base URL. */
export const DX_DEFAULT_BASE_URL = 'https://api.getdx.com';

/** Options of `createDxClient`. */
export interface DxClientOptions extends CommonOptions {
  /** A DX Web API token with the `users:write` scope (and `users:read` to list users). */
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

/** A user as `users.list` lists them, with the attributes DX holds. */
export type DxListedUser = components['schemas']['ListedUser'];

/** Input of `listUsersPage`. */
export interface DxListUsersPageInput {
  /** Page number from 1. Default 1. */
  page?: number;
  /** Users per page, 1 to 100. Default 100. */
  pageSize?: number;
}

/** One page of `users.list`. */
export interface DxUsersPage {
  readonly users: DxListedUser[];
  /** The next page's number; null on the last page. */
  readonly nextPage: number | null;
  readonly total: number;
  readonly totalPages: number;
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
  /**
   * One page of users (`users.list`). DX lists only users with at least one role, non-default
   * property, team, group or entity: a user missing from it may still exist.
   */
  listUsersPage(input?: DxListUsersPageInput, options?: CallOptions): Promise<Result<DxUsersPage, DxListUsersError>>;
  /** Every listed user, one page at a time as you iterate. */
  listUsers(input?: { pageSize?: number }, options?: CallOptions): Paged<DxListedUser, DxListUsersError>;
  /** The typed openapi-fetch client every method sends through: the same token, retries, timeout and body cap. */
  readonly raw: Client<paths>;
  /** The URL every call goes to (e.g. `https://api.getdx.com`). Never a secret; the sync records it in its plans. */
  readonly baseUrl: string;
}

const WHO = 'createDxClient';
// DX's default and largest page.
const MAX_PAGE_SIZE = 100;
const LISTED_USER = { email: 'string', attributes: 'array?', name: 'string?', deleted_at: 'string?' } as const;
const LISTED_ATTRIBUTE = { name: 'string', value: 'string?' } as const;

/** The first listed attribute that is not `{ name, value }` with a string name and a string or null value. */
const attributesProblem = (users: readonly { attributes?: unknown }[]) =>
  users
    .map(({ attributes }, i) => (Array.isArray(attributes) ? arrayOf(LISTED_ATTRIBUTE)(attributes)?.replace(/^body/, `users[${i}].attributes`) : undefined))
    .find(Boolean);

/** Checks `page` and `pageSize` of a listing; the query DX takes. */
function listQuery(check: InputCheck, input: unknown) {
  const { page, pageSize } = readInput(check, input);
  return { page: checkCount(check, 'page', page, 1), page_size: checkCount(check, 'pageSize', pageSize, 1, MAX_PAGE_SIZE) };
}
const ATTRIBUTE_READ = { name: 'string', value: 'string?', updated: 'boolean?' } as const;

/** A DX reply's failure, or undefined when the status is 2xx and `ok` is the boolean true. */
const failure = (call: Call, { body, response }: Reply) =>
  !response.ok || !isRecord(body) || body.ok !== true ? fail<never>(dxHttpError(call, response, body)) : undefined;

/**
 * Creates a DX client. Throws a `TypeError` naming the option for options that cannot work (no
 * usable token, a bad `baseUrl`, timeout, retry or runtime settings); everything after that is
 * reported in results.
 */
export function createDxClient(options: DxClientOptions): DxClient {
  if (!isRecord(options)) throw new TypeError(`${WHO}: options must be an object`);
  const { token, baseUrl = DX_DEFAULT_BASE_URL } = options;
  const settings = normalizeSettings(WHO, options, () => [token], DX_RATE_LIMIT);
  if (!isHeaderSafe(token)) refuseOption(WHO, 'token', 'must be a non-empty string of visible ASCII (no spaces or line breaks)');
  const auth: Auth = { token: async () => token, refused: () => false };
  const url = checkBaseUrl(WHO, baseUrl, options.allowInsecureHttp);
  const api = createClient<paths>({ baseUrl: url, redirect: 'manual', fetch: rawFetch(settings, auth) });

  const listUsersPage: DxClient['listUsersPage'] = (input, callOptions) => {
    let asked = 1;
    return runOperation<DxUsersPage, DxListUsersError>(
      {
        name: 'users.list',
        settings,
        auth,
        prepare(check) {
          const query = listQuery(check, input ?? {});
          asked = query.page ?? 1;
          return (via) => api.GET('/users.list', { params: { query }, ...via });
        },
        interpret(reply, call): Result<DxUsersPage, AnyError> {
          const failed = failure(call, reply);
          if (failed) return failed;
          const body = reply.body as Record<string, unknown>;
          const problem =
            arrayOf(LISTED_USER)(body.users)?.replace(/^body/, 'users') ??
            attributesProblem(body.users as { attributes?: unknown }[]) ??
            shapeProblem(body, { next_page: 'integer?', total: 'integer?', total_pages: 'integer?' }, 'body') ??
            // A next page that does not come later would make a listing loop forever.
            (typeof body.next_page === 'number' && body.next_page <= asked ? `next_page ${body.next_page} does not follow page ${asked}` : undefined);
          if (problem) return fail(unexpectedBody(call, reply.response, problem));
          const { users, next_page: nextPage, total, total_pages: totalPages } = body as components['schemas']['UsersListSuccess'];
          // A user listed without attributes has none that DX knows of.
          const listed = users.map((user) => (Array.isArray(user.attributes) ? user : { ...user, attributes: [] }));
          const data = { users: listed, nextPage: nextPage ?? null, total: total ?? users.length, totalPages: totalPages ?? 1 };
          return { ok: true, data, response: reply.response };
        },
      },
      callOptions,
    );
  };

  return {
    raw: api,
    baseUrl: url,
    listUsersPage,
    listUsers(input, callOptions) {
      const check = new InputCheck();
      let pageSize: number | undefined;
      try {
        pageSize = checkCount(check, 'pageSize', readInput(check, input ?? {}).pageSize, 1, MAX_PAGE_SIZE);
      } catch {
        check.add('input', 'could not be read');
      }
      const secrets = settings.secrets();
      const refused = check.error('users.list', secrets);
      if (refused) return paged(async () => fail<DxListUsersError>(redact(refused, secrets)));
      // The page each index reads: 1, then each page's next_page, so the listing goes where DX says.
      const pages = [1];
      const fetchPage = async (index: number) => {
        const result = await listUsersPage({ page: pages[index], pageSize: pageSize ?? MAX_PAGE_SIZE }, callOptions);
        if (!result.ok) return result;
        const { users, nextPage } = result.data;
        if (nextPage !== null) pages[index + 1] = nextPage;
        return { ...result, data: { items: users, more: nextPage !== null } };
      };
      return paged(fetchPage, { operation: 'users.list', options: callOptions });
    },
    updateUserAttributes: (input, callOptions) =>
      runOperation(
        {
          name: 'users.attributes.update',
          settings,
          auth,
          prepare(check) {
            const { email, attributes } = readInput(check, input);
            checkEmail(check, email);
            const body = { email: email as string, attributes: checkAttributes(check, attributes) };
            return (via) => api.POST('/users.attributes.update', { body, ...via });
          },
          interpret(reply, call): Result<DxUpdateResult, AnyError> {
            const failed = failure(call, reply);
            if (failed) return failed;
            const { body, response } = reply;
            const user = (body as Record<string, unknown>).user;
            // `failures` left out or null means none; any other type is not a list of failures (a
            // string must not be counted per character, an object must not pass as none).
            const problem =
              shapeProblem(user, { email: 'string', attributes: 'array', failures: 'array?' }, 'user') ??
              arrayOf(ATTRIBUTE_READ)((user as DxUser).attributes)?.replace(/^body/, 'user.attributes');
            if (problem) return fail(unexpectedBody(call, response, problem));
            const updated = user as DxUser;
            const failures = (updated.failures ??= []);
            return failures.length ? fail(partialFailure(call, response, body, updated, failures)) : { ok: true, data: { user: updated }, response };
          },
        },
        callOptions,
      ),
  };
}
