// The fake Looker's route table, its authentication and rate limit, and the write endpoints.
import { FakeRequestError } from '../fake-error.js';
import type { Endpoint, LookerOperation } from '../operations.js';
import { emptyReply, jsonReply, presentedToken, readJson } from '../replies.js';
import { createRouteTable } from '../route-table.js';
import { createUserAttribute, deleteUserAttribute, identityProviderConfig, updateUserAttribute, userAttribute } from './admin-routes.js';
import { readObjectBody, type LookerHandler, type LookerRequest } from './handler.js';
import type { LookerModel } from './model.js';
import { allGroups, allGroupUsers, allUserAttributes, allUsers, groupValuesReply, searchGroups, searchUsers, userValues } from './read-routes.js';
import { accessToken, lookerErrorReply, lookerRateLimitedReply, userAttributeGroupValue, userAttributeWithValue } from './wire.js';

const findRoute = createRouteTable<LookerOperation, LookerHandler>([
  { method: 'POST', template: '/api/4.0/login', operation: 'login', handler: login },
  { method: 'DELETE', template: '/api/4.0/logout', operation: 'logout', handler: logout },
  { method: 'GET', template: '/api/4.0/users', operation: 'all_users', handler: allUsers },
  { method: 'GET', template: '/api/4.0/users/search', operation: 'search_users', handler: searchUsers },
  { method: 'GET', template: '/api/4.0/groups', operation: 'all_groups', handler: allGroups },
  { method: 'GET', template: '/api/4.0/groups/search', operation: 'search_groups', handler: searchGroups },
  { method: 'GET', template: '/api/4.0/user_attributes', operation: 'all_user_attributes', handler: allUserAttributes },
  {
    method: 'PATCH',
    template: '/api/4.0/users/:user_id/attribute_values/:user_attribute_id',
    operation: 'set_user_attribute_user_value',
    handler: setUserValue,
  },
  {
    method: 'DELETE',
    template: '/api/4.0/users/:user_id/attribute_values/:user_attribute_id',
    operation: 'delete_user_attribute_user_value',
    handler: ({ model, params }) => {
      model.deleteUserValue(params.user_id!, params.user_attribute_id!);
      return emptyReply();
    },
  },
  {
    method: 'GET',
    template: '/api/4.0/users/:user_id/attribute_values',
    operation: 'user_attribute_user_values',
    handler: userValues,
  },
  {
    method: 'PATCH',
    template: '/api/4.0/groups/:group_id/attribute_values/:user_attribute_id',
    operation: 'update_user_attribute_group_value',
    handler: updateGroupValue,
  },
  {
    method: 'DELETE',
    template: '/api/4.0/groups/:group_id/attribute_values/:user_attribute_id',
    operation: 'delete_user_attribute_group_value',
    handler: ({ model, params }) => {
      model.deleteGroupValue(params.group_id!, params.user_attribute_id!);
      return emptyReply();
    },
  },
  {
    method: 'GET',
    template: '/api/4.0/user_attributes/:user_attribute_id/group_values',
    operation: 'all_user_attribute_group_values',
    handler: groupValuesReply,
  },
  {
    method: 'POST',
    template: '/api/4.0/user_attributes/:user_attribute_id/group_values',
    operation: 'set_user_attribute_group_values',
    handler: setGroupValues,
  },
  { method: 'POST', template: '/api/4.0/user_attributes', operation: 'create_user_attribute', handler: createUserAttribute },
  { method: 'GET', template: '/api/4.0/user_attributes/:user_attribute_id', operation: 'user_attribute', handler: userAttribute },
  { method: 'PATCH', template: '/api/4.0/user_attributes/:user_attribute_id', operation: 'update_user_attribute', handler: updateUserAttribute },
  { method: 'DELETE', template: '/api/4.0/user_attributes/:user_attribute_id', operation: 'delete_user_attribute', handler: deleteUserAttribute },
  { method: 'GET', template: '/api/4.0/groups/:group_id/users', operation: 'all_group_users', handler: allGroupUsers },
  { method: 'GET', template: '/api/4.0/saml_config', operation: 'saml_config', handler: identityProviderConfig('saml') },
  { method: 'GET', template: '/api/4.0/oidc_config', operation: 'oidc_config', handler: identityProviderConfig('oidc') },
  { method: 'GET', template: '/api/4.0/ldap_config', operation: 'ldap_config', handler: identityProviderConfig('ldap') },
]);

/**
 * Finds the Looker endpoint for a request. With `requestsPerSecond`, a request over the limit is
 * a 429 first. Every endpoint but `login` needs a live token (`Authorization: Bearer <token>`, or
 * Looker's own `token <token>`); then unknown ids are 404s, then the query and body are checked.
 */
export function lookerEndpoint(model: LookerModel, method: string, url: URL): Endpoint<LookerOperation> {
  const match = findRoute(method, url.pathname);
  return {
    operation: match?.route.operation,
    async respond(request) {
      if (!match) return lookerErrorReply(new FakeRequestError('not_found', 'Not found'), method, url.pathname);
      if (model.rateWindow && !model.rateWindow.admit()) {
        const seconds = Math.max(1, Math.ceil(model.rateWindow.msUntilFree() / 1000));
        return lookerRateLimitedReply(method, match.route.template, model.sendsRetryAfter ? { 'retry-after': String(seconds) } : {});
      }
      try {
        let token: string | undefined;
        if (match.route.operation !== 'login') {
          const presented = presentedToken(request, ['bearer', 'token']);
          token = presented.status === 'present' ? presented.token : undefined;
          model.sessions.authenticate(token);
        }
        return await match.route.handler({ request, url, params: match.params, model, token });
      } catch (error) {
        if (error instanceof FakeRequestError) return lookerErrorReply(error, method, match.route.template);
        throw error;
      }
    },
  };
}

async function login({ request, model }: LookerRequest): Promise<Response> {
  // Looker takes the credentials as a form body; a JSON body or query string carries none.
  const isForm = request.headers.get('content-type')?.startsWith('application/x-www-form-urlencoded') ?? false;
  const form = new URLSearchParams(isForm ? await request.text() : '');
  const session = model.sessions.login(form.get('client_id'), form.get('client_secret'));
  return jsonReply(200, accessToken(session.accessToken, session.expiresInSeconds));
}

function logout({ model, token }: LookerRequest): Response {
  model.sessions.revoke(token!);
  return emptyReply();
}

async function setUserValue({ request, model, params }: LookerRequest): Promise<Response> {
  const userId = params.user_id!;
  const attribute = model.attribute(params.user_attribute_id!);
  model.directory.user(userId);
  const body = await readObjectBody(request);
  const resolved = model.setUserValue(userId, attribute.id, body.value);
  return jsonReply(200, userAttributeWithValue(attribute, userId, resolved, model.directory));
}

async function updateGroupValue({ request, model, params }: LookerRequest): Promise<Response> {
  const attribute = model.attribute(params.user_attribute_id!);
  const groupId = model.directory.group(params.group_id!).id;
  const body = await readObjectBody(request);
  return jsonReply(200, userAttributeGroupValue(attribute, model.updateGroupValue(groupId, attribute.id, body.value)));
}

async function setGroupValues({ request, model, params, url }: LookerRequest): Promise<Response> {
  const attributeId = params.user_attribute_id!;
  model.attribute(attributeId);
  const body = await readJson(request);
  if (!body.ok) throw new FakeRequestError('bad_request', 'Looker could not parse the JSON body');
  model.replaceGroupValues(attributeId, body.value);
  return groupValuesReply({ model, params, url });
}
