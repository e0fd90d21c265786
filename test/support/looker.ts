// Looker fixtures for the msw tests: the instance URL, an API key, a counting login handler, error and value replies.
import { http, HttpResponse } from 'msw';

export const LOOKER = 'https://acme.looker.test';
export const API = `${LOOKER}/api/4.0`;
export const CLIENT_ID = 'client-id-123';
export const CLIENT_SECRET = 'sUpEr-SeCrEt-xyz';

export const USER_VALUE_URL = `${API}/users/:userId/attribute_values/:attributeId`;
export const GROUP_VALUE_URL = `${API}/groups/:groupId/attribute_values/:attributeId`;
export const GROUP_VALUES_URL = `${API}/user_attributes/:attributeId/group_values`;

/** A login endpoint that issues token-1, token-2 … and counts logins. */
export function loginHandler(options: { expiresIn?: number } = {}) {
  const state = { logins: 0, bodies: [] as string[], urls: [] as string[] };
  const handler = http.post(`${API}/login`, async ({ request }) => {
    state.logins++;
    state.urls.push(request.url);
    state.bodies.push(await request.text());
    return HttpResponse.json({
      access_token: `token-${state.logins}`,
      token_type: 'Bearer',
      expires_in: options.expiresIn ?? 3600,
      refresh_token: null,
    });
  });
  return { handler, state };
}

export function lookerError(status: number, message = 'Not found') {
  return HttpResponse.json({ message, documentation_url: 'https://docs.looker.com' }, { status });
}

export function userValue(value: string | null, source = 'user') {
  return {
    name: 'region',
    label: 'Region',
    rank: 0,
    value,
    user_id: '42',
    user_can_edit: true,
    value_is_hidden: false,
    user_attribute_id: '7',
    source,
    hidden_value_domain_whitelist: null,
  };
}

/** Records every request msw sees for the test. */
export function recordRequests(server: {
  events: { on(event: 'request:start', listener: (e: { request: Request }) => void): void; removeAllListeners(): void };
}) {
  const seen: { method: string; url: string }[] = [];
  server.events.on('request:start', ({ request }) => seen.push({ method: request.method, url: request.url }));
  return seen;
}
