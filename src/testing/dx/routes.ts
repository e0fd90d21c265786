// The fake DX's endpoints: token check, then the shared rate window, then the method itself.
import { FakeRequestError } from '../fake-error.js';
import type { DxOperation, Endpoint } from '../operations.js';
import { jsonReply, presentedToken, readJson } from '../replies.js';
import { usersList } from './list.js';
import type { DxModel } from './model.js';
import { dxErrorReply, dxRateLimitedReply, updateSuccess } from './wire.js';

const ROUTES: readonly { method: string; path: string; operation: DxOperation }[] = [
  { method: 'GET', path: '/users.list', operation: 'users.list' },
  { method: 'POST', path: '/users.attributes.update', operation: 'users.attributes.update' },
];

/**
 * Finds the DX endpoint for a request. Each checks the token, then the rate limit (authenticated
 * requests only, every method sharing one window), then its input. Anything else is `unknown_method`.
 */
export function dxEndpoint(model: DxModel, method: string, url: URL): Endpoint<DxOperation> {
  const operation = ROUTES.find((r) => r.method === method.toUpperCase() && r.path === url.pathname)?.operation;
  return {
    operation,
    async respond(request) {
      if (!operation) return jsonReply(404, { ok: false, error: 'unknown_method', message: `No method ${method} ${url.pathname}` });
      try {
        model.authenticate(presentedToken(request, ['bearer']));
        if (!model.rateWindow.admit()) {
          const seconds = Math.max(1, Math.ceil(model.rateWindow.msUntilFree() / 1000));
          return dxRateLimitedReply(model.sendsRetryAfter ? { 'retry-after': String(seconds) } : {});
        }
        if (operation === 'users.list') return jsonReply(200, usersList(model, url));
        const body = await readJson(request);
        if (!body.ok) throw new FakeRequestError('bad_request', 'The body is not valid JSON');
        const { email, attributes } = (typeof body.value === 'object' && body.value !== null ? body.value : {}) as Record<
          string,
          unknown
        >;
        return jsonReply(200, updateSuccess(model.update(email, attributes)));
      } catch (error) {
        if (error instanceof FakeRequestError) return dxErrorReply(error);
        throw error;
      }
    },
  };
}
