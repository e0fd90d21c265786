// DX's `users.list`: the listed users, one page at a time.
import { FakeRequestError } from '../fake-error.js';
import type { DxModel } from './model.js';
import type { UsersListReply } from './wire.js';
import { listedUser } from './wire.js';

/** DX's largest (and default) page. */
const MAX_PAGE_SIZE = 100;

/**
 * One page of the users DX lists (see `FakeDxUserSeed.listed`). `page` counts from 1; a page past
 * the end is empty. `page_size` is 1 to 100; anything else is DX's `invalid_arguments` reply.
 */
export function usersList(model: DxModel, url: URL): UsersListReply {
  const page = readPositiveInteger(url, 'page', 1, Infinity);
  const pageSize = readPositiveInteger(url, 'page_size', MAX_PAGE_SIZE, MAX_PAGE_SIZE);
  const listed = model.listedUsers();
  const totalPages = Math.ceil(listed.length / pageSize);
  const users = listed.slice((page - 1) * pageSize, page * pageSize);
  return {
    ok: true,
    users: users.map(listedUser),
    next_page: page < totalPages ? page + 1 : null,
    total: listed.length,
    total_pages: totalPages,
  };
}

function readPositiveInteger(url: URL, name: string, fallback: number, max: number): number {
  const given = url.searchParams.get(name);
  if (given === null || given === '') return fallback;
  const value = Number(given);
  if (/^\d+$/.test(given) && Number.isSafeInteger(value) && value >= 1 && value <= max) return value;
  const range = max === Infinity ? 'an integer of at least 1' : `an integer from 1 to ${max}`;
  const message = `${name} must be ${range}`;
  throw new FakeRequestError('validation', message, [{ field: name, code: 'invalid', message }], 'invalid_arguments');
}
