// The fake Looker's read endpoints: users, groups, user attributes and attribute values, with
// Looker's searching (LIKE), sorting, paging and field selection.
import { likeMatcher, pageOf, readBoolean, readCommaList, selectFields, sortBySorts } from '../listing.js';
import { jsonReply } from '../replies.js';
import type { LookerRequest } from './handler.js';
import { lookerGroup, lookerUser, lookerUserAttribute, unsetUserAttributeValue, userAttributeGroupValue, userAttributeWithValue } from './wire.js';

/** Sorts, pages and selects fields of a list, in that order, as Looker does. */
function listReply<T extends object>(items: readonly T[], url: URL): Response {
  return jsonReply(200, selectFields(pageOf(sortBySorts(items, url), url), url));
}

/** `GET /users`: every user, or those named by `ids`. */
export function allUsers({ model, url }: LookerRequest): Response {
  const ids = readCommaList(url, 'ids');
  const users = model.directory.users().filter((u) => !ids || ids.includes(u.id));
  return listReply(users.map(lookerUser), url);
}

/** `GET /users/search`: users matching every given filter (`email` is a LIKE pattern). */
export function searchUsers({ model, url }: LookerRequest): Response {
  const email = url.searchParams.get('email');
  const matchesEmail = email === null ? () => true : likeMatcher(email);
  const isDisabled = readBoolean(url, 'is_disabled');
  const users = model.directory
    .users()
    .filter((u) => matchesEmail(u.email) && (isDisabled === undefined || u.isDisabled === isDisabled));
  return listReply(users.map(lookerUser), url);
}

/** `GET /groups`: every group, or those named by `ids`. */
export function allGroups({ model, url }: LookerRequest): Response {
  const ids = readCommaList(url, 'ids');
  const groups = model.directory.groups().filter((g) => !ids || ids.includes(g.id));
  return listReply(
    groups.map((g) => lookerGroup(g, model.directory.userCount(g.id))),
    url,
  );
}

/** `GET /groups/search`: groups whose name matches the `name` LIKE pattern. */
export function searchGroups({ model, url }: LookerRequest): Response {
  const name = url.searchParams.get('name');
  const matchesName = name === null ? () => true : likeMatcher(name);
  const groups = model.directory.groups().filter((g) => matchesName(g.name));
  return listReply(
    groups.map((g) => lookerGroup(g, model.directory.userCount(g.id))),
    url,
  );
}

/** `GET /groups/{group_id}/users`: the group's members, sorted, paged and with `fields` like every list. */
export function allGroupUsers({ model, params, url }: LookerRequest): Response {
  const { id } = model.directory.group(params.group_id!);
  const users = model.directory.users().filter((u) => u.groupIds.includes(id));
  return listReply(users.map(lookerUser), url);
}

/** `GET /user_attributes`: every definition (no paging, as in Looker). */
export function allUserAttributes({ model, url }: LookerRequest): Response {
  return jsonReply(200, selectFields(sortBySorts(model.attributes().map(lookerUserAttribute), url), url));
}

/**
 * `GET /users/{user_id}/attribute_values`: the winning value of each attribute, or with
 * `all_values=true` every value on the search path in precedence order. Attributes with no value
 * anywhere are left out, or with `include_unset=true` given an empty `No Value` record.
 * `user_attribute_ids` is a comma list; repeated, it is ignored and every attribute comes back.
 * The flags are on only when they are `true`.
 */
export function userValues({ model, params, url }: LookerRequest): Response {
  const userId = params.user_id!;
  model.directory.user(userId);
  const wanted = readCommaList(url, 'user_attribute_ids');
  // This operation declares no 400, so a flag is on only when it says `true`.
  const allValues = url.searchParams.get('all_values') === 'true';
  const includeUnset = url.searchParams.get('include_unset') === 'true';
  const records = model
    .attributes()
    .filter((a) => !wanted || wanted.includes(a.id))
    .flatMap((attribute) => {
      const path = model.searchPath(userId, attribute.id);
      const shown = allValues ? path : path.slice(0, 1);
      if (shown.length === 0) return includeUnset ? [unsetUserAttributeValue(attribute, userId)] : [];
      return shown.map((resolved) => userAttributeWithValue(attribute, userId, resolved, model.directory));
    });
  return jsonReply(200, selectFields(records, url));
}

/** `GET` (and the reply of `POST`) `/user_attributes/{user_attribute_id}/group_values`, in rank order. */
export function groupValuesReply({ model, params, url }: Pick<LookerRequest, 'model' | 'params' | 'url'>): Response {
  const attribute = model.attribute(params.user_attribute_id!);
  const values = model.groupValues(attribute.id).map((gv) => userAttributeGroupValue(attribute, gv));
  return jsonReply(200, selectFields(values, url));
}
