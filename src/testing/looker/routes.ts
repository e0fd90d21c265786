import { FakeRequestError } from '../fake-error.js';
import type { Endpoint, LookerOperation } from '../operations.js';
import { emptyReply, jsonReply, presentedToken, readJson } from '../replies.js';
import { createRouteTable } from '../route-table.js';
import type { LookerModel } from './model.js';
import { accessToken, lookerErrorReply, userAttributeGroupValue, userAttributeWithValue } from './wire.js';

/** Everything a Looker endpoint needs to answer. */
interface LookerRequest {
  readonly request: Request;
  readonly url: URL;
  readonly params: Readonly<Record<string, string>>;
  readonly model: LookerModel;
  /** The bearer token, already checked (undefined only for `login`). */
  readonly token: string | undefined;
}

type Handler = (input: LookerRequest) => Response | Promise<Response>;

const findRoute = createRouteTable<LookerOperation, Handler>([
  { method: 'POST', template: '/api/4.0/login', operation: 'login', handler: login },
  { method: 'DELETE', template: '/api/4.0/logout', operation: 'logout', handler: logout },
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
    handler: ({ model, params }) => groupValuesReply(model, params.user_attribute_id!),
  },
  {
    method: 'POST',
    template: '/api/4.0/user_attributes/:user_attribute_id/group_values',
    operation: 'set_user_attribute_group_values',
    handler: setGroupValues,
  },
]);

/**
 * Finds the Looker endpoint for a request. Every endpoint but `login` needs a live token
 * (`Authorization: Bearer <token>`, or Looker's own `token <token>`); then unknown ids are 404s,
 * then the body is checked.
 */
export function lookerEndpoint(model: LookerModel, method: string, url: URL): Endpoint<LookerOperation> {
  const match = findRoute(method, url.pathname);
  return {
    operation: match?.route.operation,
    async respond(request) {
      if (!match) return lookerErrorReply(new FakeRequestError('not_found', 'Not found'), method, url.pathname);
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
  model.user(userId);
  const body = await readObjectBody(request);
  const resolved = model.setUserValue(userId, attribute.id, body.value);
  return jsonReply(200, userAttributeWithValue(attribute, userId, resolved));
}

function userValues({ model, params, url }: LookerRequest): Response {
  const userId = params.user_id!;
  model.user(userId);
  const wanted = url.searchParams
    .get('user_attribute_ids')
    ?.split(',')
    .map((id) => id.trim());
  const attributes = model.attributes().filter((a) => !wanted || wanted.includes(a.id));
  return jsonReply(
    200,
    attributes.map((a) => userAttributeWithValue(a, userId, model.resolve(userId, a.id))),
  );
}

async function updateGroupValue({ request, model, params }: LookerRequest): Promise<Response> {
  const attribute = model.attribute(params.user_attribute_id!);
  const groupId = model.group(params.group_id!).id;
  const body = await readObjectBody(request);
  return jsonReply(200, userAttributeGroupValue(attribute, model.updateGroupValue(groupId, attribute.id, body.value)));
}

async function setGroupValues({ request, model, params }: LookerRequest): Promise<Response> {
  const attributeId = params.user_attribute_id!;
  model.attribute(attributeId);
  const body = await readJson(request);
  if (!body.ok) throw new FakeRequestError('bad_request', 'Looker could not parse the JSON body');
  model.replaceGroupValues(attributeId, body.value);
  return groupValuesReply(model, attributeId);
}

function groupValuesReply(model: LookerModel, attributeId: string): Response {
  const attribute = model.attribute(attributeId);
  return jsonReply(
    200,
    model.groupValues(attributeId).map((gv) => userAttributeGroupValue(attribute, gv)),
  );
}

async function readObjectBody(request: Request): Promise<Record<string, unknown>> {
  const body = await readJson(request);
  if (!body.ok) throw new FakeRequestError('bad_request', 'Looker could not parse the JSON body');
  if (typeof body.value !== 'object' || body.value === null || Array.isArray(body.value)) {
    throw new FakeRequestError('validation', 'Validation Failed', [
      { field: 'body', code: 'invalid', message: 'must be a JSON object' },
    ]);
  }
  return body.value as Record<string, unknown>;
}
