// DX fixtures for the msw tests: the cloud URL, a token, a user reply, an update handler that records bodies.
import { http, HttpResponse } from 'msw';

export const DX = 'https://api.getdx.com';
export const DX_TOKEN = 'dx-ToKeN-987';
export const UPDATE_URL = `${DX}/users.attributes.update`;

export function dxUser(attributes: { name: string; value: string | null }[], failures: unknown[] = []) {
  return {
    ok: true,
    user: { id: 'u1', email: 'jo@acme.com', failures, attributes: attributes.map((a) => ({ ...a, updated: true })) },
  };
}

/** The update endpoint replying with `reply`, recording request bodies. */
export function updateHandler(reply: (body: unknown) => Response) {
  const bodies: unknown[] = [];
  const authorizations: (string | null)[] = [];
  const handler = http.post(UPDATE_URL, async ({ request }) => {
    authorizations.push(request.headers.get('authorization'));
    const body = await request.json();
    bodies.push(body);
    return reply(body);
  });
  return { handler, bodies, authorizations };
}

export const dxError = (error: string, status = 200, extra: object = {}) =>
  HttpResponse.json({ ok: false, error, ...extra }, { status });
