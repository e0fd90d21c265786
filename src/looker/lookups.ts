// Exact lookups by email or name over Looker's LIKE-pattern searches, and paged lists of users and groups.
import type { AnyError } from '../core/failures.js';
import { checkCount, checkOptional, checkString, InputCheck, readInput } from '../core/input-checks.js';
import { paged, type Paged } from '../core/paging.js';
import { redact } from '../core/redaction.js';
import type { Result } from '../core/result.js';
import type { CallOptions, Settings } from '../core/options.js';
import { checkList } from './methods.js';
import type { LookerMethods } from './types.js';

/** Items per page a lookup or a list asks for by default. */
export const DEFAULT_PAGE_SIZE = 500;
const MAX_PAGE_SIZE = 1000;
// Offset paging over an unsorted list may skip or repeat items between pages: sort by id unless told otherwise.
const DEFAULT_SORTS = 'id';

type Query = Record<string, unknown>;
type PageMethod = (input: Query, options?: CallOptions) => Promise<Result<Query[], AnyError>>;

/** Every item of a limit/offset list, `pageSize` at a time; a short page is the last. */
function pages(operation: string, method: PageMethod, query: Query, pageSize: number, options?: CallOptions): Paged<Query, AnyError> {
  const fetchPage = async (index: number) => {
    const page = await method({ ...query, limit: pageSize, offset: index * pageSize }, options);
    return page.ok ? { ...page, data: { items: page.data, more: page.data.length === pageSize } } : page;
  };
  return paged(fetchPage, { operation, options });
}

/** The exact, case-insensitive match among `items`, or `no_match` (with the near matches) / `ambiguous` (with every match). */
function exactly(
  operation: string,
  query: string,
  items: readonly Query[],
  key: string,
  response: Response,
  pagesRead: number,
): Result<Query, AnyError> {
  const wanted = query.toLowerCase();
  const matches = items.filter((item) => typeof item[key] === 'string' && item[key].toLowerCase() === wanted);
  if (matches.length === 1) return { ok: true, data: matches[0]!, response };
  const kind = matches.length ? 'ambiguous' : 'no_match';
  const message = `${operation}: ${matches.length ? `${matches.length} exact matches` : 'no exact match'} for ${key} ${JSON.stringify(query)}`;
  const error = { kind, operation, attempts: pagesRead, message, query, candidates: matches.length ? matches : items };
  return { ok: false, error };
}

/**
 * Reads and checks a lookup's or a list's input once, as the other methods do: the fields, or the
 * `invalid_input` error (also when the input throws as it is read).
 */
function readChecked<F>(operation: string, settings: Settings, input: unknown, read: (check: InputCheck, fields: Query) => F) {
  const check = new InputCheck();
  let fields: F;
  try {
    fields = read(check, readInput(check, input));
  } catch {
    check.add('input', 'could not be read');
    fields = undefined as F;
  }
  const secrets = settings.secrets();
  const error = check.error(operation, secrets);
  return error ? ({ ok: false, error: redact(error, secrets) } as const) : ({ ok: true, fields } as const);
}

/** Checks the email or name a lookup compares on. */
function checkLookupValue(check: InputCheck, key: string, value: unknown): void {
  // Blank, a search filter matches nothing or everything depending on the Looker release.
  if (checkString(check, key, value) && !value.trim()) check.add(key, 'must not be blank');
}

// A user found by email always carries what it was compared on and what a caller must see.
const LOOKUP_USER_FIELDS = ['id', 'email', 'is_disabled', 'display_name', 'first_name', 'last_name', 'group_ids'];

/** What the lookups and lists need from the rest of the client. */
type Reads = Pick<LookerMethods, 'searchUsers' | 'searchGroups' | 'allUserAttributes' | 'allUsers' | 'allGroups' | 'allGroupUsers'>;

/** `findUserByEmail`, `findGroupByName`, `findUserAttributeByName`, `listUsers`, `listGroups` and `listGroupUsers`. */
export function lookerLookups(reads: Reads, settings: Settings) {
  const method = (m: unknown) => m as PageMethod;
  const withSecretsRemoved = (result: Result<Query, AnyError>) =>
    result.ok ? result : { ok: false as const, error: redact(result.error, settings.secrets()) };

  /**
   * Every page of `search` for `key`, then the one exact match among them. The value itself is the
   * pattern: its `%` and `_` can only widen the search, and the exact comparison filters what they
   * let in. A backslash (LIKE's escape character) is sent as `_`, which matches it.
   */
  const find =
    (operation: string, key: 'email' | 'name', search: PageMethod, defaultFields?: readonly string[]) =>
      async (input: unknown, options?: CallOptions): Promise<Result<Query, AnyError>> => {
        const read = readChecked(operation, settings, input, (check, fields) => {
          checkLookupValue(check, key, fields[key]);
          return { value: fields[key] as string, fields: checkList(check, 'fields', fields.fields) };
        });
        if (!read.ok) return read;
        const { value, fields } = read.fields;
        const sent = fields ? [...new Set(['id', key, ...(defaultFields ?? []), ...fields])] : defaultFields;
        const query = { [key]: value.replaceAll('\\', '_'), sorts: DEFAULT_SORTS, ...(sent && { fields: sent }) };
        let pagesRead = 0;
        const counted: PageMethod = (page, callOptions) => {
          pagesRead++;
          return search(page, callOptions);
        };
        const all = await pages(operation, counted, query, DEFAULT_PAGE_SIZE, options).all();
        return all.ok ? withSecretsRemoved(exactly(operation, value, all.data, key, all.response, pagesRead)) : all;
      };

  // `pathKey` names the path id every page takes (`groupId`); its page method checks it.
  const list =
    (operation: string, method: PageMethod, pathKey?: string) =>
      (input?: unknown, options?: CallOptions): Paged<Query, AnyError> => {
        const read = readChecked(operation, settings, input ?? {}, (check, { fields, sorts, pageSize, ...path }) => ({
          query: {
            ...(pathKey && { [pathKey]: path[pathKey] }),
            fields: checkList(check, 'fields', fields),
            sorts: checkOptional(check, 'sorts', sorts, 'string') ?? DEFAULT_SORTS,
          },
          pageSize: checkCount(check, 'pageSize', pageSize, 1, MAX_PAGE_SIZE) ?? DEFAULT_PAGE_SIZE,
        }));
        return read.ok ? pages(operation, method, read.fields.query, read.fields.pageSize, options) : paged(async () => read);
      };

  return {
    findUserByEmail: find('search_users', 'email', method(reads.searchUsers), LOOKUP_USER_FIELDS),
    findGroupByName: find('search_groups', 'name', method(reads.searchGroups)),
    async findUserAttributeByName(input: unknown, options?: CallOptions): Promise<Result<Query, AnyError>> {
      const read = readChecked('all_user_attributes', settings, input, (check, { name }) => {
        checkLookupValue(check, 'name', name);
        return name as string;
      });
      if (!read.ok) return read;
      // There is no search of attributes by name: one list of them all, every one a candidate.
      const all = await reads.allUserAttributes({}, options);
      return all.ok ? withSecretsRemoved(exactly('all_user_attributes', read.fields, all.data as Query[], 'name', all.response, 1)) : all;
    },
    listUsers: list('all_users', method(reads.allUsers)),
    listGroups: list('all_groups', method(reads.allGroups)),
    listGroupUsers: list('all_group_users', method(reads.allGroupUsers), 'groupId'),
  };
}
