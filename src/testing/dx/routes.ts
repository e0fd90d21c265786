import { FakeRequestError } from '../fake-error.js';
import type { DxOperation, Endpoint } from '../operations.js';
import { jsonReply, presentedToken, readJson } from '../replies.js';
import type { DxModel } from './model.js';
import { dxErrorReply, dxRateLimitedReply, updateSuccess } from './wire.js';

/**
 * Finds the DX endpoint for a request. `POST /users.attributes.update` checks the token, then the
 * rate limit (authenticated requests only), then the body. Anything else is `unknown_method`.
 */
export function dxEndpoint(model: DxModel, method: string, url: URL): Endpoint<DxOperation> {
  const known = method.toUpperCase() === 'POST' && url.pathname === '/users.attributes.update';
  return {
    operation: known ? 'users.attributes.update' : undefined,
    async respond(request) {
      if (!known) return jsonReply(404, { ok: false, error: 'unknown_method', message: `No method ${method} ${url.pathname}` });
      try {
        model.authenticate(presentedToken(request, ['bearer']));
        if (!model.rateWindow.admit()) return dxRateLimitedReply();
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
